"""The counting download redirect, its upsert under concurrency, and the admin chart."""

import threading
from datetime import timedelta

import sqlalchemy as sa

from pydotorg.domains.downloads.models import DownloadStatistic, utc_today
from pydotorg.extensions import db
from tests.factories.downloads import (
    DownloadStatisticFactory,
    ReleaseFactory,
    ReleaseFileFactory,
)


def downloads_of(release_file_id):
    return db.session.execute(
        sa.select(DownloadStatistic.date, DownloadStatistic.download_count).where(
            DownloadStatistic.release_file_id == release_file_id
        )
    ).all()


def test_redirect_counts_one_row_per_file_per_day(client, oses):
    release_file = ReleaseFileFactory(os=oses["source"])
    db.session.commit()
    for _ in range(3):
        response = client.get(f"/downloads/file/{release_file.api_id}/")
        assert response.status_code == 302
        assert response.location == release_file.url
    assert downloads_of(release_file.id) == [(utc_today(), 3)]


def test_redirect_of_draft_or_unknown_file_is_404(client, oses):
    draft = ReleaseFactory(is_published=False)
    release_file = ReleaseFileFactory(release=draft, os=oses["source"])
    db.session.commit()
    assert client.get(f"/downloads/file/{release_file.api_id}/").status_code == 404
    assert client.get("/downloads/file/999999/").status_code == 404
    assert downloads_of(release_file.id) == []


def test_concurrent_downloads_lose_no_counts(app, live_db, session, oses):
    release_file = ReleaseFileFactory(os=oses["source"])
    db.session.commit()
    url, file_id = f"/downloads/file/{release_file.api_id}/", release_file.id
    db.session.rollback()  # hold no read lock while the threads write
    threads_count, hits = 8, 10
    statuses = []

    def download():
        client = app.test_client()
        for _ in range(hits):
            statuses.append(client.get(url).status_code)

    threads = [threading.Thread(target=download) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * threads_count * hits
    assert downloads_of(file_id) == [(utc_today(), threads_count * hits)]


def test_admin_chart_per_release_and_os_for_30_and_365_days(staff_client, oses):
    recent = ReleaseFileFactory(
        release=ReleaseFactory(name="Python 3.14.0"), os=oses["windows"]
    )
    old = ReleaseFileFactory(
        release=ReleaseFactory(name="Python 3.12.0"), os=oses["macos"]
    )
    DownloadStatisticFactory(release_file=recent, download_count=40)
    DownloadStatisticFactory(
        release_file=old, download_count=7, date=utc_today() - timedelta(days=100)
    )
    db.session.commit()
    month = staff_client.get("/admin/download-chart/?days=30").get_data(as_text=True)
    assert "Python 3.14.0" in month and "40 downloads" in month
    assert "Python 3.12.0" not in month and "macOS" not in month
    year = staff_client.get("/admin/download-chart/?days=365").get_data(as_text=True)
    assert "Python 3.12.0" in year and "7 downloads" in year
    assert "macOS" in year and "Windows" in year


def test_chart_is_for_staff_only(client, auth, user):
    db.session.commit()
    assert client.get("/admin/download-chart/").status_code == 302
    auth.login(user.username)
    assert client.get("/admin/download-chart/").status_code == 403
