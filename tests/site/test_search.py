"""Site search: every domain's public content, ranked, highlighted, paginated, current."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from pydotorg.core.markup import ContentType
from pydotorg.domains.jobs.models import JobStatus
from pydotorg.domains.jobs.services import JobService
from pydotorg.domains.pages.services import PageService
from pydotorg.extensions import db
from pydotorg.site.search.index import reindex
from pydotorg.site.search.models import SearchEntry
from pydotorg.site.search.query import search
from tests.factories.blogs import BlogEntryFactory
from tests.factories.community import PostFactory
from tests.factories.downloads import ReleaseFactory
from tests.factories.events import EventFactory
from tests.factories.jobs import JobFactory
from tests.factories.minutes import MinutesFactory
from tests.factories.pages import PageFactory
from tests.factories.successstories import StoryFactory


def titles(query: str, **kwargs) -> list[str]:
    return [hit.title for hit in search(db.session, query, **kwargs).hits]


def result_titles(client, url: str) -> list[str]:
    html = client.get(url).get_data(as_text=True)
    return re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', html)


def test_every_kind_of_public_content_is_found(session):
    PageFactory(title="Zebrafish page", content="About zebrafish.")
    ReleaseFactory(name="Python 9.9.9", is_published=True, content="Zebrafish fixes.")
    JobFactory(job_title="Zebrafish wrangler", status=JobStatus.APPROVED)
    EventFactory(title="Zebrafish sprint")
    StoryFactory(name="Zebrafish at scale", is_published=True)
    BlogEntryFactory(title="Zebrafish news")
    MinutesFactory(content="The board discussed zebrafish.", is_published=True)
    PostFactory(title="Zebrafish photos", is_published=True)
    session.commit()

    found = search(session, "zebrafish")
    assert found.total == 8
    assert {hit.kind for hit in found.hits} == {
        "pages", "releases", "jobs", "events", "stories", "blogs", "minutes", "community"
    }  # fmt: skip


def test_unpublished_content_is_never_shown(session, client):
    PageFactory(title="Draft okapi", is_published=False)
    ReleaseFactory(name="Python 8.8.8", content="okapi", is_published=False)
    JobFactory(job_title="Okapi keeper", status=JobStatus.REVIEW)
    StoryFactory(name="Okapi story", is_published=False)
    MinutesFactory(content="okapi", is_published=False)
    PostFactory(title="Okapi post", is_published=False)
    JobFactory(
        job_title="Expired okapi job",
        status=JobStatus.APPROVED,
        expires=datetime.now(UTC).date() - timedelta(days=1),
    )
    session.commit()
    reindex(session)
    session.commit()

    assert titles("okapi") == []
    assert result_titles(client, "/search/?q=okapi") == []


def test_title_hits_rank_before_body_hits(session):
    PageFactory(title="Gardening", content="capybara " * 30)
    PageFactory(title="Capybara", content="A short page.")
    session.commit()

    assert titles("capybara") == ["Capybara", "Gardening"]


def test_snippets_are_highlighted_and_escaped(session, client):
    PageFactory(
        title="Markup",
        content="Use <script>alert(1)</script> & a wombat here.",
        content_type=ContentType.HTML,
    )
    PageFactory(title="Text", content="&lt;b&gt;wombat&lt;/b&gt; in a tag")
    session.commit()

    html = client.get("/search/?q=wombat").get_data(as_text=True)
    assert "<mark>wombat</mark>" in html
    assert "<script>alert" not in html
    assert "&lt;b&gt;<mark>wombat</mark>" in html


def test_pages_of_results_and_type_filter(session, client, app):
    app.config["ITEMS_PER_PAGE"] = 3
    try:
        for number in range(5):
            PageFactory(title=f"Tapir page {number}")
        EventFactory(title="Tapir meetup")
        session.commit()

        first = result_titles(client, "/search/?q=tapir")
        second = result_titles(client, "/search/?q=tapir&page=2")
        assert len(first) == 3 and len(second) == 3
        assert set(first).isdisjoint(second)
        assert result_titles(client, "/search/?q=tapir&type=events") == ["Tapir meetup"]
        assert client.get("/search/?q=tapir&page=3").status_code == 404
    finally:
        app.config["ITEMS_PER_PAGE"] = 20


def test_index_follows_create_update_publish_and_delete_through_services(
    session, superuser
):
    pages = PageService(session)
    page = PageFactory.build(title="Quokka facts", path="quokka", is_published=False)
    pages.save(page, by=superuser)
    session.commit()
    assert titles("quokka") == []

    page.is_published = True
    pages.save(page, by=superuser)
    session.commit()
    assert titles("quokka") == ["Quokka facts"]

    page.title = "Numbat facts"
    pages.save(page, by=superuser)
    session.commit()
    assert titles("quokka") == []
    assert titles("numbat") == ["Numbat facts"]

    page.is_published = False
    pages.save(page, by=superuser)
    session.commit()
    assert titles("numbat") == []

    page.is_published = True
    pages.save(page, by=superuser)
    session.commit()
    pages.delete(page, by=superuser)
    session.commit()
    assert titles("numbat") == []
    assert session.scalar(sa.select(sa.func.count()).select_from(SearchEntry)) == 0


def test_jobs_enter_the_index_when_approved_and_leave_when_archived(session, superuser):
    jobs = JobService(session)
    job = JobFactory(job_title="Platypus engineer", status=JobStatus.REVIEW)
    session.commit()
    assert titles("platypus") == []

    jobs.approve(job, by=superuser)
    session.commit()
    assert titles("platypus") == [f"Platypus engineer, {job.company_name}"]

    jobs.archive(job, by=superuser)
    session.commit()
    assert titles("platypus") == []


def test_a_rolled_back_change_leaves_the_index_alone(session):
    PageFactory(title="Axolotl")
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(SearchEntry)) == 0


def test_reindex_command_rebuilds_the_index(session, runner):
    PageFactory(title="Pangolin")
    session.commit()
    session.execute(sa.delete(SearchEntry))
    session.commit()
    assert titles("pangolin") == []

    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "pages: 1" in result.output
    assert titles("pangolin") == ["Pangolin"]


def test_query_syntax_is_not_the_visitors(session, client):
    PageFactory(title="Narwhal")
    session.commit()
    for query in ['"', "narwhal OR", "title:narwhal", "NEAR(", "*", "narwhal -x"]:
        assert client.get("/search/", query_string={"q": query}).status_code == 200


def test_search_page_runs_a_fixed_number_of_queries(session, client, count_queries):
    PageFactory(title="Lemur 0")
    session.commit()
    client.get("/search/?q=lemur")
    with count_queries() as few:
        client.get("/search/?q=lemur")
    for number in range(1, 15):
        PageFactory(title=f"Lemur {number}")
    EventFactory(title="Lemur day")
    session.commit()
    with count_queries() as many:
        client.get("/search/?q=lemur")
    assert many.count == few.count


def test_header_has_a_plain_get_search_form(client):
    html = client.get("/search/").get_data(as_text=True)
    form = re.search(r'<form class="site-search"[^>]*>(.*?)</form>', html, re.S)
    assert form is not None
    assert 'method="get"' in form.group(0)
    assert 'action="/search/"' in form.group(0)
    assert "csrf_token" not in form.group(1)
