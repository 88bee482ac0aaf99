"""Sending mail from templates, logging every attempt, retrying failures.

Usage from any domain (the caller commits, as everywhere)::

    rows = EmailService(db.session).send("job_approved", job.email, {"job": job})
    db.session.commit()  # the mail goes out now; ``rows`` then say sent or failed

How delivery is tied to the caller's transaction:

* ``send`` renders at once (the context's objects are live now) and returns one
  :class:`EmailLog` per recipient, still ``queued`` (or ``failed`` when the template is
  missing, inactive or does not render).
* Nothing is written or sent while the caller's transaction is open. When it commits the
  rows are written in their own transaction (a separate session), the mail is handed to
  the backend and the rows are updated to ``sent``/``failed``. If the caller's session is
  idle, this happens right away; a read-only transaction that simply ends (the request's
  teardown) also sends.
* If the caller's transaction rolls back after writing anything, nothing is sent; only
  the ``failed`` rows (a template problem) are still logged.
* ``send`` never raises: every problem ends up in a row's ``error``.

Secrets (the variables :mod:`pydotorg.core.secret_registry` names, such as
``reset_url``) reach the recipient and the console backend only: subjects never see
them, the log rows store the bodies with their values redacted (the full bodies stay
in memory until delivery), and such a row is never retried from the log.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session

from pydotorg.core.permissions import PermissionDenied
from pydotorg.core.secret_registry import redact, secret_values, secret_variables_in
from pydotorg.core.types import utcnow
from pydotorg.domains.mailing.backends import backend_for, error_text
from pydotorg.domains.mailing.models import EmailLog, EmailStatus, EmailTemplate
from pydotorg.extensions import db

logger = logging.getLogger("pydotorg.mail")

_OUTBOX = "mailing.outbox"
_FLUSHED = "mailing.flushed"
_COMMITTED = "mailing.committed"


def absolute_url(endpoint: str, **values: Any) -> str:
    """An absolute link for a mail, always on ``SITE_URL``.

    Never the request's Host header: a forged Host would put the attacker's
    domain into links that are mailed to other people.
    """
    site = urlsplit(current_app.config["SITE_URL"])
    adapter = current_app.url_map.bind(
        site.netloc, script_name=site.path or "/", url_scheme=site.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def _recipients(to: str | Iterable[str]) -> list[str]:
    addresses = [to] if isinstance(to, str) else list(to)
    return [address.strip() for address in addresses if address and address.strip()]


def _address_problem(address: str) -> str | None:
    """Why ``address`` cannot be mailed, or ``None`` (a plain ``local@domain``)."""
    if not address:
        return "no recipient address"
    name, parsed = parseaddr(address)
    local, at, domain = parsed.rpartition("@")
    if name or parsed != address or not (local and at and domain) or " " in parsed:
        return f"invalid recipient address {address!r}"
    return None


def _log_session() -> Session:
    """A session of its own: the log survives the caller's rollback.

    ``create_savepoint`` only matters when ``db.engine`` is a connection already in a
    transaction (the test suite's rolled-back transaction); on an engine it is ignored.
    """
    return Session(
        bind=db.engine, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )


# The unredacted bodies of a log row, by row id, kept in memory until delivery.
Bodies = Mapping[uuid.UUID, tuple[str | None, str | None]]


def build_message(row: EmailLog, bodies: Bodies | None = None) -> EmailMessage:
    """A multipart/alternative mail (text, plus HTML when the template has it).

    ``bodies`` holds the full text of rows whose logged bodies are redacted.
    """
    text, html = (bodies or {}).get(row.id, (row.body_text, row.body_html))
    message = EmailMessage()
    message["Subject"] = row.subject
    message["From"] = row.sender
    message["To"] = row.recipient_email
    if row.reply_to:
        message["Reply-To"] = row.reply_to
    message["Date"] = format_datetime(utcnow())
    domain = parseaddr(row.sender)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(text or "")
    if html:
        message.add_alternative(html, subtype="html")
    return message


def deliver(
    rows: Sequence[EmailLog], config: Mapping[str, Any], bodies: Bodies | None = None
) -> None:
    """Attempt each row once through the configured backend and record the outcome.

    A row whose address is not one plain ``local@domain`` is never handed to the
    server (``a@x, b@y`` would reach two people): it stays failed, not attempted.
    """
    messages: list[EmailMessage] = []
    pending: list[EmailLog] = []
    for row in rows:
        if problem := _address_problem(row.recipient_email):
            row.status, row.error = EmailStatus.FAILED, problem
            continue
        try:
            messages.append(build_message(row, bodies))
            pending.append(row)
        except (ValueError, TypeError) as error:
            _record(row, error_text(error))
    results = backend_for(config).send_messages(messages)
    for row, error in zip(pending, results, strict=True):
        _record(row, error)


def _record(row: EmailLog, error: str | None) -> None:
    row.attempts = (row.attempts or 0) + 1
    if error is None:
        row.status, row.error, row.sent_at = EmailStatus.SENT, None, utcnow()
    else:
        row.status, row.error = EmailStatus.FAILED, error
        logger.warning(
            "mail %s to %s failed: %s", row.template_name, row.recipient_email, error
        )


@dataclass
class _Outbox:
    """Mail waiting for the caller's transaction to end."""

    app: Flask
    rows: list[EmailLog] = field(default_factory=list)
    bodies: dict[uuid.UUID, tuple[str | None, str | None]] = field(default_factory=dict)
    caller_wrote: bool = False

    def flush(self, *, send: bool) -> None:
        try:
            if has_app_context():
                self._write_and_send(send=send)
            else:
                with self.app.app_context():
                    self._write_and_send(send=send)
        except Exception:  # the caller's request must never fail because of mail
            logger.exception("could not log or send mail")

    def _write_and_send(self, *, send: bool) -> None:
        rows = (
            self.rows
            if send
            else [r for r in self.rows if r.status is EmailStatus.FAILED]
        )
        if not rows:
            return
        with _log_session() as log:
            log.add_all(rows)
            log.commit()
            queued = [r for r in rows if r.status is EmailStatus.QUEUED]
            if queued:
                deliver(queued, current_app.config, self.bodies)
                self.bodies.clear()
                log.commit()


def _real_session(session: Session | scoped_session[Session]) -> Session:
    return session() if isinstance(session, scoped_session) else session


@event.listens_for(Session, "after_flush")
def _note_flush(session: Session, flush_context: Any) -> None:
    session.info[_FLUSHED] = True


@event.listens_for(Session, "after_commit")
def _note_commit(session: Session) -> None:
    session.info[_COMMITTED] = True


@event.listens_for(Session, "after_transaction_end")
def _release_outbox(session: Session, transaction: Any) -> None:
    # A savepoint's commit is not final: only the root transaction's outcome counts.
    committed = session.info.pop(_COMMITTED, False)
    if transaction.parent is not None:
        return
    wrote = session.info.pop(_FLUSHED, False)
    outbox: _Outbox | None = session.info.pop(_OUTBOX, None)
    if outbox is not None:
        outbox.flush(send=committed or not (wrote or outbox.caller_wrote))


@dataclass
class RetryResult:
    sent: int = 0
    failed: int = 0


@dataclass
class EmailService:
    session: Session | scoped_session[Session]

    def send(
        self,
        internal_name: str,
        to: str | Iterable[str],
        context: Mapping[str, Any],
        *,
        sender: str | None = None,
        reply_to: str | None = None,
    ) -> list[EmailLog]:
        """Mail the active template ``internal_name`` to each address; never raises."""
        try:
            template = self._active_template(internal_name)
        except Exception as error:  # a broken database must not break the caller
            logger.exception("could not look up email template %s", internal_name)
            template, problem = None, error_text(error)
        else:
            problem = (
                None if template else f"no active email template '{internal_name}'"
            )
        return self._queue(
            internal_name, template, problem, to, context, sender, reply_to
        )

    def send_template(
        self,
        template: EmailTemplate,
        to: str | Iterable[str],
        context: Mapping[str, Any],
        *,
        sender: str | None = None,
        reply_to: str | None = None,
    ) -> list[EmailLog]:
        """Mail this template whether or not it is active (the admin's test mail)."""
        return self._queue(
            template.internal_name, template, None, to, context, sender, reply_to
        )

    def retry_failed(self, *, max_attempts: int | None = None) -> RetryResult:
        """Resend failed mail that was rendered and has attempts left; flushes only.

        Mail that carried a secret is never resent: its logged body is redacted, and
        an old link should not arrive late; the user asks for a fresh one.
        """
        limit = max_attempts or int(current_app.config["MAIL_MAX_ATTEMPTS"])
        rows = list(
            self.session.scalars(
                sa.select(EmailLog)
                .where(
                    EmailLog.status == EmailStatus.FAILED,
                    EmailLog.body_text.is_not(None),
                    EmailLog.carried_secret.is_(False),
                    EmailLog.attempts < limit,
                )
                .order_by(EmailLog.created_at)
            )
        )
        # A bad address fails the same way every time: not worth a retry.
        rows = [row for row in rows if _address_problem(row.recipient_email) is None]
        deliver(rows, current_app.config)
        self.session.flush()
        sent = sum(1 for row in rows if row.status is EmailStatus.SENT)
        return RetryResult(sent=sent, failed=len(rows) - sent)

    def _active_template(self, internal_name: str) -> EmailTemplate | None:
        query = sa.select(EmailTemplate).where(
            EmailTemplate.internal_name == internal_name,
            EmailTemplate.is_active.is_(True),
        )
        session = _real_session(self.session)
        if session.in_transaction():
            # Inside the caller's transaction: it may have just created the template.
            return session.scalar(query)
        # An idle caller stays idle, so the mail can go out at once (on SQLite an
        # open read transaction would block the log's write from another connection).
        with _log_session() as lookup:
            return lookup.scalar(query)

    def _queue(
        self,
        internal_name: str,
        template: EmailTemplate | None,
        problem: str | None,
        to: str | Iterable[str],
        context: Mapping[str, Any],
        sender: str | None,
        reply_to: str | None,
    ) -> list[EmailLog]:
        try:
            rows, bodies = self._render_rows(
                internal_name, template, problem, to, context, sender, reply_to
            )
            self._enqueue(rows, bodies)
        except Exception:
            logger.exception("could not queue mail %s", internal_name)
            return []
        return rows

    def _render_rows(
        self,
        internal_name: str,
        template: EmailTemplate | None,
        problem: str | None,
        to: str | Iterable[str],
        context: Mapping[str, Any],
        sender: str | None,
        reply_to: str | None,
    ) -> tuple[list[EmailLog], dict[uuid.UUID, tuple[str | None, str | None]]]:
        config = current_app.config
        full_context = {
            "site_url": config["SITE_URL"].rstrip("/"),
            "site_name": config["SITE_NAME"],
            **context,
        }
        subject, text, html = "", None, None
        if template is not None and problem is None:
            try:
                subject = template.render_subject(full_context)
                text = template.render_content_text(full_context)
                html = template.render_content_html(full_context)
            except (
                Exception
            ) as error:  # jinja errors, or a property of a context object
                problem = (
                    f"template '{internal_name}' did not render: {error_text(error)}"
                )
                subject, text, html = "", None, None
        secrets = secret_values(full_context)
        rows, bodies = [], {}
        for address in _recipients(to) or [""]:
            error = problem or _address_problem(address)
            rows.append(
                EmailLog(
                    id=uuid.uuid4(),
                    template_name=internal_name,
                    recipient_email=address[:254],
                    sender=sender or config["MAIL_DEFAULT_SENDER"],
                    reply_to=reply_to,
                    subject=(redact(subject, secrets) or "")[:500],
                    body_text=redact(text, secrets),
                    body_html=redact(html, secrets),
                    carried_secret=bool(secrets),
                    status=EmailStatus.FAILED if error else EmailStatus.QUEUED,
                    error=error,
                    attempts=0,
                )
            )
            if secrets:
                bodies[rows[-1].id] = (text, html)
        return rows, bodies

    def _enqueue(
        self,
        rows: list[EmailLog],
        bodies: dict[uuid.UUID, tuple[str | None, str | None]],
    ) -> None:
        session = _real_session(self.session)
        outbox = session.info.get(_OUTBOX)
        if outbox is None:
            outbox = _Outbox(app=current_app._get_current_object())  # type: ignore[attr-defined]
        outbox.rows.extend(rows)
        outbox.bodies.update(bodies)
        outbox.caller_wrote = outbox.caller_wrote or bool(
            session.new or session.dirty or session.deleted
        )
        if session.in_transaction():
            session.info[_OUTBOX] = outbox
        else:
            outbox.flush(send=True)


@dataclass
class EmailTemplateService:
    session: Session | scoped_session[Session]

    def sync_defaults(self) -> list[EmailTemplate]:
        """Add the default templates that are missing; existing ones are left as edited."""
        from pydotorg.domains.mailing.defaults import DEFAULT_TEMPLATES

        existing = set(self.session.scalars(sa.select(EmailTemplate.internal_name)))
        created = [
            EmailTemplate(
                internal_name=default.internal_name,
                display_name=default.display_name,
                description=default.description,
                template_type=default.template_type,
                subject=default.subject,
                content_text=default.content_text,
                content_html=default.content_html,
                is_active=True,
            )
            for default in DEFAULT_TEMPLATES
            if default.internal_name not in existing
        ]
        self.session.add_all(created)
        self.session.flush()
        return created

    @staticmethod
    def receives_secrets(internal_name: str | None, *sources: str | None) -> bool:
        """Whether mail sent under this name, or these sources, get a secret variable.

        The default template of a name says what the code sends with it (the
        ``password_reset`` default uses ``reset_url``), whatever staff made of it since.
        """
        from pydotorg.domains.mailing.defaults import DEFAULTS_BY_NAME
        from pydotorg.domains.mailing.sandbox import used_variables

        default = DEFAULTS_BY_NAME.get(internal_name or "")
        if default is not None:
            sources = (*sources, default.subject, default.content_text)
        names: set[str] = set()
        for source in sources:
            names |= used_variables(source)
        return bool(secret_variables_in(names))

    def check_may_change(self, template: EmailTemplate, *, by: Any) -> None:
        """Only superusers create, edit or delete templates that receive secrets.

        Looks at the template as it was loaded and as it is now, so renaming a secret
        template or writing a secret into another one is refused alike.
        """
        if getattr(by, "is_superuser", False):
            return
        fields = ("internal_name", "subject", "content_text", "content_html")
        now = [getattr(template, name) for name in fields]
        state = sa.inspect(template)
        loaded = [
            next(iter(h.deleted or h.unchanged or [None]))
            for h in (state.attrs[name].history for name in fields)
        ]
        if self.receives_secrets(*now) or self.receives_secrets(*loaded):
            raise PermissionDenied(
                "Only a superuser can change templates that receive secrets "
                "(password reset and verification links)."
            )

    def may_change(self, template: EmailTemplate, *, by: Any) -> bool:
        try:
            self.check_may_change(template, by=by)
        except PermissionDenied:
            return False
        return True

    def sample_context(self, template: EmailTemplate) -> dict[str, Any]:
        """Context for a preview or test mail: sample objects for the names it uses."""
        from pydotorg.domains.mailing.defaults import sample_context
        from pydotorg.domains.mailing.sandbox import used_variables

        names: set[str] = set()
        for source in (template.subject, template.content_text, template.content_html):
            names |= used_variables(source)
        names -= {"site_url", "site_name"}
        config = current_app.config
        return {
            "site_url": config["SITE_URL"].rstrip("/"),
            "site_name": config["SITE_NAME"],
            **sample_context(names),
        }

    def preview(self, template: EmailTemplate) -> Preview:
        """Subject, text and HTML rendered with sample context (errors instead of a 500)."""
        context = self.sample_context(template)
        preview = Preview(errors=template.validate_templates())
        if preview.errors:
            return preview
        try:
            preview.subject = template.render_subject(context)
            preview.text = template.render_content_text(context)
            preview.html = template.render_content_html(context)
        except Exception as error:  # jinja errors and security errors alike
            preview.errors.append(f"the template did not render: {error_text(error)}")
        return preview


@dataclass
class Preview:
    errors: list[str]
    subject: str = ""
    text: str = ""
    html: str | None = None
