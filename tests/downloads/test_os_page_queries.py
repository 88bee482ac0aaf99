"""The per-OS download page loads its files in one query at any number of releases."""

from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory, ReleaseFileFactory

FTP = "https://www.python.org/ftp/python/"


def _add_releases(session, oses, numbers, systems=("windows", "macos")):
    """Releases with a file for each of ``systems``, added in one flush."""
    for n in numbers:
        release = ReleaseFactory.build(
            name=f"Python 3.{n % 40}.{n}", slug=f"python-os-{n}"
        )
        session.add(release)
        for slug in systems:
            session.add(
                ReleaseFileFactory.build(
                    release=release,
                    os=oses[slug],
                    name=f"{oses[slug].name} installer {n}",
                    slug=f"os-{n}-{slug}",
                    url=f"{FTP}os/{n}/{slug}.bin",
                )
            )
    session.flush()
    db.session.commit()


def _page_queries(count_queries, client):
    with count_queries() as counter:
        response = client.get("/downloads/windows/")
    assert response.status_code == 200
    return counter.count, response.get_data(as_text=True)


def test_os_page_query_count_does_not_grow_past_500_releases(
    client, session, oses, count_queries
):
    # selectinload sends parent ids in chunks of 500, one query per chunk; more
    # than 500 releases shows whether the files are loaded in a single query.
    _add_releases(session, oses, range(2))
    _add_releases(session, oses, [5000], systems=("macos",))
    small, _ = _page_queries(count_queries, client)
    _add_releases(session, oses, range(2, 1100))
    large, html = _page_queries(count_queries, client)
    assert large == small
    assert html.count("Windows installer") == 1100  # every release's, and only those
    assert "macOS installer" not in html
    # A release without a file for this OS is still listed (an outer join).
    assert "Python 3.0.5000 - " in html
    assert "No files for this release." in html
