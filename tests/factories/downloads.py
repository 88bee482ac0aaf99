"""Factories for operating systems, releases, release files and download counts."""

import hashlib
from datetime import date

import factory

from pydotorg.domains.downloads.models import (
    OS,
    DownloadStatistic,
    PythonVersion,
    Release,
    ReleaseFile,
    utc_today,
)
from tests.factories.base import ModelFactory


class OSFactory(ModelFactory):
    class Meta:
        model = OS

    name = factory.Sequence(lambda n: f"Operating System {n}")
    slug = factory.Sequence(lambda n: f"os-{n}")


class ReleaseFactory(ModelFactory):
    class Meta:
        model = Release

    name = factory.Sequence(lambda n: f"Python 3.{n % 20}.{n}")
    version = PythonVersion.PYTHON3
    is_published = True
    release_date = date(2025, 10, 7)
    release_notes_url = "https://docs.python.org/3/whatsnew/changelog.html"


class ReleaseFileFactory(ModelFactory):
    class Meta:
        model = ReleaseFile

    release = factory.SubFactory(ReleaseFactory)
    os = factory.SubFactory(OSFactory)
    name = factory.Sequence(lambda n: f"File {n}")
    url = factory.Sequence(
        lambda n: f"https://www.python.org/ftp/python/3.14.0/file-{n}.tar.xz"
    )
    sha256_sum = factory.LazyAttribute(
        lambda o: hashlib.sha256(o.url.encode()).hexdigest()
    )
    filesize = 29_000_000


class DownloadStatisticFactory(ModelFactory):
    class Meta:
        model = DownloadStatistic

    release_file = factory.SubFactory(ReleaseFileFactory)
    date = factory.LazyFunction(utc_today)
    download_count = 1
