"""``flask downloads import``: python.org's v2 JSON in, with its integer ids kept."""

import json
from pathlib import Path

import sqlalchemy as sa

from pydotorg.core.models import ApiIdCounter
from pydotorg.domains.downloads.models import OS, Release, ReleaseFile
from pydotorg.domains.downloads.services import ReleaseService
from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory

SAMPLE = Path(__file__).parent / "data" / "python_org_v2_sample.json"


def counts():
    return tuple(
        db.session.scalar(sa.select(sa.func.count(model.id)))
        for model in (OS, Release, ReleaseFile)
    )


def test_import_keeps_python_org_ids_and_is_repeatable(runner, session, client):
    result = runner.invoke(args=["downloads", "import", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "Imported 3 operating systems, 3 releases and 4 files." in result.output
    assert "Skipped file 'Orphan file'" in result.output
    assert counts() == (3, 3, 4)

    release = session.scalar(sa.select(Release).where(Release.api_id == 1050))
    assert release.name == "Python 3.14.0"
    assert release.is_latest and release.is_published
    assert str(release.release_date) == "2025-10-07"
    assert {f.api_id for f in release.files} == {4310, 4311}
    legacy = session.scalar(sa.select(ReleaseFile).where(ReleaseFile.api_id == 190))
    assert legacy.url.startswith("http://www.python.org/")  # kept as python.org has it

    again = runner.invoke(args=["downloads", "import", str(SAMPLE)])
    assert again.exit_code == 0, again.output
    assert counts() == (3, 3, 4)

    # The imported ids are what the API serves.
    files = client.get("/api/v2/downloads/release_file/?release=1050").get_json()
    assert sorted(f["resource_uri"].rsplit("/", 2)[-2] for f in files) == [
        "4310",
        "4311",
    ]
    # The import moved the counter past python.org's ids; new rows continue after it.
    assert session.get(ApiIdCounter, "releases").last_value == 1052
    created = ReleaseService(session).create({"name": "Python 3.14.1"})
    assert created.api_id == 1053


def test_import_of_bad_data_saves_nothing(runner, session, tmp_path):
    data = json.loads(SAMPLE.read_text())
    data["release_file"][0]["sha256_sum"] = "not-hex"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = runner.invoke(args=["downloads", "import", str(bad)])
    assert result.exit_code != 0
    assert "Nothing imported" in result.output
    assert "sha256_sum" in result.output
    assert counts() == (0, 0, 0)


def test_import_rejects_non_json(runner, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("<html>")
    result = runner.invoke(args=["downloads", "import", str(bad)])
    assert result.exit_code != 0
    assert "is not JSON" in result.output


def test_import_over_local_rows_updates_them_and_keeps_python_org_ids(
    runner, session, client
):

    # Made here before the import: same slug as python.org's release 1050, and a
    # local release holding id 80, which is python.org's id for Python 2.7.5.
    ours = ReleaseFactory(name="Python 3.14.0", slug="python-3140", api_id=3)
    local = ReleaseFactory(name="Python 3.13.0", slug="python-3130", api_id=80)
    db.session.commit()
    result = runner.invoke(args=["downloads", "import", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert ours.api_id == 1050 and ours.is_latest  # updated, not duplicated
    assert local.name == "Python 3.13.0" and local.api_id not in (80, 1050, 3)
    legacy = session.scalar(sa.select(Release).where(Release.api_id == 80))
    assert legacy.name == "Python 2.7.5"
    assert counts() == (3, 4, 4)
    again = runner.invoke(args=["downloads", "import", str(SAMPLE)])
    assert again.exit_code == 0, again.output
    assert counts() == (3, 4, 4)
