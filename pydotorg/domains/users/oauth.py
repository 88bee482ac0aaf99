"""Log in with GitHub: the OAuth 2 authorization-code flow through Authlib.

Endpoints come from configuration (``GITHUB_AUTHORIZE_URL``,
``GITHUB_ACCESS_TOKEN_URL``, ``GITHUB_API_BASE_URL``) and are read per request,
so tests point them at a fake provider on loopback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from flask import current_app

if TYPE_CHECKING:
    from authlib.integrations.requests_client import OAuth2Session

# Authlib and requests load on the first GitHub login, not in every worker.

PROVIDER = "github"
SCOPE = "read:user user:email"


class OAuthError(Exception):
    """The provider refused or failed; the message is safe to show."""


@dataclass(frozen=True)
class GitHubProfile:
    oauth_id: str
    login: str
    name: str
    verified_emails: list[str] = field(default_factory=list)


def is_enabled() -> bool:
    return bool(current_app.config.get("GITHUB_CLIENT_ID"))


def _session(redirect_uri: str, state: str | None = None) -> OAuth2Session:
    from authlib.integrations.requests_client import OAuth2Session

    config = current_app.config
    return OAuth2Session(
        client_id=config["GITHUB_CLIENT_ID"],
        client_secret=config["GITHUB_CLIENT_SECRET"],
        scope=SCOPE,
        redirect_uri=redirect_uri,
        state=state,
        default_timeout=config.get("MAIL_TIMEOUT", 10),
    )


def authorization_url(redirect_uri: str) -> tuple[str, str]:
    """Where to send the browser, and the state to check on the way back."""
    url, state = _session(redirect_uri).create_authorization_url(
        current_app.config["GITHUB_AUTHORIZE_URL"]
    )
    return url, state


def fetch_profile(code: str, state: str, redirect_uri: str) -> GitHubProfile:
    """Trade the code for a token, then read the user and their verified emails."""
    from authlib.common.errors import AuthlibBaseError
    from requests import RequestException

    config = current_app.config
    client = _session(redirect_uri, state)
    api = config["GITHUB_API_BASE_URL"].rstrip("/") + "/"
    try:
        client.fetch_token(
            config["GITHUB_ACCESS_TOKEN_URL"],
            code=code,
            headers={"Accept": "application/json"},
        )
        user = _json(client.get(urljoin(api, "user")))
        emails = _json(client.get(urljoin(api, "user/emails")))
    except (AuthlibBaseError, RequestException, ValueError) as error:
        raise OAuthError("GitHub login failed. Please try again.") from error
    if not isinstance(user, dict) or "id" not in user:
        raise OAuthError("GitHub did not return an account.")
    verified = [
        entry["email"]
        for entry in sorted(
            emails if isinstance(emails, list) else [],
            key=lambda entry: not entry.get("primary"),  # primary first
        )
        if isinstance(entry, dict) and entry.get("verified") and entry.get("email")
    ]
    return GitHubProfile(
        oauth_id=str(user["id"]),
        login=str(user.get("login") or ""),
        name=str(user.get("name") or ""),
        verified_emails=verified,
    )


def _json(response: Any) -> Any:
    response.raise_for_status()
    return response.json()
