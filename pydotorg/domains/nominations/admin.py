"""Admin views for elections, nominees and nominations."""

from __future__ import annotations

from typing import Any

from flask_admin import Admin

from pydotorg.core.admin import (
    ServiceAction,
    StaffModelView,
    add_model_views,
)
from pydotorg.domains.nominations.models import Election, Nomination, Nominee
from pydotorg.domains.nominations.services import (
    ElectionService,
    NomineeService,
)

USER_LOOKUP = {"fields": ("username", "email", "first_name", "last_name")}


def _status(view: Any, context: Any, election: Election, name: str) -> str:
    return election.status.name


class ElectionAdmin(StaffModelView):
    column_list = (
        "name", "status", "nominations_open", "nominations_close", "voting_open",
        "voting_close",
    )  # fmt: skip
    column_searchable_list = ("name", "description")
    column_filters = (
        "nominations_open", "nominations_close", "voting_open", "voting_close",
    )  # fmt: skip
    column_default_sort = ("nominations_open", True)
    column_formatters = {"status": _status}
    inline_models = (
        (
            Nominee,
            {
                "form_columns": ("id", "user", "accepted", "approved"),
                "form_ajax_refs": {"user": USER_LOOKUP},
            },
        ),
    )

    service = ElectionService
    save_check = "check_dates"


class NomineeAdmin(StaffModelView):
    column_list = ("user", "election", "accepted", "approved", "created_at")
    column_searchable_list = ("user.username", "user.last_name", "election.name")
    column_filters = ("accepted", "approved", "election.name", "created_at")
    column_sortable_list = (
        ("user", "user.last_name"), ("election", "election.name"), "accepted",
        "approved", "created_at",
    )  # fmt: skip
    column_default_sort = ("created_at", True)
    form_excluded_columns = ("nominations",)
    form_ajax_refs = {"user": USER_LOOKUP}

    service = NomineeService
    service_actions = (
        ServiceAction(
            "accept",
            "Accept",
            "{count} nominee(s) accepted.",
            "Mark the selected nominees as accepted?",
            by=False,
        ),
        ServiceAction(
            "approve",
            "Approve",
            "{count} nominee(s) approved.",
            "Approve the selected nominees?",
            by=False,
        ),
    )


class NominationAdmin(StaffModelView):
    column_list = (
        "name", "nominee", "nominator", "email", "accepted", "approved", "created_at",
    )  # fmt: skip
    column_searchable_list = ("name", "email", "employer", "other_affiliations")
    column_filters = ("accepted", "approved", "coc_acknowledged", "created_at")
    column_default_sort = ("created_at", True)
    form_ajax_refs = {"nominator": USER_LOOKUP}


def register_admin(admin: Admin) -> None:
    add_model_views(
        admin,
        "PSF",
        (ElectionAdmin, Election),
        (NomineeAdmin, Nominee),
        (NominationAdmin, Nomination),
    )
