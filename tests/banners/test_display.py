"""Banners on public pages: shown, escaped, scoped, and loaded once per request."""

from datetime import timedelta

from pydotorg.core.types import utcnow
from pydotorg.domains.banners.models import BannerTarget, BannerType
from pydotorg.extensions import db
from tests.factories.banners import BannerFactory
from tests.factories.minutes import MinutesFactory


def banner_queries(counter):
    return [s for s in counter.statements if "FROM banners" in s]


def test_active_sitewide_banner_is_shown_on_public_pages(client, session):
    BannerFactory(
        title="Donate",
        message="Support the PSF.",
        link="/psf/donations/",
        banner_type=BannerType.WARNING,
    )
    db.session.commit()
    for url in ("/", "/psf/workgroups/", "/psf/records/board/minutes/", "/missing/"):
        html = client.get(url).get_data(as_text=True)
        assert "Support the PSF." in html, url
        assert 'class="banner banner-WARNING"' in html, url
        assert '<a class="button banner-link" href="/psf/donations/">Donate</a>' in html


def test_inactive_expired_and_api_banners_are_not_shown(client, session):
    BannerFactory(message="switched off", is_active=False)
    BannerFactory(message="long gone", end_date=utcnow().date() - timedelta(days=3))
    BannerFactory(message="for the api", target=BannerTarget.API)
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "switched off" not in html
    assert "long gone" not in html
    assert "for the api" not in html
    assert "site-banners" not in html


def test_psf_banner_shows_on_psf_pages_only(client, session):
    BannerFactory(message="Board election", is_sitewide=False, path_prefix="/psf/")
    db.session.commit()
    assert "Board election" in client.get("/psf/workgroups/").get_data(as_text=True)
    assert "Board election" not in client.get("/").get_data(as_text=True)


def test_banner_text_is_escaped(client, session):
    BannerFactory(title="<b>Go</b>", message="<script>alert('x')</script> & more")
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in html
    assert "&lt;b&gt;Go&lt;/b&gt;" in html


def test_banners_are_loaded_with_one_query_per_request(client, session, count_queries):
    BannerFactory()
    BannerFactory()
    MinutesFactory()
    db.session.commit()
    with count_queries() as counter:
        client.get("/psf/records/board/minutes/")
    assert len(banner_queries(counter)) == 1


def test_each_request_sees_the_current_banners(app, client, session):
    banner = BannerFactory(message="Now you see me")
    db.session.commit()
    # The tests keep one app context (and ``g``) open across requests.
    assert "Now you see me" in client.get("/").get_data(as_text=True)
    banner.is_active = False
    db.session.commit()
    assert "Now you see me" not in client.get("/").get_data(as_text=True)


def test_admin_pages_do_not_load_banners(staff_client, session, count_queries):
    BannerFactory()
    db.session.commit()
    with count_queries() as counter:
        assert staff_client.get("/admin/").status_code == 200
    assert banner_queries(counter) == []
