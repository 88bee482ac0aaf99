"""Delivery backends: SMTP when ``MAIL_SERVER`` is set, else the console (development).

A backend takes built messages and returns, per message, ``None`` when it was delivered
or the error text; it never raises, so one refused recipient cannot lose the others.
"""

from __future__ import annotations

import logging
import smtplib
import sys
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from typing import Any, Protocol

logger = logging.getLogger("pydotorg.mail")


def error_text(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


class MailBackend(Protocol):
    def send_messages(self, messages: Sequence[EmailMessage]) -> list[str | None]: ...


class SMTPBackend:
    """One SMTP connection per batch (``smtplib``; SSL, STARTTLS and login as configured)."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.host = config["MAIL_SERVER"]
        self.port = int(config["MAIL_PORT"])
        self.use_ssl = bool(config["MAIL_USE_SSL"])
        self.use_tls = bool(config["MAIL_USE_TLS"])
        self.username = config["MAIL_USERNAME"]
        self.password = config["MAIL_PASSWORD"]
        self.timeout = float(config["MAIL_TIMEOUT"])

    def _connect(self) -> smtplib.SMTP:
        if self.use_ssl:
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout
            )
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.use_tls:
                connection.starttls()
        if self.username:
            connection.login(self.username, self.password)
        return connection

    def send_messages(self, messages: Sequence[EmailMessage]) -> list[str | None]:
        if not messages:
            return []
        try:
            connection = self._connect()
        except (OSError, smtplib.SMTPException) as error:
            text = f"could not connect to {self.host}:{self.port}: {error_text(error)}"
            return [text] * len(messages)
        results: list[str | None] = []
        try:
            for message in messages:
                results.append(self._send_one(connection, message))
                if results[-1] and "SMTPServerDisconnected" in results[-1]:
                    break
        finally:
            try:
                connection.quit()
            except (OSError, smtplib.SMTPException):
                connection.close()
        # Anything after a dropped connection was never handed to the server.
        missing = len(messages) - len(results)
        results.extend(["SMTPServerDisconnected: connection lost"] * missing)
        return results

    @staticmethod
    def _send_one(connection: smtplib.SMTP, message: EmailMessage) -> str | None:
        try:
            refused = connection.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            return error_text(error)
        if refused:
            return f"recipients refused: {refused}"
        return None


class _StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stdout`` is now (test runners swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stdout
        super().emit(record)


def console_logger() -> logging.Logger:
    console = logging.getLogger("pydotorg.mail.console")
    # ``logging.config`` (Alembic's ``fileConfig``) disables existing loggers; the
    # console backend is the developer's only copy of the mail, so it stays on.
    console.disabled = False
    if not any(isinstance(h, _StdoutHandler) for h in console.handlers):
        console.addHandler(_StdoutHandler())
    console.setLevel(logging.INFO)
    return console


class ConsoleBackend:
    """Development: the mail is written to stdout instead of being sent."""

    def send_messages(self, messages: Sequence[EmailMessage]) -> list[str | None]:
        console = console_logger()
        for message in messages:
            console.info("%s", readable(message))
        return [None] * len(messages)


def readable(message: EmailMessage) -> str:
    """Headers and the plain text part, as a developer wants to read them."""
    lines = ["-" * 72]
    lines += [
        f"{name}: {message[name]}"
        for name in ("From", "To", "Reply-To", "Subject")
        if message[name]
    ]
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    lines.append("")
    lines.append(text.get_content().rstrip() if text is not None else "")
    if html is not None and html is not text:
        lines.append(f"[HTML part: {len(html.get_content())} characters]")
    lines.append("-" * 72)
    return "\n".join(lines)


def backend_for(config: Mapping[str, Any]) -> MailBackend:
    if config.get("MAIL_SERVER"):
        return SMTPBackend(config)
    return ConsoleBackend()
