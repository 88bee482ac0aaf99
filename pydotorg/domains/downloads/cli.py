"""``flask downloads ...`` commands."""

from __future__ import annotations

import json
from typing import IO

import click

from pydotorg.domains.downloads.importer import DownloadsImporter
from pydotorg.domains.downloads.services import DownloadsError
from pydotorg.domains.downloads.views import bp
from pydotorg.extensions import db


@bp.cli.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8"))
def import_command(file: IO[str]) -> None:
    """Load python.org's v2 download JSON (os, release, release_file arrays) from FILE."""
    try:
        data = json.load(file)
    except json.JSONDecodeError as error:
        raise click.ClickException(f"{file.name} is not JSON: {error}") from None
    try:
        report = DownloadsImporter(db.session).load(data)
    except DownloadsError as error:
        db.session.rollback()
        raise click.ClickException(f"Nothing imported: {error}") from None
    db.session.commit()
    for name in report.skipped_files:
        click.echo(f"Skipped file {name!r}: its OS or release is not in the data.")
    click.echo(
        f"Imported {report.oses} operating systems, {report.releases} releases "
        f"and {report.files} files."
    )
