"""The pages API: v1 ``pages/page`` (tastypie-shaped) and read-only v2 (DRF-shaped)."""

import pytest
import sqlalchemy as sa

from pydotorg.domains.pages.models import Page, PageRevision
from pydotorg.domains.users.services.api_keys import APIKeyService
from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory
from tests.factories.pages import ImageFactory, PageFactory
from tests.factories.users import UserFactory

V1 = "/api/v1/pages/page"
V2 = "/api/v2/pages/page"
V1_FIELDS = [
    "title", "keywords", "description", "path", "content", "is_published",
    "template_name", "resource_uri",
]  # fmt: skip
V2_FIELDS = [
    "title", "path", "keywords", "description", "content", "is_published",
    "template_name", "resource_uri",
]  # fmt: skip


@pytest.fixture
def staff_key(session):
    user = UserFactory(username="pagebot", is_staff=True)
    return user, APIKeyService(db.session).create(user, "pages")[1]


@pytest.fixture
def reader_key(session):
    user = UserFactory(username="pagereader")
    return user, APIKeyService(db.session).create(user, "reader")[1]


@pytest.fixture
def v1_staff(staff_key):
    return {"Authorization": f"ApiKey {staff_key[0].username}:{staff_key[1]}"}


@pytest.fixture
def v1_reader(reader_key):
    return {"Authorization": f"ApiKey {reader_key[0].username}:{reader_key[1]}"}


@pytest.fixture
def v2_staff(staff_key):
    return {"Authorization": f"Token {staff_key[1]}"}


@pytest.fixture
def v2_reader(reader_key):
    return {"Authorization": f"Token {reader_key[1]}"}


@pytest.fixture
def pages(session):
    """Two published pages and a draft, as python.org's own API tests set up."""
    rows = {
        "about": PageFactory(
            title="About", path="about", keywords="python, django", api_id=5
        ),
        "django": PageFactory(title="Django", path="psf/django", keywords="django"),
        "draft": PageFactory(
            title="Draft", path="psf/draft", keywords="python", is_published=False
        ),
    }
    db.session.commit()
    return rows


def titles(objects):
    return [o["title"] for o in objects]


# Fields and envelopes ----------------------------------------------------------


def test_v1_list_has_the_tastypie_envelope_and_page_fields_in_order(client, pages):
    response = client.get(f"{V1}/")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["meta"] == {
        "limit": 20, "next": None, "offset": 0, "previous": None, "total_count": 2,
    }  # fmt: skip
    about = body["objects"][0]
    assert list(about) == V1_FIELDS
    assert about == {
        "title": "About",
        "keywords": "python, django",
        "description": "A demo page",
        "path": "about",
        # python.org's markup field reads as its sanitised rendering.
        "content": "<p>Some <em>content</em>.</p>",
        "is_published": True,
        "template_name": "",
        "resource_uri": "/api/v1/pages/page/5/",
    }


def test_v1_list_pages_with_relative_next_and_previous_links(client, session):
    for n in range(3):
        PageFactory(title=f"Page {n}", path=f"paged/{n}")
    db.session.commit()
    first = client.get(f"{V1}/?limit=2&unknown=kept").get_json()
    assert titles(first["objects"]) == ["Page 0", "Page 1"]
    assert first["meta"]["next"] == f"{V1}/?unknown=kept&limit=2&offset=2"
    second = client.get(first["meta"]["next"]).get_json()
    assert titles(second["objects"]) == ["Page 2"]
    assert second["meta"]["previous"] == f"{V1}/?unknown=kept&limit=2&offset=0"
    assert client.get(f"{V1}/?limit=-1").status_code == 400


def test_v2_list_is_a_bare_array_with_absolute_uris_in_drf_field_order(client, pages):
    response = client.get(f"{V2}/")
    assert response.status_code == 200
    body = response.get_json()
    assert titles(body) == ["About", "Django"]
    assert list(body[0]) == V2_FIELDS
    assert body[0]["resource_uri"] == "http://localhost/api/v2/pages/page/5/"
    assert isinstance(body[0]["is_published"], bool)
    assert client.get("/api/v2/pages/page.json").get_json() == body


def test_details_in_both_versions(client, pages):
    v1 = client.get(f"{V1}/5/")
    assert v1.status_code == 200
    assert list(v1.get_json()) == V1_FIELDS
    assert v1.get_json()["resource_uri"] == f"{V1}/5/"
    v2 = client.get(f"{V2}/5/").get_json()
    assert list(v2) == V2_FIELDS
    assert v2["resource_uri"] == "http://localhost/api/v2/pages/page/5/"
    assert client.get(f"{V1}/999/").status_code == 404
    assert client.get(f"{V1}/999/").data == b""
    missing = client.get(f"{V2}/999/")
    assert missing.status_code == 404
    assert missing.get_json() == {"detail": "No Page matches the given query."}


def test_roots_list_pages_and_v1_schema_and_set_work(client, pages):
    assert client.get("/api/v1/").get_json()["pages/page"] == {
        "list_endpoint": f"{V1}/",
        "schema": f"{V1}/schema/",
    }
    v2_root = client.get("/api/v2/").get_json()
    assert v2_root["pages/page"] == "http://localhost/api/v2/pages/page/"
    schema = client.get(f"{V1}/schema/").get_json()
    assert list(schema["fields"]) == V1_FIELDS
    assert schema["fields"]["is_published"]["type"] == "boolean"
    assert schema["fields"]["path"]["unique"] is True
    assert schema["filtering"]["keywords"] == ["exact", "icontains"]
    assert schema["allowed_list_http_methods"] == ["get", "post"]
    draft = pages["draft"].api_id
    body = client.get(f"{V1}/set/5;{draft};999/").get_json()
    assert titles(body["objects"]) == ["About"]
    assert body["not_found"] == [str(draft), "999"]


# Published-only authorization ---------------------------------------------------


def test_drafts_are_listed_to_staff_only(client, pages, v1_staff, v2_staff, v1_reader):
    assert titles(client.get(f"{V1}/").get_json()["objects"]) == ["About", "Django"]
    reader = client.get(f"{V1}/", headers=v1_reader).get_json()["objects"]
    assert titles(reader) == ["About", "Django"]
    staff = client.get(f"{V1}/", headers=v1_staff).get_json()
    assert titles(staff["objects"]) == ["About", "Django", "Draft"]
    assert staff["meta"]["total_count"] == 3
    assert titles(client.get(f"{V2}/").get_json()) == ["About", "Django"]
    assert len(client.get(f"{V2}/", headers=v2_staff).get_json()) == 3


def test_draft_detail_is_401_in_v1_and_404_in_v2_except_for_staff(
    client, pages, v1_staff, v2_staff, v1_reader, v2_reader
):
    draft = pages["draft"].api_id
    assert client.get(f"{V1}/{draft}/").status_code == 401
    assert client.get(f"{V1}/{draft}/", headers=v1_reader).status_code == 401
    assert client.get(f"{V1}/{draft}/", headers=v1_staff).status_code == 200
    assert client.get(f"{V2}/{draft}/").status_code == 404
    assert client.get(f"{V2}/{draft}/", headers=v2_reader).status_code == 404
    staff = client.get(f"{V2}/{draft}/", headers=v2_staff)
    assert staff.get_json()["is_published"] is False


def test_bad_credentials_are_401_in_both_versions(client, pages, staff_key):
    user, key = staff_key
    for header in (f"Token {key}", f"ApiKey {user.username}:wrong", "ApiKey x"):
        response = client.get(f"{V1}/", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.data == b""
    assert client.get(f"{V1}/?username=x&api_key=y").status_code == 401
    bad = client.get(f"{V2}/", headers={"Authorization": "Token nope"})
    assert bad.status_code == 401
    assert bad.get_json() == {"detail": "Invalid token."}


# Filters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("title=Django", ["Django"]),
        ("path=about", ["About"]),
        ("keywords=django", ["Django"]),
        ("keywords__icontains=PYTHON", ["About"]),
        ("keywords__icontains=DJANGO", ["About", "Django"]),
        ("is_published=false", []),
        ("is_published=True", ["About", "Django"]),
        ("format=json&callback=x&unknown=1", ["About", "Django"]),
    ],
)
def test_v1_filters(client, pages, query, expected):
    response = client.get(f"{V1}/?{query}")
    assert response.status_code == 200
    assert titles(response.get_json()["objects"]) == expected


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("description=x", "The 'description' field does not allow filtering."),
        ("content=x", "The 'content' field does not allow filtering."),
        ("title__icontains=x", "'icontains' is not an allowed filter on the 'title' field."),
        ("keywords__startswith=x", "'startswith' is not an allowed filter on the 'keywords' field."),
        ("is_published=maybe", "'maybe' is not a valid value for the 'is_published' field."),
        ("order_by=-title", "The 'title' field does not allow ordering."),
    ],
)  # fmt: skip
def test_v1_refused_filters_are_400_with_tastypies_message(client, query, error):
    response = client.get(f"{V1}/?{query}")
    assert response.status_code == 400
    assert response.get_json() == {"error": error}


def test_v1_staff_can_filter_drafts(client, pages, v1_staff):
    objects = client.get(f"{V1}/?is_published=false", headers=v1_staff).get_json()
    assert titles(objects["objects"]) == ["Draft"]


@pytest.mark.parametrize(
    ("query", "anonymous", "staff"),
    [
        ("keywords__icontains=PYTHON", ["About"], ["About", "Draft"]),
        ("is_published=False", [], ["Draft"]),
        ("is_published=maybe", ["About", "Django"], ["About", "Django", "Draft"]),
        ("path=psf/django", ["Django"], ["Django"]),
        ("title=", ["About", "Django"], ["About", "Django", "Draft"]),
    ],
)
def test_v2_filters(client, pages, v2_staff, query, anonymous, staff):
    assert titles(client.get(f"{V2}/?{query}").get_json()) == anonymous
    assert titles(client.get(f"{V2}/?{query}", headers=v2_staff).get_json()) == staff


@pytest.mark.parametrize(
    ("query", "messages"),
    [
        ("description=x", ["'exact' is not an allowed filter on the 'description' field."]),
        ("title__icontains=x", ["'icontains' is not an allowed filter on the 'title' field."]),
        ("format=json&limit=2", [
            "'exact' is not an allowed filter on the 'format' field.",
            "'exact' is not an allowed filter on the 'limit' field.",
        ]),
    ],
)  # fmt: skip
def test_v2_filters_are_strict(client, query, messages):
    response = client.get(f"{V2}/?{query}")
    assert response.status_code == 400
    assert response.get_json() == {"error": messages}


# Writes -----------------------------------------------------------------------


def new_page(**extra):
    return {
        "title": "Paradise Lost - The Longest Winter",
        "path": "/the-longest-winter/",
        "keywords": "paradise lost, doom death metal",
        "content": "Some **bold** words.",
        "is_published": True,
        "template_name": "pages/full-width.html",
        "unknown": "ignored",
        **extra,
    }


def test_v1_staff_post_creates_the_page_through_the_service(client, v1_staff):
    response = client.post(f"{V1}/", json=new_page(), headers=v1_staff)
    assert response.status_code == 201
    assert response.data == b""
    page = db.session.scalar(sa.select(Page).where(Page.path == "the-longest-winter"))
    assert response.headers["Location"] == f"{V1}/{page.api_id}/"
    assert page.creator.username == "pagebot"
    assert page.template_name == "pages/full-width.html"
    revisions = db.session.scalars(
        sa.select(PageRevision).where(PageRevision.page_id == page.id)
    ).all()
    assert [r.revision for r in revisions] == [1]
    detail = client.get(response.headers["Location"]).get_json()
    assert detail["path"] == "the-longest-winter"
    # Rendered as reStructuredText, python.org's default markup.
    assert detail["content"].strip() == "<p>Some <strong>bold</strong> words.</p>"
    assert client.get("/the-longest-winter/").status_code == 200


def test_v1_post_is_refused_to_everyone_but_staff_by_api_key(
    client, v1_reader, staff_client
):
    assert client.post(f"{V1}/", json=new_page()).status_code == 401
    assert client.post(f"{V1}/", json=new_page(), headers=v1_reader).status_code == 401
    # A staff session cookie is not an API key.
    assert staff_client.post(f"{V1}/", json=new_page()).status_code == 401
    assert db.session.scalar(sa.select(sa.func.count(Page.id))) == 0


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"title": "No path"}, {"path": ["This field is required."]}),
        (new_page(path="/API/Thing/"), {"path": [
            "Use lowercase letters, digits, '-' and '.' in segments separated by "
            "'/', e.g. psf/mission."
        ]}),
        (new_page(path="admin/x"), {"path": [
            "/admin/ belongs to the site itself; choose another path."
        ]}),
        (new_page(template_name="evil.html"), {"template_name": [
            "Unknown template 'evil.html'; choose one of the listed templates."
        ]}),
        (new_page(title="x" * 501, is_published="perhaps"), {
            "title": ["Ensure this field has no more than 500 characters."],
            "is_published": ["Must be a valid boolean."],
        }),
        ([1, 2], {"__all__": ["Invalid data. Expected a dictionary."]}),
        (new_page(content="[" * 200_001), {
            "content": [
                "Ensure this field has no more than 200,000 characters"
                " (it has 200,001)."
            ],
        }),
    ],
)  # fmt: skip
def test_v1_post_validation_errors_are_400_by_field(client, v1_staff, body, errors):
    response = client.post(f"{V1}/", json=body, headers=v1_staff)
    assert response.status_code == 400
    assert response.get_json() == {"pages/page": errors}


def test_v1_post_to_a_taken_path_is_400(client, pages, v1_staff):
    response = client.post(f"{V1}/", json=new_page(path="about"), headers=v1_staff)
    assert response.status_code == 400
    assert response.get_json() == {
        "pages/page": {"path": ["Another page already lives at /about/."]}
    }


def test_v1_delete_needs_staff_and_removes_the_page_and_its_files(
    client, session, media_root, v1_staff, v1_reader
):
    page = PageFactory(path="doomed", api_id=40)
    image = ImageFactory(page=page, image="pages/doomed/logo.png")
    release = ReleaseFactory(release_page=page)
    stored = media_root / image.image
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"png")
    db.session.commit()
    assert client.delete(f"{V1}/40/").status_code == 401
    assert client.delete(f"{V1}/40/", headers=v1_reader).status_code == 401
    response = client.delete(f"{V1}/40/", headers=v1_staff)
    assert response.status_code == 204
    assert db.session.scalar(sa.select(Page).where(Page.api_id == 40)) is None
    assert not stored.exists()
    db.session.expire_all()
    assert release.release_page is None
    assert client.delete(f"{V1}/40/", headers=v1_staff).status_code == 404


def test_v1_has_no_put_or_patch(client, pages, v1_staff):
    for method in ("put", "patch"):
        for url in (f"{V1}/", f"{V1}/5/"):
            response = getattr(client, method)(url, json={}, headers=v1_staff)
            assert response.status_code == 405, (method, url)
            assert response.data == b""
            assert "GET" in response.headers["Allow"]


def test_v2_is_read_only_401_for_anonymous_403_for_readers_405_for_staff(
    client, pages, v2_staff, v2_reader
):
    for method, url in (
        ("post", f"{V2}/"),
        ("delete", f"{V2}/5/"),
        ("put", f"{V2}/5/"),
    ):
        anonymous = getattr(client, method)(url, json=new_page())
        assert anonymous.status_code == 401
        assert anonymous.get_json() == {
            "detail": "Authentication credentials were not provided."
        }
        reader = getattr(client, method)(url, json=new_page(), headers=v2_reader)
        assert reader.status_code == 403
        staff = getattr(client, method)(url, json=new_page(), headers=v2_staff)
        assert staff.status_code == 405
        assert staff.get_json() == {"detail": f'Method "{method.upper()}" not allowed.'}
        assert staff.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert db.session.scalar(sa.select(sa.func.count(Page.id))) == 3


# Links from the download API ------------------------------------------------------


def test_release_page_uris_are_the_pages_own_resource_uris(client, session):
    page = PageFactory(title="Python 2.7.5", path="download/releases/2.7.5")
    ReleaseFactory(name="Python 2.7.5", release_page=page, is_published=True)
    db.session.commit()
    for version in ("v1", "v2"):
        releases = client.get(f"/api/{version}/downloads/release/").get_json()
        if version == "v1":
            releases = releases["objects"]
        link = releases[0]["release_page"]
        pages = client.get(f"/api/{version}/pages/page/?path={page.path}").get_json()
        own = pages["objects"][0] if version == "v1" else pages[0]
        assert link == own["resource_uri"]
        detail = client.get(link)
        assert detail.status_code == 200
        assert detail.get_json()["title"] == "Python 2.7.5"


# Query counts ---------------------------------------------------------------------


@pytest.mark.parametrize("url", [f"{V1}/?limit=0", f"{V2}/"])
def test_list_query_count_does_not_grow_with_pages(client, session, count_queries, url):
    counts = []
    for total in (10, 200):
        existing = db.session.scalar(sa.select(sa.func.count(Page.id)))
        for n in range(existing, total):
            PageFactory(title=f"Bulk {n:03}", path=f"bulk/{n}")
        db.session.commit()
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1] <= 2
