"""Admin views for sponsors: workflows are actions that call the services."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_admin import Admin
from flask_admin.actions import action
from sqlalchemy.orm import joinedload
from wtforms.validators import NumberRange, ValidationError

from pydotorg.core.admin import (
    ContentManageableView,
    ServiceAction,
    StaffModelView,
    apply_action,
    model_view,
    selected_rows,
)
from pydotorg.domains.sponsors.models import (
    Contract,
    LegalClause,
    Sponsor,
    Sponsorship,
    SponsorshipLevel,
)
from pydotorg.domains.sponsors.services import (
    ContractService,
    SponsorshipError,
    SponsorshipService,
)
from pydotorg.extensions import db

CATEGORY = "PSF"
USER_LOOKUP = {"fields": ("username", "email"), "page_size": 10}


class SponsorAdmin(ContentManageableView):
    """A sponsor, with its sponsorships and their contracts listed on its edit page.

    They are summary rows linking to their own edit views, not inline forms:
    status, locking and contracts move only through the workflow actions, and a
    locked sponsorship or a sent contract may not be edited at all.
    """

    column_list = ("name", "landing_page_url", "city", "country", "created")
    column_searchable_list = ("name", "description", "city", "country")
    column_filters = ("country", "created")
    column_default_sort = "name"
    form_excluded_columns = ("sponsorships",)
    edit_template = "admin/sponsors/edit.html"

    def sponsorships(self, sponsor: Sponsor) -> list[Sponsorship]:
        """The sponsor's sponsorships, newest first, levels and contracts loaded."""
        return list(
            db.session.scalars(
                sa.select(Sponsorship)
                .where(Sponsorship.sponsor_id == sponsor.id)
                .options(
                    joinedload(Sponsorship.level), joinedload(Sponsorship.contract)
                )
                .order_by(
                    Sponsorship.year.desc().nulls_last(),
                    Sponsorship.created.desc(),
                )
            )
        )


class SponsorshipLevelAdmin(StaffModelView):
    column_list = (
        "name", "year", "order", "sponsorship_amount", "logo_dimension",
        "advertise", "allow_a_la_carte",
    )  # fmt: skip
    column_searchable_list = ("name",)
    column_filters = ("year", "advertise", "allow_a_la_carte")
    column_default_sort = [("year", True), ("order", False)]
    column_editable_list = ("order",)
    form_excluded_columns = ("sponsorships",)
    form_args = {
        "sponsorship_amount": {"validators": [NumberRange(min=0)]},
        "order": {"validators": [NumberRange(min=0)]},
    }


class SponsorshipAdmin(ContentManageableView):
    """Status, lock and workflow dates change only through the actions."""

    column_list = (
        "sponsor", "level", "status", "year", "start_date", "end_date",
        "sponsorship_fee", "locked", "applied_on", "submitted_by",
    )  # fmt: skip
    column_searchable_list = ("sponsor.name", "level.name")
    column_filters = (
        "status", "locked", "year", "renewal", "for_modified_package",
        "start_date", "end_date", "applied_on", "approved_on", "level.name",
    )  # fmt: skip
    column_sortable_list = (
        ("sponsor", "sponsor.name"), ("level", "level.name"), "status", "year",
        "start_date", "end_date", "sponsorship_fee", "locked", "applied_on",
    )  # fmt: skip
    column_default_sort = ("created", True)
    form_columns = (
        "sponsor", "level", "submitted_by", "year", "sponsorship_fee",
        "start_date", "end_date", "for_modified_package", "renewal",
    )  # fmt: skip
    form_ajax_refs = {"submitted_by": USER_LOOKUP}

    service = SponsorshipService
    service_actions = (
        ServiceAction("lock", "Lock", "{count} sponsorship(s) locked.", by=False),
        ServiceAction(
            "reject",
            "Reject",
            "{count} sponsorship(s) rejected.",
            "Reject the selected applications?",
            by=False,
        ),
        ServiceAction("unlock", "Unlock", "{count} sponsorship(s) unlocked.", by=False),
    )

    def on_model_change(self, form: Any, model: Sponsorship, is_created: bool) -> None:
        service = SponsorshipService(db.session)
        try:
            if is_created:
                service.check_no_application_in_progress(model.sponsor, exclude=model)
                service.mark_applied(model)
            else:
                service.check_editable(model)
        except SponsorshipError as error:
            raise ValidationError(str(error)) from error
        super().on_model_change(form, model, is_created)

    @action("approve", "Approve", "Approve the selected applications?")
    def action_approve(self, ids: list[str]) -> None:
        service = SponsorshipService(db.session)

        def approve(sponsorship: Sponsorship) -> None:
            if not (sponsorship.start_date and sponsorship.end_date):
                raise SponsorshipError("Set the start and end dates, then approve.")
            service.approve(
                sponsorship,
                start_date=sponsorship.start_date,
                end_date=sponsorship.end_date,
            )

        apply_action(
            selected_rows(Sponsorship, ids),
            approve,
            done="{count} sponsorship(s) approved.",
        )


class ContractAdmin(StaffModelView):
    """Contracts come from approvals; only drafts are edited (each save a revision)."""

    can_create = False
    column_list = (
        "sponsorship", "status", "revision", "sent_on", "executed_on",
        "nullified_on", "created_at",
    )  # fmt: skip
    column_searchable_list = ("sponsor_info", "benefits_list")
    column_filters = ("status", "sent_on", "executed_on", "nullified_on", "created_at")
    column_sortable_list = (
        "status",
        "revision",
        "sent_on",
        "executed_on",
        "created_at",
    )
    column_default_sort = ("created_at", True)
    form_columns = (
        "sponsor_info", "sponsor_contact", "benefits_list", "legal_clauses",
        "document", "document_docx", "signed_document",
    )  # fmt: skip

    def on_model_change(self, form: Any, model: Contract, is_created: bool) -> None:
        try:
            ContractService(db.session).save_draft(model)
        except SponsorshipError as error:
            raise ValidationError(str(error)) from error

    service = ContractService
    service_actions = (
        ServiceAction(
            "execute",
            "Execute",
            "{count} contract(s) executed.",
            "Mark the selected contracts as signed?",
            by=False,
        ),
        ServiceAction(
            "new_revision",
            "New revision",
            "{count} new revision(s) drafted.",
            "Replace the selected contracts?",
            by=False,
        ),
        ServiceAction(
            "nullify",
            "Nullify",
            "{count} contract(s) nullified.",
            "Nullify the selected contracts?",
            by=False,
        ),
        ServiceAction(
            "send",
            "Send",
            "{count} contract(s) sent.",
            "Send the selected contracts for signature?",
            by=False,
        ),
    )


class LegalClauseAdmin(StaffModelView):
    column_list = ("internal_name", "order", "clause", "notes")
    column_searchable_list = ("internal_name", "clause", "notes")
    column_filters = ("created_at",)
    column_default_sort = "order"
    column_editable_list = ("order",)


def register_admin(admin: Admin) -> None:
    admin.add_view(model_view(SponsorAdmin, Sponsor, category=CATEGORY))
    admin.add_view(
        model_view(
            SponsorshipLevelAdmin,
            SponsorshipLevel,
            category=CATEGORY,
            name="Sponsorship Levels",
        )
    )
    admin.add_view(model_view(SponsorshipAdmin, Sponsorship, category=CATEGORY))
    admin.add_view(
        model_view(ContractAdmin, Contract, category=CATEGORY, name="Contracts")
    )
    admin.add_view(
        model_view(
            LegalClauseAdmin, LegalClause, category=CATEGORY, name="Legal Clauses"
        )
    )
