"""Admin views for code samples, with publish and unpublish actions."""

from __future__ import annotations

from flask_admin import Admin

from pydotorg.core.admin import PUBLISH, StaffModelView, model_view, switch_actions
from pydotorg.domains.codesamples.models import CodeSample
from pydotorg.domains.codesamples.services import CodeSampleService


class CodeSampleAdmin(StaffModelView):
    column_list = ("title", "slug", "is_published", "creator", "created_at")
    column_searchable_list = ("title", "slug", "description", "code")
    column_filters = ("is_published", "created_at", "updated_at")
    column_default_sort = ("created_at", True)
    form_columns = ("title", "slug", "description", "code", "is_published")
    form_args = {
        "description": {"description": "HTML, shown beside the code (sanitised)."},
    }
    form_widget_args = {
        "code": {"rows": 14, "style": "font-family: monospace"},
        "description": {"rows": 5},
    }

    service = CodeSampleService
    credit_creator = True
    service_actions = switch_actions(
        PUBLISH, counted="code sample(s)", selected="code samples"
    )


def register_admin(admin: Admin) -> None:
    admin.add_view(model_view(CodeSampleAdmin, CodeSample, category="Content"))
