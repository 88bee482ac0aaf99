"""Factories for banners."""

import factory

from pydotorg.domains.banners.models import Banner, BannerTarget, BannerType
from tests.factories.base import ModelFactory


class BannerFactory(ModelFactory):
    class Meta:
        model = Banner

    title = factory.Sequence(lambda n: f"Banner {n}")
    message = factory.Sequence(lambda n: f"Announcement number {n}.")
    link = ""
    banner_type = BannerType.INFO
    target = BannerTarget.FRONTEND
    is_active = True
    is_sitewide = True
    path_prefix = ""
    start_date = None
    end_date = None
