"""Fixtures for nomination tests: an open election with mail templates, and people."""

import pytest

from pydotorg.domains.mailing.services import EmailTemplateService
from pydotorg.extensions import db
from tests.factories.nominations import ElectionFactory
from tests.factories.users import UserFactory


@pytest.fixture
def election(session):
    EmailTemplateService(db.session).sync_defaults()
    election = ElectionFactory(name="PSF Board Election 2031")
    db.session.commit()
    return election


@pytest.fixture
def people(session):
    people = {
        "nominator": UserFactory(
            username="nina", email="nina@example.com", first_name="Nina", last_name="N"
        ),
        "candidate": UserFactory(
            username="carl", email="Carl@Example.com", first_name="Carl", last_name="C"
        ),
        "stranger": UserFactory(username="sam"),
    }
    db.session.commit()
    return people
