"""The public minutes pages: published only, newest first, drafts for staff."""

from datetime import date

from pydotorg.extensions import db
from tests.factories.minutes import MinutesFactory

LIST_URL = "/psf/records/board/minutes/"


def test_list_shows_published_minutes_newest_first(client, session):
    MinutesFactory(date=date(2024, 1, 10))
    MinutesFactory(date=date(2024, 3, 13))
    MinutesFactory(date=date(2024, 2, 14), is_published=False)
    db.session.commit()
    html = client.get(LIST_URL).get_data(as_text=True)
    assert html.index("March 13, 2024") < html.index("January 10, 2024")
    assert "February 14, 2024" not in html
    assert "Draft" not in html


def test_staff_see_drafts_with_a_marker(staff_client, session):
    MinutesFactory(date=date(2024, 2, 14), is_published=False)
    db.session.commit()
    html = staff_client.get(LIST_URL).get_data(as_text=True)
    assert "February 14, 2024" in html
    assert 'class="draft-marker">Draft' in html
    detail = staff_client.get(f"{LIST_URL}2024-02-14/").get_data(as_text=True)
    assert "only staff can see them" in detail


def test_list_is_paginated(app, client, session):
    for day in range(1, 25):
        MinutesFactory(date=date(2023, 1, day))
    db.session.commit()
    first = client.get(LIST_URL).get_data(as_text=True)
    second = client.get(f"{LIST_URL}?page=2").get_data(as_text=True)
    assert "January 24, 2023" in first and "January 24, 2023" not in second
    assert "January 1, 2023" in second and "January 1, 2023" not in first
    assert client.get(f"{LIST_URL}?page=9").status_code == 404


def test_detail_renders_the_rst_content_safely(client, session):
    MinutesFactory(
        date=date(2024, 3, 13),
        content="Resolutions\n===========\n\n*Approved* 6-0-0.\n\n"
        "`click <javascript:alert(1)>`_\n\n.. raw:: html\n\n   <script>bad()</script>\n",
    )
    MinutesFactory(date=date(2024, 1, 10))
    db.session.commit()
    response = client.get(f"{LIST_URL}2024-03-13/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h2>Resolutions</h2>" in html
    assert "<em>Approved</em>" in html
    assert "javascript:" not in html
    assert "<script>bad()" not in html
    assert "January 10, 2024" in html  # the same-year navigation


def test_unpublished_or_unknown_minutes_are_404_for_the_public(client, session):
    MinutesFactory(date=date(2024, 2, 14), is_published=False)
    db.session.commit()
    assert client.get(f"{LIST_URL}2024-02-14/").status_code == 404
    assert client.get(f"{LIST_URL}1999-01-01/").status_code == 404


def test_list_query_count_does_not_grow_with_the_rows(client, session, count_queries):
    for day in range(1, 16):
        MinutesFactory(date=date(2022, 5, day))
    db.session.commit()
    with count_queries() as counter:
        assert client.get(LIST_URL).status_code == 200
    # banners, the page count and the page's rows
    assert counter.count <= 3, counter.statements


def test_detail_query_count(client, session, count_queries):
    for day in range(1, 8):
        MinutesFactory(date=date(2022, 5, day))
    db.session.commit()
    with count_queries() as counter:
        assert client.get(f"{LIST_URL}2022-05-03/").status_code == 200
    # banners, the minutes, the same-year navigation
    assert counter.count <= 3, counter.statements
