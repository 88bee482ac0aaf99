"""No public URL answers 500, whatever garbage is in the path or the query string."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from werkzeug.routing import Rule

from pydotorg import create_app
from pydotorg.cli import seed_command
from pydotorg.extensions import db

LONG = "x" * 3000

# Values substituted for each URL converter: plausible, garbage, hostile.
PATH_VALUES = {
    "default": ["python", "no-such-thing", "%00", "..", "ünïcode", LONG, "-1"],
    "int": ["0", "1", "999999999", "99999999999999999999999"],
    "uuid": ["00000000-0000-0000-0000-000000000000"],
    "path": ["missing.png", "../../etc/passwd", "%00", LONG],
}

QUERY_STRINGS = [
    "page=abc",
    "page=-1",
    "page=0",
    "page=99999999999999999999999",
    "page=2",
    f"q={LONG}",
    "q=%00",
    "id=not-a-uuid",
    "ids=1;abc;",
    "date=2024-13-45",
    "start=yesterday&end=not-a-date",
    "format=json&limit=-5&offset=abc",
    "year=abcd&month=99",
    "next=//evil.example/",
]

SKIP_PREFIXES = ("/admin/", "/static/")


def _public_get_rules() -> list[Rule]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True})
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ())
        and not rule.rule.startswith(SKIP_PREFIXES)
        and rule.endpoint != "static"
    ]


def _converter_kind(rule: Rule, argument: str) -> str:
    name = type(rule._converters[argument]).__name__.lower()
    for kind in ("int", "uuid", "path"):
        if kind in name:
            return kind
    return "default"


def _urls_for(rule: Rule) -> list[str]:
    """Each converter filled with every garbage value (the others with the first)."""
    arguments = sorted(rule.arguments)
    if not arguments:
        return [rule.rule]
    urls = []
    for varied in arguments:
        for value in PATH_VALUES[_converter_kind(rule, varied)]:
            url = rule.rule
            for argument in arguments:
                chosen = (
                    value
                    if argument == varied
                    else PATH_VALUES[_converter_kind(rule, argument)][0]
                )
                url = re.sub(rf"<(?:[^:<>]+:)?{argument}>", chosen, url)
            urls.append(url)
    return urls


RULES = _public_get_rules()


@pytest.fixture
def seeded(app: Any, runner: Any) -> None:
    result = runner.invoke(seed_command)
    assert result.exit_code == 0, result.output
    db.session.commit()


def _get_all(client: Any, urls: list[str]) -> list[str]:
    failures = []
    for url in urls:
        for query in ["", *QUERY_STRINGS]:
            target = f"{url}?{query}" if query else url
            try:
                status = client.get(target).status_code
            except Exception as error:  # report every crash at once
                failures.append(
                    f"{target[:120]}: {type(error).__name__}: {error}"[:300]
                )
                continue
            if status >= 500:
                failures.append(f"{target[:120]}: {status}")
    return failures


@pytest.mark.parametrize("identity", ["anonymous", "member"])
@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.rule)
def test_public_url_never_500s(client, auth, user, seeded, rule, identity):
    if identity == "member":
        db.session.commit()
        assert auth.login(user.username).status_code == 302
    failures = _get_all(client, _urls_for(rule))
    assert not failures, "\n".join(failures)


def _internal_links(html: str) -> set[str]:
    links = set()
    for href in re.findall(r'href="([^"#]+)"', html):
        parts = urlsplit(href.replace("&amp;", "&"))
        if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIP_PREFIXES) or "logout" in parts.path:
            continue
        links.add(parts.path)
    return links


@pytest.mark.parametrize("identity", ["anonymous", "member"])
def test_seeded_pages_reachable_from_lists_never_500(
    client, auth, user, seeded, identity
):
    """Real slugs and ids: follow every link the list pages show, with garbage queries."""
    if identity == "member":
        db.session.commit()
        auth.login(user.username)
    start = [rule.rule for rule in RULES if not rule.arguments]
    links: set[str] = set()
    for url in start:
        response = client.get(url)
        if response.mimetype == "text/html":
            links |= _internal_links(response.get_data(as_text=True))
    assert links
    failures = _get_all(client, sorted(links - set(start)))
    assert not failures, "\n".join(failures)


def test_nul_byte_in_path_is_404(client):
    assert client.get("/jobs/%00/").status_code == 404


def test_nul_byte_in_query_is_400(client):
    assert client.get("/jobs/?page=%00").status_code == 400


def test_id_beyond_sql_integer_is_404(client):
    assert client.get("/downloads/file/2147483648/").status_code == 404


def test_page_beyond_any_list_is_404(client):
    assert client.get("/jobs/?page=100001").status_code == 404


def test_admin_edit_and_details_with_malformed_ids_never_500(staff_client, app):
    rules = sorted(
        {
            rule.rule
            for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/admin/")
            and rule.rule.endswith(("/edit/", "/details/"))
        }
    )
    assert rules
    failures = []
    for rule in rules:
        for value in ["not-a-uuid", "1", "%00", LONG]:
            status = staff_client.get(f"{rule}?id={value}").status_code
            if status >= 500:
                failures.append(f"{rule}?id={value[:20]}: {status}")
    assert not failures, "\n".join(failures)


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/downloads/release/?offset={HUGE}",
        f"/api/v1/downloads/release/?release_date__year={HUGE}",
        f"/api/v1/downloads/release_file/?os={HUGE}",
        f"/api/v1/downloads/release_file/?release__in=1,{HUGE}",
        f"/api/v1/downloads/release/set/1;abc;{HUGE}/",
        f"/api/v2/downloads/release_file/?os={HUGE}",
        f"/api/v2/downloads/release_file/?release={HUGE}",
    ],
)
def test_api_numbers_beyond_sql_integer_are_client_errors(client, url):
    assert client.get(url).status_code in (200, 400, 404)
