"""Which work groups are listed, and switching them on and off."""

import pytest

from pydotorg.core.permissions import PermissionDenied
from pydotorg.domains.work_groups.models import WorkGroup
from pydotorg.domains.work_groups.services import WorkGroupError, WorkGroupService
from pydotorg.extensions import db
from tests.factories.work_groups import WorkGroupFactory


def test_listing_is_by_name_and_hides_inactive_groups(session, staff_user):
    WorkGroupFactory(name="Packaging")
    WorkGroupFactory(name="Code of Conduct")
    WorkGroupFactory(name="Education", active=False)
    service = WorkGroupService(db.session)
    public = db.session.scalars(service.listing()).all()
    staff = db.session.scalars(service.listing(viewer=staff_user)).all()
    assert [g.name for g in public] == ["Code of Conduct", "Packaging"]
    assert [g.name for g in staff] == ["Code of Conduct", "Education", "Packaging"]


def test_activate_and_deactivate(session, staff_user, user):
    group = WorkGroupFactory(active=False)
    service = WorkGroupService(db.session)
    service.activate(group, by=staff_user)
    assert group.active is True
    service.deactivate(group, by=staff_user)
    assert group.active is False
    with pytest.raises(PermissionDenied):
        service.activate(group, by=user)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "wiki.python.org/psf", "ftp://x/"]
)
def test_clean_refuses_urls_that_are_not_http(session, url):
    with pytest.raises(WorkGroupError):
        WorkGroupService(db.session).clean(WorkGroup(name="x", purpose="y", url=url))


def test_clean_keeps_http_urls_and_empties_blank_ones(session):
    service = WorkGroupService(db.session)
    group = WorkGroup(name="x", purpose="y", url=" https://wiki.python.org/psf ")
    service.clean(group)
    assert group.url == "https://wiki.python.org/psf"
    group.url = "  "
    service.clean(group)
    assert group.url is None
