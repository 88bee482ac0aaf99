"""python.org's 404 page, which unknown URLs get once no route, redirect or page
answers them."""

from pydotorg.extensions import db
from tests.factories.users import UserFactory


def test_the_404_page_has_python_orgs_helpful_links_and_is_cached_5_minutes(
    client, session
):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "max-age=300"
    html = response.get_data(as_text=True)
    assert 'href="https://legacy.python.org/no/such/page/"' in html
    assert 'href="/downloads/"' in html
    assert 'href="https://docs.python.org/"' in html
    assert 'href="https://pypi.org/"' in html


def test_a_404_for_a_logged_in_user_is_cached_only_by_their_browser(
    client, auth, session
):
    user = UserFactory()
    db.session.commit()
    auth.login(user.username)
    response = client.get("/no/such/page/")
    assert response.headers["Cache-Control"] == "private, max-age=300"


def test_api_404s_stay_json_without_the_page_cache(client, session):
    response = client.get("/api/v2/no-such-thing/")
    assert response.status_code == 404
    assert response.is_json
    assert response.headers.get("Cache-Control") != "max-age=300"
