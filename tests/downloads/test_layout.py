"""Download pages stay readable on a phone and inside the blue hero box."""

import re
from pathlib import Path

from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory, ReleaseFileFactory

CSS_DIR = Path(__file__).resolve().parents[2] / "static" / "css"


def stylesheets() -> str:
    """Every public stylesheet: base.html loads them all on every page."""
    return "\n".join(path.read_text() for path in sorted(CSS_DIR.glob("*.css")))


def test_wide_release_tables_scroll_inside_a_wrapper(client, oses):
    release = ReleaseFactory(name="Python 3.14.2", is_latest=True)
    ReleaseFileFactory(release=release, os=oses["source"], sha256_sum="a" * 64)
    db.session.commit()
    detail = client.get(f"/downloads/release/{release.slug}/").get_data(as_text=True)
    index = client.get("/downloads/").get_data(as_text=True)
    # The files table (nine columns, 64-character hashes) and the series table
    # are each the only child of a sideways-scrolling box, not of the page.
    assert re.search(r'<div class="table-scroll">\s*<table class="data files">', detail)
    assert re.search(r'<div class="table-scroll">\s*<table class="data">', index)
    assert ".table-scroll { overflow-x: auto; }" in stylesheets()


def test_links_in_the_download_hero_are_not_blue_on_blue(client, oses):
    ReleaseFactory(name="Python 3.14.2", is_latest=True)
    db.session.commit()
    index = client.get("/downloads/").get_data(as_text=True)
    hero = index[index.index('<section class="hero download-hero">') :]
    hero = hero[: hero.index("</section>")]
    assert 'href="/downloads/windows/"' in hero
    css = stylesheets()
    assert ".hero a:not(.button) { color: #fff; }" in css
    # The home page's two-column hero grid must not scatter this one's lines.
    assert ".download-hero { display: block; }" in css
