"""The sponsorship and contract state machines."""

from datetime import date
from decimal import Decimal

import pytest

from pydotorg.domains.sponsors.models import ContractStatus, SponsorshipStatus, today
from pydotorg.domains.sponsors.services import (
    ContractService,
    SponsorshipError,
    SponsorshipService,
)
from tests.factories.sponsors import (
    LegalClauseFactory,
    SponsorFactory,
    SponsorshipFactory,
    SponsorshipLevelFactory,
)

START, END = date(2025, 1, 1), date(2025, 12, 31)


@pytest.fixture
def service(session):
    return SponsorshipService(session)


@pytest.fixture
def contracts(session):
    return ContractService(session)


def approved(service):
    sponsorship = SponsorshipFactory()
    contract = service.approve(sponsorship, start_date=START, end_date=END)
    return sponsorship, contract


def test_apply_records_the_application_with_the_level_fee(service, user):
    level = SponsorshipLevelFactory(sponsorship_amount=60000, year=2025)
    sponsorship = service.apply(SponsorFactory(), level, by=user)
    assert sponsorship.status is SponsorshipStatus.APPLIED
    assert sponsorship.applied_on == today()
    assert sponsorship.sponsorship_fee == Decimal("60000.00")
    assert sponsorship.year == 2025
    assert sponsorship.submitted_by == user


def test_second_application_in_progress_is_refused(service):
    first = SponsorshipFactory()
    with pytest.raises(SponsorshipError, match="already has"):
        service.apply(first.sponsor, first.level)


def test_the_in_progress_rule_ignores_the_application_being_edited(service):
    sponsorship = SponsorshipFactory(status=SponsorshipStatus.APPLIED)
    service.check_no_application_in_progress(sponsorship.sponsor, exclude=sponsorship)
    with pytest.raises(SponsorshipError, match="in progress"):
        service.check_no_application_in_progress(sponsorship.sponsor)


def test_approve_sets_dates_fee_locks_and_creates_a_draft_contract(service, session):
    LegalClauseFactory(internal_name="trademark", clause="Use the marks properly.")
    sponsorship = SponsorshipFactory()
    contract = service.approve(
        sponsorship, start_date=START, end_date=END, sponsorship_fee=12000
    )
    assert sponsorship.status is SponsorshipStatus.APPROVED
    assert sponsorship.approved_on == today()
    assert (sponsorship.start_date, sponsorship.end_date) == (START, END)
    assert sponsorship.sponsorship_fee == Decimal("12000.00")
    assert sponsorship.locked
    assert sponsorship.contract is contract
    assert contract.status is ContractStatus.DRAFT
    assert sponsorship.sponsor.name in contract.sponsor_info
    assert "[^1]" in contract.benefits_list
    assert "[^1]: Use the marks properly." in contract.legal_clauses


def test_approve_needs_start_before_end(service):
    sponsorship = SponsorshipFactory()
    with pytest.raises(SponsorshipError, match="start date must be before"):
        service.approve(sponsorship, start_date=END, end_date=START)
    assert sponsorship.status is SponsorshipStatus.APPLIED
    assert sponsorship.contract is None


def test_reject_locks_and_dates(service):
    sponsorship = SponsorshipFactory()
    service.reject(sponsorship)
    assert sponsorship.status is SponsorshipStatus.REJECTED
    assert sponsorship.rejected_on == today()
    assert sponsorship.locked


@pytest.mark.parametrize(
    "status", [SponsorshipStatus.REJECTED, SponsorshipStatus.FINALIZED]
)
def test_terminal_sponsorships_cannot_be_approved_or_rejected(service, status):
    sponsorship = SponsorshipFactory(status=status)
    with pytest.raises(SponsorshipError, match=f"is {status.name}"):
        service.approve(sponsorship, start_date=START, end_date=END)
    with pytest.raises(SponsorshipError, match=f"is {status.name}"):
        service.reject(sponsorship)


def test_finalize_only_from_approved(service):
    with pytest.raises(SponsorshipError, match="Can't finalize"):
        service.finalize(SponsorshipFactory())


def test_locked_sponsorship_cannot_be_edited(service):
    sponsorship = SponsorshipFactory(locked=True)
    with pytest.raises(SponsorshipError, match="locked"):
        service.update(sponsorship, renewal=True)
    service.unlock(sponsorship)
    service.update(sponsorship, renewal=True)
    assert sponsorship.renewal


def test_only_applied_sponsorships_can_be_unlocked(service):
    sponsorship, _ = approved(service)
    with pytest.raises(SponsorshipError, match="Only applied"):
        service.unlock(sponsorship)


def test_send_then_execute_finalizes_the_sponsorship(service, contracts):
    sponsorship, contract = approved(service)
    contracts.send(contract)
    assert contract.status is ContractStatus.AWAITING_SIGNATURE
    assert contract.sent_on == today()
    with pytest.raises(SponsorshipError, match="Can't send"):
        contracts.send(contract)
    contracts.execute(contract, signed_document="contracts/signed.pdf")
    assert contract.status is ContractStatus.EXECUTED
    assert contract.executed_on == today()
    assert contract.signed_document == "contracts/signed.pdf"
    assert sponsorship.status is SponsorshipStatus.FINALIZED
    assert sponsorship.finalized_on == today()


def test_executed_contract_is_terminal(service, contracts):
    _, contract = approved(service)
    contracts.execute(contract)
    for action in (contracts.send, contracts.nullify, contracts.execute):
        with pytest.raises(SponsorshipError, match="is EXECUTED"):
            action(contract)


def test_nullify_only_while_awaiting_signature(service, contracts):
    _, contract = approved(service)
    with pytest.raises(
        SponsorshipError, match="Can't nullify a contract that is DRAFT"
    ):
        contracts.nullify(contract)
    contracts.send(contract)
    contracts.nullify(contract)
    assert contract.status is ContractStatus.NULLIFIED
    assert contract.nullified_on == today()


def test_new_revision_outdates_the_old_contract(service, contracts, session):
    sponsorship, contract = approved(service)
    contracts.send(contract)
    contracts.nullify(contract)
    replacement = contracts.new_revision(contract)
    session.expire_all()
    assert sponsorship.contract.id == replacement.id
    assert replacement.status is ContractStatus.DRAFT
    assert replacement.revision == contract.revision + 1
    assert contract.status is ContractStatus.OUTDATED
    assert contract.sponsorship is None
    assert contract.superseded_by.id == replacement.id
    with pytest.raises(SponsorshipError, match="is OUTDATED"):
        contracts.send(contract)


def test_a_draft_is_revised_in_place(service, contracts):
    _, contract = approved(service)
    with pytest.raises(SponsorshipError, match="Can't revise"):
        contracts.new_revision(contract)
    contracts.save_draft(contract)
    assert contract.revision == 1


def test_current_sponsorships_are_finalized_and_running(service, contracts):
    running, contract = approved(service)
    contracts.execute(contract)
    SponsorshipFactory()  # only applied
    current = service.current_sponsorships(day=date(2025, 6, 1))
    assert current == [running]
    assert service.current_sponsorships(day=date(2026, 6, 1)) == []
