"""Staff edit templates safely, preview them, send test mail and read the mail log."""

import sqlalchemy as sa

from pydotorg.domains.mailing.models import EmailLog, EmailStatus, EmailTemplate
from pydotorg.domains.mailing.services import EmailTemplateService
from pydotorg.extensions import db
from tests.factories.mailing import EmailLogFactory, EmailTemplateFactory
from tests.fixtures.admin_forms import admin_action, admin_form

NEW_URL = "/admin/email_templates/new/"


def template_form(**overrides):
    data = {
        "internal_name": "welcome",
        "display_name": "Welcome",
        "description": "",
        "template_type": "TRANSACTIONAL",
        "is_active": "y",
        "subject": "Welcome {{ user.username }}",
        "content_text": "Hello {{ user.username }}",
        "content_html": "<p>Hello {{ user.username }}</p>",
    }
    data.update(overrides)
    return data


def post_new(client, **overrides):
    return admin_form(client, NEW_URL, template_form(**overrides))


def templates_named(name):
    return db.session.scalars(
        sa.select(EmailTemplate).where(EmailTemplate.internal_name == name)
    ).all()


def test_a_valid_template_is_saved(staff_client):
    response = post_new(staff_client)
    assert response.status_code == 302
    [template] = templates_named("welcome")
    assert template.subject == "Welcome {{ user.username }}"


def test_broken_syntax_cannot_be_saved_and_the_error_is_on_the_form(staff_client):
    response = post_new(
        staff_client, content_text="Hello\n{% if user %}\n{{ user.username }"
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "line 3: syntax error" in page
    assert templates_named("welcome") == []


def test_escape_attempts_cannot_be_saved(staff_client):
    response = post_new(
        staff_client,
        subject="{{ config }}",
        content_text="{{ ''.__class__.__mro__ }} {{ x|no_such_filter }}",
        content_html="{{ lipsum.__globals__ }}",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "line 1: &#39;config&#39; is not available" in page
    assert "unsafe attribute &#39;__class__&#39;" in page
    assert "unknown filter &#39;no_such_filter&#39;" in page
    assert "unsafe attribute &#39;__globals__&#39;" in page
    assert templates_named("welcome") == []


def test_escapes_through_filters_and_format_strings_cannot_be_saved(staff_client):
    response = post_new(
        staff_client,
        subject="{{ '{0.__class__}'.format(user) }}",
        content_text="{{ user|attr('__class__') }}",
        content_html="{{ [user]|map(attribute='__dict__')|list }}",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "unsafe attribute &#39;__class__&#39; in a format string" in page
    assert "unsafe attribute &#39;__class__&#39;</" in page
    assert "unsafe attribute &#39;__dict__&#39;" in page
    assert templates_named("welcome") == []


def test_an_edit_that_breaks_the_template_is_refused(staff_client):
    template = EmailTemplateFactory(internal_name="kept", subject="Fine")
    db.session.commit()
    url = f"/admin/email_templates/edit/?id={template.id}"
    response = admin_form(
        staff_client, url, template_form(internal_name="kept", subject="{% for %}")
    )
    assert response.status_code == 200
    assert "syntax error" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(EmailTemplate, template.id).subject == "Fine"


def test_a_post_without_csrf_saves_nothing(staff_client):
    response = staff_client.post(NEW_URL, data=template_form())
    assert response.status_code in (200, 400)
    assert templates_named("welcome") == []


def test_preview_renders_subject_text_and_html_with_sample_context(staff_client):
    EmailTemplateService(db.session).sync_defaults()
    db.session.commit()
    [template] = templates_named("account_verification")

    response = staff_client.get(f"/admin/email_templates/preview/?id={template.id}")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Confirm your email address on Python.org" in page
    assert "Hello guido," in page
    assert "https://www.python.org/accounts/confirm-email/sample-token/" in page
    # The HTML part sits escaped in a sandboxed iframe, never inline in the admin page.
    assert 'sandbox title="HTML part"' in page
    assert "&lt;p&gt;Hello guido,&lt;/p&gt;" in page


def test_preview_shows_placeholders_for_unknown_variables(staff_client):
    template = EmailTemplateFactory(
        subject="For {{ thing.name }}", content_text="x", content_html=None
    )
    db.session.commit()
    page = staff_client.get(
        f"/admin/email_templates/preview/?id={template.id}"
    ).get_data(as_text=True)
    assert "For [thing.name]" in page
    assert "no HTML part" in page


def test_send_test_email_goes_to_the_logged_in_staff_member(
    staff_client, superuser, smtp_server
):
    template = EmailTemplateFactory(internal_name="welcome", is_active=False)
    db.session.commit()

    response = admin_action(staff_client, "email_templates", "send_test", [template.id])

    assert f"Sent 1 test email(s) to {superuser.email}" in response.get_data(
        as_text=True
    )
    [message] = smtp_server.messages
    assert message["To"] == superuser.email
    assert message["Subject"] == "Hello guido"
    [row] = db.session.scalars(sa.select(EmailLog)).all()
    assert row.status is EmailStatus.SENT


def test_email_log_is_read_only_and_filters_by_status_and_recipient(staff_client):
    EmailLogFactory(recipient_email="ok@example.com", status=EmailStatus.SENT)
    EmailLogFactory(
        recipient_email="bad@example.com",
        status=EmailStatus.FAILED,
        error="SMTPRecipientsRefused",
        body_text="reset link https://secret.example/",
    )
    db.session.commit()

    failed = staff_client.get("/admin/email_logs/?flt0_0=FAILED").get_data(as_text=True)
    assert "bad@example.com" in failed and "ok@example.com" not in failed
    found = staff_client.get("/admin/email_logs/?search=ok@").get_data(as_text=True)
    assert "ok@example.com" in found and "bad@example.com" not in found
    assert staff_client.get("/admin/email_logs/new/").status_code == 302
    assert "secret.example" not in failed


def test_send_test_email_with_the_server_down_flashes_the_error(
    staff_client, smtp_server
):
    template = EmailTemplateFactory(internal_name="welcome")
    db.session.commit()
    smtp_server.stop()

    response = admin_action(staff_client, "email_templates", "send_test", [template.id])

    assert response.status_code == 200
    assert "Test of welcome failed: could not connect" in response.get_data(
        as_text=True
    )
    [row] = db.session.scalars(sa.select(EmailLog)).all()
    assert row.status is EmailStatus.FAILED
