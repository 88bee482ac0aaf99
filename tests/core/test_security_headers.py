"""Security headers: public pages without inline script or nonce, the admin by nonce and hash."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

import pytest

from pydotorg import create_app
from pydotorg.config import from_environment
from tests.factories.jobs import JobFactory
from tests.factories.users import UserFactory

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*("([^"]*)"|'([^']*)')""", re.I)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    parts = (part.strip().split(" ", 1) for part in policy.split(";"))
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def sha256_source(text: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def test_public_page_allows_only_same_origin_scripts_without_a_nonce(client):
    response = client.get("/")
    policy = directives(response)
    assert policy["script-src"] == "'self'"
    assert "nonce-" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_error_pages_carry_the_headers_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert directives(response)["script-src"] == "'self'"


def test_hsts_only_over_https(client):
    response = client.get("/", base_url="https://localhost")
    assert (
        response.headers["Strict-Transport-Security"]
        == "max-age=31536000; includeSubDomains"
    )


@pytest.mark.parametrize(
    "template",
    sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if path.relative_to(TEMPLATES).parts[0] not in {"admin"}
        and "admin" not in path.relative_to(TEMPLATES).parts
    ),
)
def test_public_templates_have_no_inline_script_or_handler(template):
    source = (TEMPLATES / template).read_text()
    assert not INLINE_HANDLER.search(source)
    assert "javascript:" not in source
    for attributes in SCRIPT_TAG.findall(source):
        # JSON-LD is data the browser never runs, so script-src does not apply to it.
        if 'type="application/ld+json"' in attributes:
            continue
        assert "src=" in attributes, f"inline <script> in {template}"


def test_admin_templates_give_every_script_the_nonce():
    for path in TEMPLATES.rglob("*.html"):
        if "admin" not in path.relative_to(TEMPLATES).parts:
            continue
        for attributes in SCRIPT_TAG.findall(path.read_text()):
            assert "admin_csp_nonce_attribute" in attributes, path


def assert_admin_page_obeys_its_policy(response) -> str:
    """Every script carries the nonce, every inline handler is allowed by hash."""
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    policy = directives(response)
    script_src = policy["script-src"].split()
    nonce = next(s for s in script_src if s.startswith("'nonce-"))[7:-1]
    scripts = SCRIPT_TAG.findall(page)
    assert scripts
    for attributes in scripts:
        assert f'nonce="{nonce}"' in attributes
    assert "'unsafe-hashes'" in script_src
    assert "'unsafe-inline'" not in script_src
    for match in INLINE_HANDLER.finditer(page):
        handler = html.unescape(match.group(2) or match.group(3))
        assert sha256_source(handler) in script_src, handler
    assert response.headers["Cache-Control"] == "no-store"
    return page


def test_admin_list_page_actions_filters_and_delete_buttons(staff_client, session):
    JobFactory()
    response = staff_client.get("/admin/jobs/")
    page = assert_admin_page_obeys_its_policy(response)
    # Flask-Admin's fixed handlers are still there (allowed by hash)...
    assert "faHelpers.safeConfirm(" in page
    assert 'class="dropdown-item filter" onclick="return false;"' in page
    # ...the varying ones are bound by the static handlers script instead.
    assert 'data-admin-action="approve"' in page
    assert "modelActions.execute(" not in page
    assert "/static/admin/handlers.js" in page


def test_admin_inline_add_button_is_bound_by_the_static_script(staff_client):
    response = staff_client.get("/admin/community_posts/new/")
    page = assert_admin_page_obeys_its_policy(response)
    assert 'data-admin-inline-add="' in page
    assert "faForm.addInlineField(" not in page


def test_admin_nonce_changes_per_request(staff_client):
    first = directives(staff_client.get("/admin/"))["script-src"]
    second = directives(staff_client.get("/admin/"))["script-src"]
    assert first != second


def test_page_live_preview_script_is_static(staff_client):
    response = staff_client.get("/admin/pages/new/")
    page = assert_admin_page_obeys_its_policy(response)
    assert "/static/admin/pages-preview.js" in page
    assert "<style>" not in page
    script = staff_client.get("/static/admin/pages-preview.js")
    assert script.status_code == 200
    assert "page-preview" in script.get_data(as_text=True)
    script.close()


@pytest.mark.parametrize(
    "url",
    [
        "/users/api-keys/",
        "/users/edit/",
        "/accounts/password/change/",
        "/users/membership/",
        "/jobs/mine/",
    ],
)
def test_account_pages_are_never_stored(client, auth, session, url):
    user = UserFactory(username="keeper")
    session.commit()
    auth.login(user.username)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_new_api_key_page_is_never_stored(client, auth, session):
    from tests.users.test_api_keys import key_form

    user = UserFactory(username="keyholder")
    session.commit()
    auth.login(user.username)
    response = client.post("/users/api-keys/", data={**key_form(client), "name": "ci"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_login_and_reset_forms_are_never_stored(client):
    for url in ("/accounts/login/", "/accounts/password/reset/"):
        assert client.get(url).headers["Cache-Control"] == "no-store"


def test_proxy_and_cookie_settings_come_from_the_environment():
    settings = from_environment(
        {
            "TRUSTED_PROXY_COUNT": "1",
            "SESSION_COOKIE_SECURE": "true",
            "REMEMBER_COOKIE_SECURE": "yes",
            "PREFERRED_URL_SCHEME": "https",
        }
    )
    assert settings == {
        "TRUSTED_PROXY_COUNT": 1,
        "SESSION_COOKIE_SECURE": True,
        "REMEMBER_COOKIE_SECURE": True,
        "PREFERRED_URL_SCHEME": "https",
    }


def forwarded_https(proxies: int):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SECRET_KEY": "x",
            "TRUSTED_PROXY_COUNT": proxies,
        }
    )
    response = app.test_client().get(
        "/static/favicon.svg",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
    )
    response.close()
    return response


def test_trusted_proxy_count_believes_the_forwarded_scheme():
    assert "Strict-Transport-Security" in forwarded_https(1).headers


def test_forwarded_headers_are_ignored_without_trusted_proxies():
    assert "Strict-Transport-Security" not in forwarded_https(0).headers
