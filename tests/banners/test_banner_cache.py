"""The per-process banner cache: no banner query per page, a save shows at once."""

import pytest

from pydotorg.domains.banners.views import clear_banner_cache
from pydotorg.extensions import db
from tests.factories.banners import BannerFactory


def banner_queries(counter):
    return [s for s in counter.statements if "FROM banners" in s]


@pytest.fixture
def banner_cache(app):
    clear_banner_cache()
    app.config["BANNER_CACHE_SECONDS"] = 3600
    yield
    app.config["BANNER_CACHE_SECONDS"] = 0
    clear_banner_cache()


def test_banners_are_read_once_per_process(
    client, session, banner_cache, count_queries
):
    BannerFactory(message="Donate today")
    BannerFactory(message="Board election", is_sitewide=False, path_prefix="/psf/")
    db.session.commit()
    assert "Donate today" in client.get("/").get_data(as_text=True)
    with count_queries() as counter:
        home = client.get("/").get_data(as_text=True)
        psf = client.get("/psf/workgroups/").get_data(as_text=True)
    assert banner_queries(counter) == []
    assert "Donate today" in home and "Board election" not in home
    assert "Donate today" in psf and "Board election" in psf


def test_a_saved_banner_clears_the_cache(client, session, banner_cache):
    banner = BannerFactory(message="Now you see me")
    db.session.commit()
    assert "Now you see me" in client.get("/").get_data(as_text=True)
    banner.is_active = False
    db.session.commit()
    assert "Now you see me" not in client.get("/").get_data(as_text=True)
    BannerFactory(message="A new one")
    db.session.commit()
    assert "A new one" in client.get("/").get_data(as_text=True)


def test_a_page_the_response_cache_may_store_reads_the_banners(
    client, session, banner_cache, count_queries, monkeypatch
):
    BannerFactory(message="Donate today")
    db.session.commit()
    client.get("/")
    monkeypatch.setattr("pydotorg.domains.banners.views.caching", lambda: True)
    with count_queries() as counter:
        client.get("/")
    assert len(banner_queries(counter)) == 1
