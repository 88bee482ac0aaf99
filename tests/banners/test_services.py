"""Which banners show now: activity, dates, target, page scope and order."""

from datetime import date, timedelta

import pytest

from pydotorg.core.permissions import PermissionDenied
from pydotorg.domains.banners.models import Banner, BannerTarget, BannerType
from pydotorg.domains.banners.services import BannerError, BannerService
from pydotorg.extensions import db
from tests.factories.banners import BannerFactory

TODAY = date(2025, 6, 15)
DAY = timedelta(days=1)


def shown(path="/", target=BannerTarget.FRONTEND, today=TODAY):
    banners = BannerService(db.session).active_banners(target, today, path)
    return [b.title for b in banners]


def test_an_active_open_ended_sitewide_banner_shows_everywhere(session):
    BannerFactory(title="Hello")
    assert shown("/") == ["Hello"]
    assert shown("/psf/about/") == ["Hello"]
    assert shown(None) == ["Hello"]


def test_inactive_banners_never_show(session):
    BannerFactory(title="Off", is_active=False)
    assert shown() == []


@pytest.mark.parametrize(
    ("start", "end", "visible"),
    [
        (TODAY, None, True),  # starts today
        (TODAY + DAY, None, False),  # starts tomorrow
        (None, TODAY, True),  # ends today (inclusive)
        (None, TODAY - DAY, False),  # ended yesterday
        (TODAY - DAY, TODAY + DAY, True),
        (TODAY, TODAY, True),  # a one-day banner on its day
        (TODAY + DAY, TODAY + 2 * DAY, False),
        (TODAY - 2 * DAY, TODAY - DAY, False),
    ],
)
def test_scheduling_edges(session, start, end, visible):
    BannerFactory(title="Scheduled", start_date=start, end_date=end)
    assert shown() == (["Scheduled"] if visible else [])


def test_target_separates_frontend_and_api_banners(session):
    BannerFactory(title="Site")
    BannerFactory(title="Api", target=BannerTarget.API)
    assert shown() == ["Site"]
    assert shown(target=BannerTarget.API) == ["Api"]


def test_scoped_banners_show_only_under_their_prefix(session):
    BannerFactory(title="PSF", is_sitewide=False, path_prefix="/psf/")
    assert shown("/psf/") == ["PSF"]
    assert shown("/psf") == ["PSF"]
    assert shown("/psf/records/board/minutes/") == ["PSF"]
    assert shown("/") == []
    assert shown("/psfoo/") == []
    assert shown(None) == []


def test_underscores_in_a_prefix_are_not_wildcards(session):
    BannerFactory(title="Exact", is_sitewide=False, path_prefix="/a_b/")
    assert shown("/a_b/page/") == ["Exact"]
    assert shown("/axb/page/") == []


def test_most_urgent_first_then_the_latest_start(session):
    BannerFactory(title="info", banner_type=BannerType.INFO)
    BannerFactory(title="error", banner_type=BannerType.ERROR)
    BannerFactory(
        title="warning old", banner_type=BannerType.WARNING, start_date=TODAY - 9 * DAY
    )
    BannerFactory(
        title="warning new", banner_type=BannerType.WARNING, start_date=TODAY - DAY
    )
    BannerFactory(title="success", banner_type=BannerType.SUCCESS)
    assert shown() == ["error", "warning new", "warning old", "success", "info"]


def test_clean_normalises_the_prefix_and_link(session):
    banner = Banner(
        title="t", message="m", is_sitewide=False, path_prefix=" psf ", link=" /x/ "
    )
    BannerService(db.session).clean(banner)
    assert banner.path_prefix == "/psf/"
    assert banner.link == "/x/"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start_date": TODAY, "end_date": TODAY - DAY}, "end date"),
        ({"is_sitewide": False, "path_prefix": ""}, "path prefix"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({"link": "//evil.example/"}, "link"),
        ({"link": "ftp://example.org/"}, "link"),
    ],
)
def test_clean_refuses_broken_banners(session, fields, message):
    banner = Banner(
        **{"title": "t", "message": "m", "is_sitewide": True, "link": ""} | fields
    )
    with pytest.raises(BannerError, match=message):
        BannerService(db.session).clean(banner)


def test_clean_accepts_a_one_day_banner_and_https_links(session):
    banner = Banner(
        title="t",
        message="m",
        is_sitewide=True,
        start_date=TODAY,
        end_date=TODAY,
        link="https://www.python.org/psf/",
    )
    BannerService(db.session).clean(banner)


def test_activate_and_deactivate(session, staff_user):
    banner = BannerFactory(is_active=False, end_date=TODAY)
    service = BannerService(db.session)
    service.activate(banner, by=staff_user, today=TODAY)
    assert banner.is_active is True
    service.deactivate(banner, by=staff_user)
    assert banner.is_active is False


def test_an_ended_banner_cannot_be_activated(session, staff_user):
    banner = BannerFactory(is_active=False, end_date=TODAY - DAY)
    with pytest.raises(BannerError, match="ended on"):
        BannerService(db.session).activate(banner, by=staff_user, today=TODAY)
    assert banner.is_active is False


def test_only_staff_may_activate(session, user):
    banner = BannerFactory(is_active=False)
    with pytest.raises(PermissionDenied):
        BannerService(db.session).activate(banner, by=user, today=TODAY)


def test_unsafe_links_are_never_rendered_even_if_stored(session):
    # The model refuses to store one (core.urls); a row from before still renders none.
    assert Banner(link="javascript:alert(1)").safe_link == ""
    assert BannerFactory(link="/psf/").safe_link == "/psf/"
