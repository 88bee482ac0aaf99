"""The public work group pages: active groups for everyone, inactive ones for staff."""

from pydotorg.extensions import db
from tests.factories.work_groups import WorkGroupFactory

LIST_URL = "/psf/workgroups/"


def test_list_shows_active_work_groups(client, session):
    WorkGroupFactory(name="Packaging", short_description="Helps PyPI.")
    WorkGroupFactory(name="Dormant", active=False)
    db.session.commit()
    html = client.get(LIST_URL).get_data(as_text=True)
    assert "Packaging" in html and "Helps PyPI." in html
    assert "Dormant" not in html


def test_staff_see_inactive_groups_with_a_marker(staff_client, session):
    group = WorkGroupFactory(name="Dormant", active=False)
    db.session.commit()
    html = staff_client.get(LIST_URL).get_data(as_text=True)
    assert "Dormant" in html and 'class="draft-marker">Inactive' in html
    detail = staff_client.get(f"{LIST_URL}{group.slug}/").get_data(as_text=True)
    assert "only staff can see it" in detail


def test_detail_renders_the_charter(client, session):
    group = WorkGroupFactory(
        name="Packaging",
        purpose="Fund **PyPI**.\n\n.. raw:: html\n\n   <script>bad()</script>",
        rules="Be *kind*.",
        url="https://wiki.python.org/psf/PackagingWG",
    )
    db.session.commit()
    html = client.get(f"{LIST_URL}{group.slug}/").get_data(as_text=True)
    assert "Fund <strong>PyPI</strong>." in html
    assert "<h2>Rules</h2>" in html and "<em>kind</em>" in html
    assert "<script>bad()" not in html
    assert 'href="https://wiki.python.org/psf/PackagingWG"' in html


def test_inactive_or_unknown_groups_are_404_for_the_public(client, session):
    group = WorkGroupFactory(active=False)
    db.session.commit()
    assert client.get(f"{LIST_URL}{group.slug}/").status_code == 404
    assert client.get(f"{LIST_URL}no-such-group/").status_code == 404


def test_list_query_count_does_not_grow_with_the_rows(client, session, count_queries):
    for _ in range(12):
        WorkGroupFactory()
    db.session.commit()
    with count_queries() as counter:
        assert client.get(LIST_URL).status_code == 200
    # banners, the page count and the page's rows
    assert counter.count <= 3, counter.statements


def test_detail_query_count(client, session, count_queries):
    group = WorkGroupFactory()
    db.session.commit()
    url = f"{LIST_URL}{group.slug}/"
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    # banners and the group
    assert counter.count <= 2, counter.statements
