"""The banners admin: list, create, edit, bad input and the activation actions."""

from datetime import date, timedelta

import sqlalchemy as sa

from pydotorg.core.types import utcnow
from pydotorg.domains.banners.models import Banner, BannerTarget, BannerType
from pydotorg.extensions import db
from tests.factories.banners import BannerFactory
from tests.fixtures.admin_forms import admin_action, admin_form

FORM = {
    "title": "Register",
    "message": "PyCon US registration is open.",
    "link": "https://us.pycon.org/",
    "banner_type": "SUCCESS",
    "target": "FRONTEND",
    "is_active": "y",
    "is_sitewide": "",
    "path_prefix": "psf",
    "start_date": "2025-03-01",
    "end_date": "2025-05-15",
}


def banner_count():
    return db.session.scalar(sa.select(sa.func.count(Banner.id)))


def assert_refused(response, before, text):
    assert response.status_code == 200
    assert text in response.get_data(as_text=True)
    assert banner_count() == before


def test_list_and_filters_answer(staff_client, session):
    banner = BannerFactory(title="Donate", banner_type=BannerType.ERROR)
    db.session.commit()
    details = staff_client.get(f"/admin/banners/details/?id={banner.id}")
    assert "Donate" in details.get_data(as_text=True)
    html = staff_client.get("/admin/banners/").get_data(as_text=True)
    assert "Donate" in html and "ERROR" in html
    assert staff_client.get("/admin/banners/?search=donate").status_code == 200
    assert staff_client.get("/admin/banners/new/").status_code == 200


def test_create_saves_a_scoped_scheduled_banner(staff_client, session):
    response = admin_form(staff_client, "/admin/banners/new/", FORM)
    assert response.status_code == 302
    banner = db.session.scalar(sa.select(Banner).where(Banner.title == "Register"))
    assert banner.banner_type is BannerType.SUCCESS
    assert banner.target is BannerTarget.FRONTEND
    assert banner.is_active is True and banner.is_sitewide is False
    assert banner.path_prefix == "/psf/"
    assert (banner.start_date, banner.end_date) == (date(2025, 3, 1), date(2025, 5, 15))


def test_end_before_start_is_a_form_error(staff_client, session):
    before = banner_count()
    response = admin_form(
        staff_client, "/admin/banners/new/", {**FORM, "end_date": "2025-02-28"}
    )
    assert_refused(response, before, "The end date must not be before the start date.")


def test_missing_title_is_a_form_error(staff_client, session):
    before = banner_count()
    response = admin_form(staff_client, "/admin/banners/new/", {**FORM, "title": ""})
    assert_refused(response, before, "This field is required.")


def test_invalid_banner_type_is_a_form_error(staff_client, session):
    before = banner_count()
    response = admin_form(
        staff_client, "/admin/banners/new/", {**FORM, "banner_type": "PURPLE"}
    )
    assert_refused(response, before, "Invalid value")


def test_unsafe_link_is_a_form_error(staff_client, session):
    before = banner_count()
    response = admin_form(
        staff_client, "/admin/banners/new/", {**FORM, "link": "javascript:alert(1)"}
    )
    assert_refused(response, before, "The URL must start with http://, https:// or /.")


def test_scoped_banner_without_prefix_is_a_form_error(staff_client, session):
    before = banner_count()
    response = admin_form(
        staff_client, "/admin/banners/new/", {**FORM, "path_prefix": ""}
    )
    assert_refused(response, before, "needs a path prefix")


def test_edit_with_bad_dates_changes_nothing(staff_client, session):
    banner = BannerFactory(title="Keep", start_date=date(2025, 1, 1))
    db.session.commit()
    response = admin_form(
        staff_client,
        f"/admin/banners/edit/?id={banner.id}",
        {
            **FORM,
            "title": "Changed",
            "end_date": "2025-02-01",
            "start_date": "2025-03-01",
        },
    )
    assert response.status_code == 200
    db.session.refresh(banner)
    assert banner.title == "Keep"


def test_activate_and_deactivate_actions(staff_client, session):
    off = BannerFactory(is_active=False)
    ended = BannerFactory(
        title="Ended", is_active=False, end_date=utcnow().date() - timedelta(days=1)
    )
    db.session.commit()
    page = admin_action(staff_client, "banners", "activate", [off.id, ended.id])
    html = page.get_data(as_text=True)
    assert "1 banner(s) activated." in html
    assert "change its end date before activating it" in html
    db.session.refresh(off)
    db.session.refresh(ended)
    assert off.is_active is True
    assert ended.is_active is False
    admin_action(staff_client, "banners", "deactivate", [off.id])
    db.session.refresh(off)
    assert off.is_active is False
