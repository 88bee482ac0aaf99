"""/doc/ and /doc/versions/ made from the releases, and the /getit/ mount of the
download pages (python.org's)."""

import re
from datetime import date

from pydotorg.domains.downloads.models import PythonVersion
from pydotorg.extensions import db
from tests.factories.downloads import OSFactory, ReleaseFactory


def release(name, released, **kwargs):
    python2 = name.startswith("Python 2")
    return ReleaseFactory(
        name=name,
        release_date=released,
        version=PythonVersion.PYTHON2 if python2 else PythonVersion.PYTHON3,
        **kwargs,
    )


def seed_releases():
    release("Python 3.13.1", date(2024, 12, 3))
    release("Python 3.13.0", date(2024, 10, 7))
    release("Python 3.14.0rc2", date(2025, 8, 14), pre_release=True)
    release("Python 3.12.8", date(2024, 12, 3))
    release("Python 3.12.7", date(2024, 10, 1))
    release("Python 3.11.99", date(2030, 1, 1), is_published=False)
    release("Python 3.11.9", date(2024, 4, 2))
    release("Python 2.7.18", date(2020, 4, 20))
    release("Python 2.7.17", date(2019, 10, 19))
    release("Python 2.6.9", date(2013, 10, 29))
    ReleaseFactory(
        name="Python install manager 25.0", version=PythonVersion.PYMANAGER,
        release_date=date(2025, 1, 1),
    )  # fmt: skip
    db.session.commit()


def test_doc_shows_the_latest_python_3_and_2(client, session):
    seed_releases()
    response = client.get("/doc/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(
        r'href="https://docs.python.org/3/">Python 3\.13\.1 documentation', html
    )
    assert re.search(
        r'href="https://docs.python.org/2/">Python 2\.7\.18 documentation', html
    )
    assert "3.14.0rc2" not in html and "3.11.99" not in html


def test_doc_versions_lists_each_series_newest_release_newest_first(client, session):
    seed_releases()
    response = client.get("/doc/versions/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    versions = re.findall(r"<li><a href=\"([^\"]+)\">Python ([\d.]+)</a>", html)
    assert [v for _, v in versions] == [
        "3.13.1", "3.12.8", "3.11.9", "2.7.18", "2.6.9",
        # python.org's hand-written legacy versions (no releases in its database)
        "2.2.3", "2.1.3", "2.0.1", "1.6", "1.5.2", "1.4",
    ]  # fmt: skip
    assert versions[0][0] == "https://docs.python.org/release/3.13.1/"
    assert "Python 3.13.1</a>, documentation released on 3 December 2024." in html


def test_doc_pages_work_without_releases(client, session):
    assert "No releases yet." in client.get("/doc/").get_data(as_text=True)
    assert client.get("/doc/versions/").status_code == 200


def test_getit_mounts_the_download_pages(client, session):
    seed_releases()
    OSFactory(name="Windows", slug="windows")
    db.session.commit()
    for path in ("", "windows/", "release/python-3131/", "operating-systems/"):
        downloads = client.get(f"/downloads/{path}")
        getit = client.get(f"/getit/{path}")
        assert downloads.status_code == getit.status_code == 200, path
        # The mirror's own links stay under /getit/; otherwise the pages are the same.
        mirrored = getit.get_data().replace(b"/getit/", b"/downloads/")
        assert mirrored == downloads.get_data(), path
        assert b'rel="canonical" href="http://localhost/downloads/' in getit.get_data()
    latest = client.get("/getit/latest/python3/")
    assert latest.status_code == 302
    assert latest.location == "/downloads/release/python-3131/"
    assert client.get("/getit/no-such-os/").status_code == 404
