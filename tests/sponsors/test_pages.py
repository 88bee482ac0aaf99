"""The public sponsors page: current sponsors grouped by level."""

from datetime import timedelta

from pydotorg.domains.sponsors.models import SponsorshipStatus, today
from pydotorg.extensions import db
from tests.factories.sponsors import (
    SponsorFactory,
    SponsorshipFactory,
    SponsorshipLevelFactory,
)


def running(**kwargs):
    return SponsorshipFactory(
        status=SponsorshipStatus.FINALIZED,
        start_date=today() - timedelta(days=30),
        end_date=today() + timedelta(days=300),
        **kwargs,
    )


def test_current_sponsors_by_level_in_few_queries(client, session, count_queries):
    visionary = SponsorshipLevelFactory(name="Visionary", order=0)
    supporting = SponsorshipLevelFactory(name="Supporting", order=4)
    for n in range(3):
        running(sponsor=SponsorFactory(name=f"Big Co {n}"), level=visionary)
        running(sponsor=SponsorFactory(name=f"Small Co {n}"), level=supporting)
    SponsorshipFactory(sponsor=SponsorFactory(name="Applicant Co"), level=visionary)
    running(sponsor=SponsorFactory(name="Expired Co"), level=visionary).end_date = (
        today() - timedelta(days=1)
    )
    db.session.commit()
    with count_queries() as counter:
        response = client.get("/sponsors/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.index("Visionary Sponsors") < html.index("Supporting Sponsors")
    assert html.index("Big Co 2") < html.index("Small Co 0")
    assert "Applicant Co" not in html
    assert "Expired Co" not in html
    # sponsorships, sponsors, levels (+ the site-wide banner query)
    assert counter.count <= 4


def test_no_sponsors_message(client, session):
    assert "no current sponsors" in client.get("/sponsors/").get_data(as_text=True)
