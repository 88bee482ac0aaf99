"""Site menus: python.org's tree seeded, staff edit it, visitors use it by keyboard."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from pydotorg.domains.pages.menus import seed_menus
from pydotorg.domains.pages.models import MenuItem
from pydotorg.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.pages import PageFactory


def item(title, url, parent=None, order=0, visible=True):
    row = MenuItem(
        title=title, url=url, parent=parent, sort_order=order, is_visible=visible
    )
    db.session.add(row)
    return row


@pytest.fixture
def menu(session):
    python = item("Python", "/", order=1)
    psf = item("PSF", "/psf/", order=2)
    item("PyPI", "https://pypi.org/", order=3)
    about = item("About", "/about/", python, order=1)
    item("Applications", "/about/apps/", about, order=2)
    item("Quotes", "/about/quotes/", about, order=1)
    item("Secret", "/about/secret/", about, order=3, visible=False)
    item("Downloads", "/downloads/", python, order=2)
    item("Membership", "/psf/membership/", psf, order=1)
    db.session.commit()
    return about


def header(client, url="/"):
    html = client.get(url).get_data(as_text=True)
    return html[html.index("<header") : html.index("</header>")]


def test_header_shows_the_top_bar_and_the_sections_sub_menus(client, menu):
    top = header(client)
    assert re.findall(r'class="meta-nav".*?</nav>', top, re.S)
    meta = re.search(r'class="meta-nav".*?</nav>', top, re.S).group(0)
    assert re.findall(r">([^<]+)</a>", meta) == ["Python", "PSF", "PyPI"]
    main = re.search(r'id="main-nav".*?</nav>', top, re.S).group(0)
    assert ">About</a>" in main and ">Downloads</a>" in main
    # Sub-menu items in order; hidden ones are left out.
    submenu = re.search(r'<ul class="submenu" id="submenu-1">(.*?)</ul>', main, re.S)
    assert re.findall(r">([^<]+)</a>", submenu.group(1)) == ["Quotes", "Applications"]
    assert "Secret" not in top


def test_sub_menus_are_disclosure_buttons_for_keyboards_and_screen_readers(
    client, menu
):
    top = header(client)
    button = re.search(r'<button type="button" class="submenu-toggle"[^>]*>', top)
    assert 'aria-expanded="false"' in button.group(0)
    assert 'aria-controls="submenu-1"' in button.group(0)
    assert 'id="submenu-1"' in top
    assert "About menu</span></button>" in top
    # Phones get one menu button for the whole menu.
    assert re.search(
        r'<button type="button" class="menu-toggle" aria-expanded="false" '
        r'aria-controls="main-nav"',
        top,
    )


def test_menu_script_is_a_static_file_and_pages_have_no_inline_script(client, menu):
    html = client.get("/").get_data(as_text=True)
    assert '<script src="/static/js/menu.js" defer></script>' in html
    inline = [
        s
        for s in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        if "application/ld+json" not in s
    ]
    assert inline == []
    assert not re.search(r"\son[a-z]+=", html)
    script = client.get("/static/js/menu.js")
    script.close()
    assert script.status_code == 200


def test_psf_pages_show_the_psf_menu(client, menu):
    PageFactory(path="psf/membership", title="Membership")
    db.session.commit()
    main = re.search(
        r'id="main-nav".*?</nav>', header(client, "/psf/membership/"), re.S
    ).group(0)
    assert ">Membership</a>" in main and ">About</a>" not in main


def test_cms_page_with_the_sidebar_template_shows_section_and_breadcrumbs(client, menu):
    PageFactory(path="about/quotes", title="Quotes about Python", template_name="")
    db.session.commit()
    html = client.get("/about/quotes/").get_data(as_text=True)
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert re.findall(r">([^<]+)</a>", crumbs) == ["Python", "About", "Quotes"]
    assert 'aria-current="page">Quotes</a>' in crumbs
    sidebar = re.search(r'<aside class="page-sidebar">.*?</aside>', html, re.S)
    assert re.findall(r">([^<]+)</a>", sidebar.group(0)) == [
        "About",
        "Quotes",
        "Applications",
    ]


def test_page_missing_from_the_menu_ends_the_trail_with_its_own_title(client, menu):
    PageFactory(path="about/history", title="History of Python")
    db.session.commit()
    html = client.get("/about/history/").get_data(as_text=True)
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert re.findall(r">([^<]+)</a>", crumbs) == [
        "Python",
        "About",
        "History of Python",
    ]


def test_full_width_pages_have_no_sidebar(client, menu):
    PageFactory(path="about/apps", template_name="pages/full-width.html")
    db.session.commit()
    assert "page-sidebar" not in client.get("/about/apps/").get_data(as_text=True)


def test_staff_edits_show_on_the_next_page(staff_client, menu):
    assert ">Quotes</a>" in header(staff_client)
    page = staff_client.get("/admin/menu_items/new/").get_data(as_text=True)
    response = staff_client.post(
        "/admin/menu_items/new/",
        data={
            "csrf_token": csrf_token_from(page),
            "menu": "main",
            "parent": str(menu.id),
            "title": "Help",
            "url": "/about/help/",
            "hint": "",
            "sort_order": "0",
            "is_visible": "y",
        },
    )
    assert response.status_code == 302
    submenu = re.search(r'id="submenu-1">(.*?)</ul>', header(staff_client), re.S)
    assert re.findall(r">([^<]+)</a>", submenu.group(1))[0] == "Help"


def test_admin_refuses_bad_urls_and_nesting_an_item_in_itself(staff_client, menu):
    url = f"/admin/menu_items/edit/?id={menu.id}"
    page = staff_client.get(url).get_data(as_text=True)
    response = staff_client.post(
        url,
        data={
            "csrf_token": csrf_token_from(page),
            "menu": "main",
            "parent": str(menu.children[0].id),
            "title": "About",
            "url": "javascript:alert(1)",
            "sort_order": "1",
            "is_visible": "y",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Use a site path (/about/) or an http(s) URL." in html
    assert "An item cannot be nested inside itself." in html


def test_seed_loads_python_orgs_tree_and_hides_what_this_site_lacks(app, session):
    with app.test_request_context():
        seed_menus(db.session)
        seed_menus(db.session)  # a second run adds nothing
    rows = list(db.session.scalars(sa.select(MenuItem)))
    assert len(rows) == 115
    roots = sorted((r for r in rows if r.parent_id is None), key=lambda r: r.sort_order)
    assert [r.title for r in roots] == [
        "Python", "PSF", "Docs", "PyPI", "Jobs", "Community",
    ]  # fmt: skip
    by_title = {r.title: r for r in rows}
    assert by_title["Python"].url == "/" and by_title["Jobs"].url == "/jobs/"
    # Hidden in python.org's tree, hidden here.
    assert by_title["Release Schedule"].is_visible is False
    # No page at /about/quotes/ in an empty database: not shown.
    assert by_title["Quotes"].is_visible is False
    assert by_title["PyPI"].is_visible is True


def test_seeded_menu_has_no_broken_links(client, runner):
    from pydotorg.cli import seed_command

    assert runner.invoke(seed_command).exit_code == 0
    db.session.commit()
    top = header(client)
    links = set(re.findall(r'href="(/[^"]*)"', top))
    assert len(links) > 10
    for link in sorted(links):
        assert client.get(link).status_code < 400, link
