"""``flask seed`` for sponsors, community, success stories and nominations."""

import sqlalchemy as sa

from pydotorg.domains.community import seed as community_seed
from pydotorg.domains.community.models import Post
from pydotorg.domains.nominations import seed as nominations_seed
from pydotorg.domains.nominations.models import Election, ElectionStatus, Nomination
from pydotorg.domains.sponsors import seed as sponsors_seed
from pydotorg.domains.sponsors.models import (
    ContractStatus,
    LegalClause,
    Sponsor,
    SponsorshipLevel,
    SponsorshipStatus,
)
from pydotorg.domains.successstories import seed as stories_seed
from pydotorg.domains.successstories.models import Story
from pydotorg.extensions import db

MODULES = (sponsors_seed, community_seed, stories_seed, nominations_seed)
MODELS = (Sponsor, SponsorshipLevel, LegalClause, Post, Story, Election, Nomination)


def counts():
    return {
        model.__name__: db.session.scalar(sa.select(sa.func.count(model.id)))
        for model in MODELS
    }


def run_seeds():
    for module in MODULES:
        module.seed(db.session)
        db.session.flush()


def test_seeding_twice_creates_no_duplicates(session):
    run_seeds()
    first = counts()
    run_seeds()
    assert counts() == first
    assert first["SponsorshipLevel"] == 11
    assert all(first.values())


def test_seeded_content_covers_the_workflows(session, client):
    run_seeds()
    db.session.commit()
    sponsors = {s.name: s for s in db.session.scalars(sa.select(Sponsor))}
    approved = sponsors["Acme Analytics, Inc."].sponsorships[0]
    assert approved.status is SponsorshipStatus.APPROVED
    assert approved.contract.status is ContractStatus.DRAFT
    finalized = sponsors["Pinewood Cloud GmbH"].sponsorships[0]
    assert finalized.status is SponsorshipStatus.FINALIZED
    assert finalized.contract.status is ContractStatus.EXECUTED
    post = db.session.scalar(sa.select(Post))
    assert post.photos and post.videos and post.links
    statuses = {e.status for e in db.session.scalars(sa.select(Election))}
    assert statuses == {ElectionStatus.NOMINATIONS_OPEN, ElectionStatus.CLOSED}

    assert "Pinewood Cloud GmbH" in client.get("/sponsors/").get_data(as_text=True)
    assert "Python powers a national weather service" in client.get(
        "/success-stories/"
    ).get_data(as_text=True)
    election = db.session.scalars(
        sa.select(Election).order_by(Election.nominations_open.desc())
    ).first()
    html = client.get(f"/nominations/{election.slug}/").get_data(as_text=True)
    assert "Ada Lovelace" in html and "Alan Turing" not in html
