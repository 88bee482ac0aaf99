"""Admin views for operating systems, releases, files and download statistics.

Every save and every action goes through the services, so the admin enforces the
same rules as the API and the CLI.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import flash, request, url_for
from flask_admin import Admin, BaseView, expose
from flask_admin.actions import action
from flask_admin.model.form import InlineFormAdmin
from flask_login import current_user
from wtforms.validators import NumberRange, ValidationError

from pydotorg.core.admin import (
    ContentManageableView,
    ServiceAction,
    StaffAccessMixin,
    StaffModelView,
    apply_action,
    model_view,
    selected_rows,
)
from pydotorg.domains.downloads.models import (
    OS,
    DownloadStatistic,
    Release,
    ReleaseFile,
)
from pydotorg.domains.downloads.services import (
    DownloadsError,
    OSService,
    ReleaseFileService,
    ReleaseService,
)
from pydotorg.extensions import db

CATEGORY = "Downloads"
CHART_PERIODS = (30, 365)


def _as_form_error(error: DownloadsError) -> ValidationError:
    return ValidationError(str(error))


class OSAdmin(ContentManageableView):
    column_list = ("name", "slug", "api_id", "created")
    column_searchable_list = ("name", "slug")
    column_filters = ("created",)
    column_default_sort = "name"
    form_excluded_columns = ("files", "api_id")

    def on_model_change(self, form: Any, model: OS, is_created: bool) -> None:
        super().on_model_change(form, model, is_created)
        try:
            OSService(db.session).save(model, created=is_created)
        except DownloadsError as error:
            raise _as_form_error(error) from None


class ReleaseFileInline(InlineFormAdmin):
    """A release's files, edited with it; each is saved by ``ReleaseFileService``."""

    form_columns = (
        "id", "name", "os", "url", "is_source", "download_button", "filesize",
        "sha256_sum", "md5_sum", "gpg_signature_file", "sigstore_bundle_file",
        "sbom_spdx2_file", "description",
    )  # fmt: skip
    form_label = "Files"
    column_labels = {
        "os": "Operating system",
        "url": "URL",
        "sha256_sum": "SHA-256",
        "md5_sum": "MD5",
        "gpg_signature_file": "GPG signature URL",
        "sigstore_bundle_file": "Sigstore bundle URL",
        "sbom_spdx2_file": "SBOM (SPDX 2) URL",
    }
    form_args = {"filesize": {"validators": [NumberRange(min=0)]}}


class ReleaseAdmin(ContentManageableView):
    def public_url(self, row: Release) -> str:
        return url_for("downloads.release_detail", slug=row.slug)

    column_list = (
        "name", "version", "status", "is_published", "is_latest", "pre_release",
        "show_on_download_page", "release_date", "eol_date", "api_id",
    )  # fmt: skip
    column_searchable_list = ("name", "slug")
    column_filters = (
        "version",
        "status",
        "is_published",
        "is_latest",
        "pre_release",
        "show_on_download_page",
        "release_date",
        "eol_date",
    )
    column_default_sort = ("release_date", True)
    form_excluded_columns = ("api_id",)
    form_ajax_refs = {"release_page": {"fields": ("title", "path"), "page_size": 10}}
    inline_models = (ReleaseFileInline(ReleaseFile),)
    form_args = {
        "name": {"render_kw": {"placeholder": "Python 3.X.YaN"}},
    }

    service = ReleaseService
    service_actions = (
        ServiceAction(
            "publish",
            "Publish",
            "{count} release(s) published.",
            "Publish the selected releases?",
        ),
        ServiceAction(
            "unpublish",
            "Unpublish",
            "{count} release(s) unpublished.",
            "Hide the selected releases from the public?",
        ),
    )

    def on_model_change(self, form: Any, model: Release, is_created: bool) -> None:
        super().on_model_change(form, model, is_created)
        by = current_user._get_current_object()
        # The files edited inline (new or changed), known before the release's
        # save flushes them; each then goes through the same rules as its own view.
        changed = [
            (release_file, not sa.inspect(release_file).has_identity)
            for release_file in model.files
            if not sa.inspect(release_file).has_identity
            or db.session.is_modified(release_file)
        ]
        files = ReleaseFileService(db.session)
        try:
            with db.session.no_autoflush:
                # Checked before the release's save flushes them with it.
                for release_file, _ in changed:
                    files.validate(release_file)
                ReleaseService(db.session).save(model, created=is_created)
            for release_file, created in changed:
                files.save(release_file, by=by, created=created)
        except DownloadsError as error:
            raise _as_form_error(error) from None

    mark_latest = ServiceAction(
        "mark_latest", "Mark as latest", "{count} release(s) marked as latest."
    )

    @action(
        "mark_latest",
        "Mark as latest",
        "Mark as latest? Other releases of the same version lose the flag.",
    )
    def action_mark_latest(self, ids: list[str]) -> None:
        if len(ids) != 1:
            flash("Choose exactly one release to mark as latest.", "error")
            return
        self.run_service_action(self.mark_latest, ids)


class ReleaseFileAdmin(ContentManageableView):
    column_list = (
        "name", "release", "os", "download_button", "is_source", "filesize", "api_id",
    )  # fmt: skip
    column_searchable_list = ("name", "slug", "url")
    column_filters = ("download_button", "is_source", "release.name", "os.name")
    column_default_sort = ("created", True)
    form_excluded_columns = ("statistics", "api_id")
    form_ajax_refs = {"release": {"fields": ("name", "slug"), "page_size": 10}}

    def on_model_change(self, form: Any, model: ReleaseFile, is_created: bool) -> None:
        super().on_model_change(form, model, is_created)
        try:
            ReleaseFileService(db.session).save(model, created=is_created)
        except DownloadsError as error:
            raise _as_form_error(error) from None

    @action(
        "clear_download_button",
        "Remove download button",
        "Stop featuring the selected files?",
    )
    def action_clear_download_button(self, ids: list[str]) -> None:
        service = ReleaseFileService(db.session)
        apply_action(
            selected_rows(ReleaseFile, ids),
            lambda release_file: service.update(
                release_file, {"download_button": False}
            ),
            done="{count} file(s) are no longer featured.",
        )


class DownloadStatisticAdmin(StaffModelView):
    can_create = False
    can_edit = False
    column_list = ("release_file", "date", "download_count")
    column_filters = ("date", "download_count")
    column_default_sort = ("date", True)


class DownloadChartView(StaffAccessMixin, BaseView):
    """Downloads per release and per operating system over the last 30 or 365 days."""

    @expose("/")
    def index(self) -> Any:
        days = request.args.get("days", CHART_PERIODS[0], type=int)
        if days not in CHART_PERIODS:
            days = CHART_PERIODS[0]
        service = ReleaseFileService(db.session)
        return self.render(
            "admin/downloads/chart.html",
            days=days,
            periods=CHART_PERIODS,
            charts=(
                ("Downloads per release", service.downloads_per_release(days)),
                ("Downloads per operating system", service.downloads_per_os(days)),
            ),
        )


def register_admin(admin: Admin) -> None:
    admin.add_view(model_view(OSAdmin, OS, category=CATEGORY, name="Operating systems"))
    admin.add_view(model_view(ReleaseAdmin, Release, category=CATEGORY))
    admin.add_view(model_view(ReleaseFileAdmin, ReleaseFile, category=CATEGORY))
    admin.add_view(
        model_view(DownloadStatisticAdmin, DownloadStatistic, category=CATEGORY)
    )
    admin.add_view(
        DownloadChartView(
            name="Download chart",
            category=CATEGORY,
            endpoint="download_chart",
            url="/admin/download-chart/",
        )
    )
