"""Admin for email templates (validated on save, preview, test mail) and the mail log."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import Admin, expose
from flask_admin.actions import action
from flask_admin.model.template import EndpointLinkRowAction
from flask_login import current_user
from markupsafe import Markup
from wtforms import Form, ValidationError

from pydotorg.core.admin import ReadOnlyView, StaffModelView, model_view
from pydotorg.core.permissions import PermissionDenied
from pydotorg.domains.mailing.models import EmailLog, EmailStatus, EmailTemplate
from pydotorg.domains.mailing.sandbox import (
    html_environment,
    subject_problems,
    text_environment,
    validate_source,
)
from pydotorg.domains.mailing.services import EmailService, EmailTemplateService
from pydotorg.extensions import db

# Which sandbox checks each template field (HTML is autoescaped; subject/text are not).
_TEMPLATE_FIELDS = (
    ("subject", text_environment),
    ("content_text", text_environment),
    ("content_html", html_environment),
)


class EmailTemplateAdmin(StaffModelView):
    column_list = (
        "internal_name", "display_name", "template_type", "is_active", "updated_at",
    )  # fmt: skip
    column_searchable_list = ("internal_name", "display_name", "subject")
    column_filters = ("template_type", "is_active", "updated_at")
    column_default_sort = "internal_name"
    column_extra_row_actions = [
        EndpointLinkRowAction("fa fa-envelope-open", ".preview_view", title="Preview")
    ]
    form_columns = (
        "internal_name", "display_name", "description", "template_type", "is_active",
        "subject", "content_text", "content_html",
    )  # fmt: skip
    form_widget_args = {
        "content_text": {"rows": 14, "style": "font-family: monospace"},
        "content_html": {"rows": 14, "style": "font-family: monospace"},
    }
    column_descriptions = {
        "internal_name": "The code's name for this mail; the site sends by it.",
        "subject": "Jinja2 template (sandboxed; no HTML escaping).",
        "content_text": "Jinja2 template of the plain text part.",
        "content_html": "Optional Jinja2 template of the HTML part (values are escaped).",
    }

    def validate_form(self, form: Form) -> bool:
        """Template problems are errors beside their field; nothing is saved."""
        valid = super().validate_form(form)
        if not valid or not hasattr(form, "content_text"):
            return valid
        for name, environment in _TEMPLATE_FIELDS:
            field = getattr(form, name, None)
            if field is None:
                continue
            problems = list(validate_source(environment(), field.data))
            if name == "subject":
                problems += subject_problems(field.data)
            if problems:
                field.errors = [*field.errors, *problems]
                valid = False
        return valid

    def on_model_change(
        self, form: Form, model: EmailTemplate, is_created: bool
    ) -> None:
        self._check_may_change(model)

    def on_model_delete(self, model: EmailTemplate) -> None:
        self._check_may_change(model)

    def _check_may_change(self, model: EmailTemplate) -> None:
        try:
            EmailTemplateService(self.session).check_may_change(
                model, by=current_user._get_current_object()
            )
        except PermissionDenied as error:
            raise ValidationError(str(error)) from error  # flashed, nothing saved

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self) -> Any:
        """Staff who may not change a template that receives secrets only read it."""
        template = (
            self.get_one(request.args.get("id", "")) if request.args.get("id") else None
        )
        if template is not None and not EmailTemplateService(self.session).may_change(
            template, by=current_user._get_current_object()
        ):
            flash(
                "Only a superuser can change templates that receive secrets "
                "(password reset and verification links).",
                "error",
            )
            return redirect(url_for(".details_view", id=request.args["id"]))
        return super().edit_view()

    @expose("/preview/")
    def preview_view(self) -> Any:
        template = (
            self.get_one(request.args.get("id", "")) if request.args.get("id") else None
        )
        if template is None:
            abort(404)
        preview = EmailTemplateService(self.session).preview(template)
        return self.render(
            "admin/mailing/preview.html", email_template=template, preview=preview
        )

    @action(
        "send_test",
        "Send test email",
        "Send a test of the selected templates to your own address?",
    )
    def action_send_test(self, ids: list[str]) -> None:
        templates = [t for t in (self.get_one(i) for i in ids) if t is not None]
        service, samples = EmailService(db.session), EmailTemplateService(db.session)
        rows = []
        for template in templates:
            rows += service.send_template(
                template, current_user.email, samples.sample_context(template)
            )
        db.session.commit()  # the mail is delivered on commit
        sent = [r for r in rows if r.status is EmailStatus.SENT]
        for row in rows:
            if row.status is not EmailStatus.SENT:
                flash(f"Test of {row.template_name} failed: {row.error}", "error")
        if sent:
            flash(f"Sent {len(sent)} test email(s) to {current_user.email}.", "success")


def _status_badge(view: Any, context: Any, model: EmailLog, name: str) -> Markup:
    colour = {EmailStatus.SENT: "success", EmailStatus.FAILED: "danger"}.get(
        model.status, "secondary"
    )
    return Markup('<span class="badge badge-{}">{}</span>').format(
        colour, model.status.value
    )


class EmailLogAdmin(ReadOnlyView):
    """Read-only. Bodies are hidden: they hold live links (password resets)."""

    column_list = (
        "created_at", "template_name", "recipient_email", "subject", "status",
        "attempts", "sent_at", "error",
    )  # fmt: skip
    column_details_exclude_list = ("body_text", "body_html")
    column_searchable_list = ("recipient_email",)
    column_filters = ("status", "template_name", "created_at", "sent_at")
    column_default_sort = ("created_at", True)
    column_formatters = {"status": _status_badge}


def register_admin(admin: Admin) -> None:
    category = "System"
    admin.add_view(model_view(EmailTemplateAdmin, EmailTemplate, category=category))
    admin.add_view(model_view(EmailLogAdmin, EmailLog, category=category))
