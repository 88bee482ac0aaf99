"""Public download pages, redirects and the releases feed."""

import re
from datetime import date

import feedparser

from pydotorg.domains.downloads.models import PythonVersion, ReleaseStatus
from pydotorg.domains.pages.models import ContentType, Page
from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory, ReleaseFileFactory

FTP = "https://www.python.org/ftp/python/"


def text(response):
    return response.get_data(as_text=True)


def test_index_lists_stable_releases_newest_version_first(client, oses):
    ReleaseFactory(name="Python 3.9.2", release_date=date(2021, 2, 19))
    ReleaseFactory(name="Python 3.10.0", is_latest=True, release_date=date(2021, 10, 4))
    ReleaseFactory(name="Python 3.11.0a1", pre_release=True)
    ReleaseFactory(name="Python 3.10.1", is_published=False)
    ReleaseFactory(name="Python 3.9.10", release_date=date(2022, 1, 14))
    db.session.commit()
    html = text(client.get("/downloads/"))
    numbers = re.findall(r'<span class="release-number"><a [^>]*>([^<]+)</a>', html)
    assert numbers == ["Python 3.10.0", "Python 3.9.10", "Python 3.9.2"]
    # Django's "N j, Y" dates, which scrapers parse.
    assert '<span class="release-date">Oct. 4, 2021</span>' in html
    assert '<span class="release-date">Feb. 19, 2021</span>' in html
    assert "Download Python 3.10.0" in html
    assert 'href="/downloads/windows/"' in html
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'class="release-version">3.11</td>' in html  # the active series table


def test_staff_see_drafts_on_the_index(staff_client):
    ReleaseFactory(name="Python 3.10.1", is_published=False)
    db.session.commit()
    assert "Python 3.10.1" in text(staff_client.get("/downloads/"))


def test_os_page_shows_that_os_files_for_stable_and_prereleases(client, oses):
    stable = ReleaseFactory(name="Python 3.14.0")
    pre = ReleaseFactory(name="Python 3.15.0a1", pre_release=True)
    ReleaseFileFactory(
        release=stable, os=oses["windows"], name="Windows installer (64-bit)"
    )
    ReleaseFileFactory(release=stable, os=oses["macos"], name="macOS installer")
    ReleaseFileFactory(
        release=pre, os=oses["windows"], name="Windows installer (ARM64)"
    )
    db.session.commit()
    html = text(client.get("/downloads/windows/"))
    assert "Python Releases for Windows" in html
    assert "Windows installer (64-bit)" in html
    assert "Windows installer (ARM64)" in html
    assert "macOS installer" not in html
    assert client.get("/downloads/no-such-os/").status_code == 404


def test_release_page_has_featured_files_table_and_sidecars(client, oses):
    release = ReleaseFactory(
        name="Python 3.14.0", slug="python-3140", content="**Big** release."
    )
    url = FTP + "3.14.0/Python-3.14.0.tar.xz"
    ReleaseFileFactory(
        release=release,
        os=oses["source"],
        name="XZ compressed source tarball",
        url=url,
        is_source=True,
        download_button=True,
        md5_sum="d41d8cd98f00b204e9800998ecf8427e",
        gpg_signature_file=url + ".asc",
        sigstore_bundle_file=url + ".sigstore",
        sbom_spdx2_file=url + ".spdx.json",
        filesize=23_012_256,
    )
    pkg = ReleaseFileFactory(
        release=release, os=oses["macos"], name="macOS installer", download_button=True
    )
    db.session.commit()
    html = text(client.get("/downloads/release/python-3140/"))
    assert '<h1 class="page-title">Python 3.14.0</h1>' in html
    assert "<strong>Big</strong> release." in html
    featured = html[html.index("featured-downloads") : html.index("Files</h2>")]
    assert featured.index("macOS installer") < featured.index("XZ compressed")
    assert f'href="/downloads/file/{pkg.api_id}/"' in html
    for sidecar in (".asc", ".sigstore", ".spdx.json"):
        assert f'href="{url}{sidecar}"' in html
    assert "d41d8cd98f00b204e9800998ecf8427e" in html
    assert "21.9 MB" in html
    assert "superseded" not in html


def test_older_patch_release_is_superseded_and_eol_is_announced(client):
    ReleaseFactory(name="Python 3.8.19", slug="python-3819")
    ReleaseFactory(name="Python 3.8.20", slug="python-3820", status=ReleaseStatus.EOL)
    db.session.commit()
    html = text(client.get("/downloads/release/python-3819/"))
    assert "superseded by" in html
    assert 'href="/downloads/release/python-3820/">Python 3.8.20</a>' in html
    assert "end of life" in html
    newest = text(client.get("/downloads/release/python-3820/"))
    assert "superseded" not in newest
    assert "end of life" in newest


def test_drafts_are_404_for_the_public_and_visible_to_staff(client, auth, staff_user):
    ReleaseFactory(name="Python 3.14.1", slug="python-3141", is_published=False)
    db.session.commit()
    assert client.get("/downloads/release/python-3141/").status_code == 404
    auth.login(staff_user.username)
    assert client.get("/downloads/release/python-3141/").status_code == 200


def test_latest_redirects(client):
    assert client.get("/downloads/latest/python3/").location == "/downloads/"
    ReleaseFactory(
        name="Python 3.13.2", slug="python-3132", release_date=date(2025, 2, 4)
    )
    ReleaseFactory(
        name="Python 3.13.1", slug="python-3131", release_date=date(2024, 12, 3)
    )
    ReleaseFactory(name="Python 3.14.0", slug="python-3140", is_latest=True)
    ReleaseFactory(name="Python 3.15.0a1", slug="python-3150a1", pre_release=True)
    ReleaseFactory(
        name="Python install manager 25.0",
        slug="pymanager-250",
        version=PythonVersion.PYMANAGER,
    )
    page = Page(
        title="Python 2.7.5",
        path="download/releases/2.7.5",
        content_type=ContentType.RESTRUCTUREDTEXT,
    )
    ReleaseFactory(
        name="Python 2.7.5", version=PythonVersion.PYTHON2, release_page=page
    )
    db.session.commit()
    expected = {
        "/downloads/latest/": "/downloads/release/python-3140/",
        "/downloads/latest/python3/": "/downloads/release/python-3140/",
        "/downloads/latest/python3.13/": "/downloads/release/python-3132/",
        "/downloads/latest/python3.99/": "/downloads/",
        "/downloads/latest/prerelease/": "/downloads/release/python-3150a1/",
        "/downloads/latest/pymanager/": "/downloads/release/pymanager-250/",
        # A release without content of its own points at its legacy page.
        "/downloads/latest/python2/": "/download/releases/2.7.5/",
    }
    for url, target in expected.items():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.location == target, url


def test_feed_is_rss_of_ten_newest_published_releases(client):
    for day in range(1, 13):
        ReleaseFactory(name=f"Python 3.12.{day}", release_date=date(2024, 1, day))
    ReleaseFactory(
        name="Python 3.13.0", is_published=False, release_date=date(2024, 2, 1)
    )
    db.session.commit()
    response = client.get("/downloads/feed.rss")
    assert response.content_type == "application/rss+xml; charset=utf-8"
    feed = feedparser.parse(response.data)
    assert feed.version == "rss20"
    assert feed.feed.title == "Python Releases"
    titles = [entry.title for entry in feed.entries]
    assert titles == [f"Python 3.12.{day}" for day in range(12, 2, -1)]
    first = feed.entries[0]
    assert first.link == "http://localhost/downloads/release/python-31212/"
    assert first.summary == "Release date: 2024-01-12 00:00:00+00:00"


def _add_releases(session, oses, numbers):
    """Releases with a Windows and a source file each, added in one flush."""
    for n in numbers:
        release = ReleaseFactory.build(
            name=f"Python 3.{n % 40}.{n}", slug=f"python-bulk-{n}"
        )
        session.add(release)
        for slug in ("windows", "source"):
            session.add(
                ReleaseFileFactory.build(
                    release=release,
                    os=oses[slug],
                    slug=f"bulk-{n}-{slug}",
                    url=f"{FTP}bulk/{n}/{slug}.bin",
                )
            )
    session.flush()
    db.session.commit()


def _queries(count_queries, client, url):
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


PUBLIC_URLS = (
    "/downloads/",
    "/downloads/windows/",
    "/downloads/release/python-bulk-3/",
    "/downloads/feed.rss",
    "/api/v1/downloads/release/",
    "/api/v1/downloads/release_file/",
    "/api/v1/downloads/os/",
    "/api/v2/downloads/release/",
    "/api/v2/downloads/release_file/",
    "/api/v2/downloads/os/",
)


def test_pages_and_api_lists_run_a_fixed_number_of_queries(
    client, session, oses, count_queries
):
    _add_releases(session, oses, range(10))
    small = {url: _queries(count_queries, client, url) for url in PUBLIC_URLS}
    _add_releases(session, oses, range(10, 500))
    large = {url: _queries(count_queries, client, url) for url in PUBLIC_URLS}
    assert large == small
    assert max(small.values()) <= 5, small


def test_feed_parses_cleanly_with_escaped_titles_and_a_self_link(client):
    ReleaseFactory(
        name="Python 3.14.0 <final> & more",
        slug="python-3140",
        release_date=date(2025, 10, 7),
    )
    db.session.commit()
    feed = feedparser.parse(client.get("/downloads/feed.rss").data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.link == "http://localhost/downloads/"
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == ["http://localhost/downloads/feed.rss"]
    assert feed.feed.language == "en-us"
    (entry,) = feed.entries
    assert entry.title == "Python 3.14.0 <final> & more"
    assert entry.id == entry.link
    assert entry.published_parsed[:3] == (2025, 10, 7)
