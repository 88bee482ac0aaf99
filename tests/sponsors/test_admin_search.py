"""Search, filters and sorting of the busiest admin lists answer without errors."""

import pytest

from pydotorg.extensions import db
from tests.factories.community import PostFactory
from tests.factories.nominations import NominationFactory
from tests.factories.sponsors import ContractFactory
from tests.factories.successstories import StoryFactory


@pytest.mark.parametrize(
    "url",
    [
        "/admin/sponsorships/?search=Sponsor",
        "/admin/sponsorships/?sort=0",
        "/admin/sponsorships/?flt0_0=APPLIED",
        "/admin/sponsor_contracts/?search=Sponsor",
        "/admin/sponsor_contracts/?flt0_0=DRAFT",
        "/admin/success_stories/?search=company&sort=2",
        "/admin/community_posts/?search=post&flt0_0=1",
        "/admin/nominees/?search=user&sort=0",
        "/admin/nominations/?search=a",
        "/admin/elections/?sort=1",
    ],
)
def test_admin_list_queries_answer(staff_client, url):
    ContractFactory()
    StoryFactory()
    PostFactory()
    NominationFactory()
    db.session.commit()
    assert staff_client.get(url).status_code == 200


def test_sponsorship_search_finds_by_sponsor_name(staff_client):
    ContractFactory(sponsorship__sponsor__name="Findable Corp")
    ContractFactory(sponsorship__sponsor__name="Other Corp")
    db.session.commit()
    html = staff_client.get("/admin/sponsorships/?search=findable").get_data(
        as_text=True
    )
    assert "Findable Corp" in html
    assert "Other Corp" not in html
