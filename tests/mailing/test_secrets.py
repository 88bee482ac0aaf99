"""Secrets in mail reach the recipient only: never subjects, the log, the admin or a retry.

The attack these tests replay: a staffer who is not a superuser sets the
``password_reset`` subject to ``Reset {{ reset_url }}``, asks for a reset of the
superuser's address and reads the link in the mail log.
"""

import re

import pytest
import sqlalchemy as sa

from pydotorg.core.permissions import PermissionDenied
from pydotorg.core.secret_registry import REDACTED
from pydotorg.domains.mailing.models import EmailLog, EmailStatus, EmailTemplate
from pydotorg.domains.mailing.services import EmailService, EmailTemplateService
from pydotorg.domains.users.services.accounts import UserService
from pydotorg.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.mailing import EmailTemplateFactory
from tests.factories.users import UserFactory
from tests.fixtures.admin_forms import admin_form

RESET_LINK = re.compile(r"http://localhost/accounts/password/reset/[^\s\"<]+/")


@pytest.fixture
def templates(session):
    EmailTemplateService(db.session).sync_defaults()
    db.session.commit()
    return {t.internal_name: t for t in db.session.scalars(sa.select(EmailTemplate))}


@pytest.fixture
def staffer(session):
    return UserFactory(username="staffer", is_staff=True, is_superuser=False)


@pytest.fixture
def staffer_client(app, staffer, superuser):
    db.session.commit()
    client = app.test_client()
    page = client.get("/accounts/login/").get_data(as_text=True)
    client.post(
        "/accounts/login/",
        data={
            "username": staffer.username,
            "password": "correct horse battery staple",
            "csrf_token": csrf_token_from(page),
        },
    )
    return client


def template_data(template, **changes):
    data = {
        "internal_name": template.internal_name,
        "display_name": template.display_name,
        "description": template.description or "",
        "template_type": template.template_type.name,
        "is_active": "y",
        "subject": template.subject,
        "content_text": template.content_text,
        "content_html": template.content_html or "",
    }
    return {**data, **changes}


def request_reset(client, email):
    url = "/accounts/password/reset/"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"email": email, "csrf_token": token})


def test_a_staffer_cannot_put_the_reset_link_into_the_subject(
    staffer_client, templates
):
    template = templates["password_reset"]
    url = f"/admin/email_templates/edit/?id={template.id}"

    page = staffer_client.get(url)
    token = csrf_token_from(
        staffer_client.get("/admin/email_templates/").get_data(as_text=True)
    )
    response = staffer_client.post(
        url,
        data={
            **template_data(template, subject="Reset {{ reset_url }}"),
            "csrf_token": token,
        },
    )

    assert page.status_code == 302  # to the read-only details page
    assert "/details/" in page.location
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(EmailTemplate, template.id).subject == (
        "Reset your {{ site_name }} password"
    )


def test_even_a_secret_in_the_subject_never_reaches_the_log_or_admin(
    staffer_client, templates, superuser, smtp_server
):
    # However it got there (an old row, a direct database edit), a subject naming
    # a secret renders without it.
    templates["password_reset"].subject = "Reset {{ reset_url }}"
    db.session.commit()

    request_reset(staffer_client, superuser.email)

    [row] = db.session.scalars(sa.select(EmailLog)).all()
    assert row.status is EmailStatus.SENT and row.carried_secret
    assert row.subject == "Reset"
    assert not RESET_LINK.search(row.body_text + (row.body_html or ""))
    assert REDACTED in row.body_text
    for url in ("/admin/email_logs/", f"/admin/email_logs/details/?id={row.id}"):
        page = staffer_client.get(url).get_data(as_text=True)
        assert "/accounts/password/reset/" not in page
    # The superuser still gets a working link, in the body only.
    [message] = smtp_server.messages
    assert message["Subject"] == "Reset"
    assert RESET_LINK.search(smtp_server.text(message))
    assert RESET_LINK.search(smtp_server.html(message))


def test_validate_templates_reports_a_secret_in_the_subject(superuser):
    template = EmailTemplate(
        internal_name="x",
        display_name="x",
        subject="Your link: {{ verify_url|upper }}",
        content_text="{{ verify_url }}",
    )
    assert template.validate_templates() == [
        "Subject: 'verify_url' is secret and cannot be used in a subject "
        "(put it in the body)"
    ]


def test_a_superuser_cannot_save_a_secret_subject_either(staff_client, templates):
    template = templates["password_reset"]
    url = f"/admin/email_templates/edit/?id={template.id}"

    response = admin_form(
        staff_client, url, template_data(template, subject="{{ reset_url }}")
    )

    assert response.status_code == 200
    assert "is secret and cannot be used in a subject" in response.get_data(
        as_text=True
    )


def test_only_superusers_edit_templates_that_receive_secrets(
    staffer, superuser, templates
):
    service = EmailTemplateService(db.session)
    reset, approved = templates["password_reset"], templates["job_approved"]

    reset.content_text = "Hi {{ reset_url }}"
    with pytest.raises(PermissionDenied):
        service.check_may_change(reset, by=staffer)
    service.check_may_change(reset, by=superuser)

    # Renaming a secret template away, or another one into its name, is refused too.
    db.session.rollback()
    reset.internal_name = "harmless"
    with pytest.raises(PermissionDenied):
        service.check_may_change(reset, by=staffer)
    db.session.rollback()
    recreated = EmailTemplate(
        internal_name="account_verification", subject="Hi", content_text="Hi"
    )
    with pytest.raises(PermissionDenied):
        service.check_may_change(recreated, by=staffer)
    approved.subject = "Approved: {{ job.job_title }}"
    service.check_may_change(approved, by=staffer)


def test_a_staffer_still_edits_ordinary_templates_but_cannot_delete_secret_ones(
    staffer_client, templates
):
    approved, reset = templates["job_approved"], templates["password_reset"]
    edit = f"/admin/email_templates/edit/?id={approved.id}"

    saved = admin_form(staffer_client, edit, template_data(approved, subject="Yes!"))
    token = csrf_token_from(
        staffer_client.get("/admin/email_templates/").get_data(as_text=True)
    )
    staffer_client.post(
        "/admin/email_templates/delete/",
        data={"id": str(reset.id), "csrf_token": token},
    )

    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(EmailTemplate, approved.id).subject == "Yes!"
    assert db.session.get(EmailTemplate, reset.id) is not None


def test_templates_cannot_read_secret_columns(templates, user):
    template = EmailTemplateFactory(
        internal_name="leak", content_text="{{ user.password_hash }}"
    )
    assert "'password_hash' is secret" in " ".join(template.validate_templates())

    [row] = EmailService(db.session).send("leak", user.email, {"user": user})

    assert row.status is EmailStatus.FAILED
    assert user.password_hash not in (row.body_text or "") + (row.error or "")


def test_retry_failed_never_resends_mail_that_carried_a_secret(
    app, runner, templates, user, smtp_server
):
    db.session.commit()
    smtp_server.stop()
    with app.test_request_context():
        UserService(db.session).request_password_reset(user.email)
        db.session.commit()
    [row] = db.session.scalars(sa.select(EmailLog)).all()
    assert row.status is EmailStatus.FAILED and row.carried_secret
    smtp_server.start()

    result = runner.invoke(args=["mail", "retry-failed"])

    assert "Resent 0 mail(s); 0 failed again." in result.output
    assert smtp_server.messages == []
    assert not row.can_retry


def test_the_console_backend_shows_the_developer_the_full_mail(
    app, templates, user, capsys
):
    db.session.commit()
    with app.test_request_context():
        UserService(db.session).request_password_reset(user.email)
        db.session.commit()

    printed = capsys.readouterr().out
    [row] = db.session.scalars(sa.select(EmailLog)).all()
    assert RESET_LINK.search(printed)
    assert not RESET_LINK.search(row.body_text)


def test_admin_views_never_show_secret_columns(staff_client, superuser):
    from pydotorg.domains.users.services.api_keys import APIKeyService

    key, _ = APIKeyService(db.session).create(superuser, "ci")
    db.session.commit()

    pages = [
        f"/admin/users/details/?id={superuser.id}",
        f"/admin/users/edit/?id={superuser.id}",
        f"/admin/api_keys/details/?id={key.id}",
        "/admin/api_keys/",
    ]
    for url in pages:
        page = staff_client.get(url).get_data(as_text=True)
        assert superuser.password_hash not in page, url
        assert key.key_hash not in page, url
        assert "password_hash" not in page and "key_hash" not in page, url


def test_a_view_that_names_a_secret_column_still_hides_it(app):
    from pydotorg.core.admin import StaffModelView
    from pydotorg.domains.users.models import User

    class CarelessUserView(StaffModelView):
        column_list = ("username", "password_hash")
        column_searchable_list = ("username", "password_hash")
        form_columns = ("username", "password_hash")

    view = CarelessUserView(User, db, endpoint="careless_users")

    assert list(view.column_list) == ["username"]
    assert list(view.column_searchable_list) == ["username"]
    assert list(view.form_columns) == ["username"]
    assert "password_hash" in view.column_details_exclude_list
