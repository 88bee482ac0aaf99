"""Admin views for pages (live preview, uploads, history), attachments and redirects."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, request, url_for
from flask_admin import Admin, expose
from flask_admin.actions import action
from flask_login import current_user
from markupsafe import Markup
from wtforms import BooleanField, MultipleFileField, SelectField, TextAreaField
from wtforms.validators import ValidationError

from pydotorg.core.admin import (
    ContentManageableView,
    ReadOnlyView,
    StaffModelView,
    add_model_views,
    apply_action,
    selected_rows,
)
from pydotorg.core.uploads import (
    MAX_DOCUMENT_BYTES,
    MAX_IMAGE_BYTES,
    MB,
    UploadError,
)
from pydotorg.domains.pages.forms import (
    RestoreForm,
    UploadCheck,
    uploaded_files,
    validate_page_path,
    validate_redirect_source,
    validate_redirect_target,
)
from pydotorg.domains.pages.media import MediaService
from pydotorg.domains.pages.models import (
    DocumentFile,
    Image,
    MenuItem,
    Page,
    PageFileMixin,
    PageRevision,
    Redirect,
)
from pydotorg.domains.pages.services import (
    DEFAULT_TEMPLATE,
    PAGE_TEMPLATES,
    PageError,
    PageService,
    normalize_path,
)
from pydotorg.extensions import db


def _editor() -> Any:
    return current_user._get_current_object()


def _path_link(view: Any, context: Any, model: Any, name: str) -> Markup:
    path = getattr(model, name)
    return Markup('<a href="/{0}/">/{0}/</a>').format(path)


def _media_link(view: Any, context: Any, model: Any, name: str) -> Markup:
    return Markup('<a href="{0}">{0}</a>').format(model.url)


def _default_template(value: str | None) -> str:
    # "" is the default template; its explicit name means the same.
    return "" if value in (None, DEFAULT_TEMPLATE) else value


def _feed_aggregate_choices(form: Any) -> Any:
    """The stored feed aggregates (the blogs domain puts the lookup on the app)."""
    aggregates = current_app.extensions.get("feed_aggregates")
    choices = [("", "—")] + (list(aggregates.choices()) if aggregates else [])
    current = form.feed_aggregate.object_data  # the stored value, not the posted one
    if current and current not in {value for value, _ in choices}:
        choices.append((current, f"{current} (no longer exists)"))
    form.feed_aggregate.choices = choices
    return form


class PageAdmin(ContentManageableView):
    column_list = (
        "title", "path", "content_type", "is_published", "template_name", "updated",
        "last_modified_by",
    )  # fmt: skip
    column_searchable_list = ("title", "path", "keywords", "description")
    column_filters = (
        "is_published",
        "content_type",
        "template_name",
        "created",
        "updated",
    )
    column_default_sort = ("path", False)
    column_formatters = {"path": _path_link}
    form_columns = (
        "title", "path", "content_type", "content", "is_published", "keywords",
        "description", "template_name", "feed_aggregate", "leave_redirect",
        "image_uploads", "document_uploads",
    )  # fmt: skip
    form_overrides = {
        "content": TextAreaField,
        "description": TextAreaField,
        "template_name": SelectField,
        "feed_aggregate": SelectField,
    }
    form_args = {
        "path": {
            "filters": [normalize_path],
            "validators": [validate_page_path],
            "description": "Lowercase letters, digits, '-' and '.', segments separated "
            "by '/': psf/mission is served at /psf/mission/.",
        },
        "template_name": {
            "choices": [("", PAGE_TEMPLATES[DEFAULT_TEMPLATE])]
            + [
                (name, label)
                for name, label in PAGE_TEMPLATES.items()
                if name != DEFAULT_TEMPLATE
            ],
            "filters": [_default_template],
            "label": "Template",
        },
        "content_type": {"label": "Markup"},
        "is_published": {"label": "Published"},
        "feed_aggregate": {
            "choices": [("", "—")],  # filled per request: see _feed_aggregate_choices
            "label": "Feed aggregate",
            "description": "The feed list template shows this aggregate's newest "
            "entries below the content.",
        },
    }
    form_widget_args = {
        "content": {
            "rows": 24,
            "class": "form-control text-monospace",
            "spellcheck": "false",
        },
        "description": {"rows": 2},
    }
    form_extra_fields = {
        "leave_redirect": BooleanField(
            "If the path changed, leave a redirect from the old path", default=True
        ),
        "image_uploads": MultipleFileField(
            f"Upload images (PNG, JPEG, GIF, WebP; {MAX_IMAGE_BYTES // MB} MB each)",
            validators=[UploadCheck("image")],
        ),
        "document_uploads": MultipleFileField(
            "Upload documents (PDF, office, text, archives; "
            f"{MAX_DOCUMENT_BYTES // MB} MB each)",
            validators=[UploadCheck("document")],
        ),
    }
    create_template = "admin/pages/create.html"
    edit_template = "admin/pages/edit.html"

    def create_form(self, obj: Any = None) -> Any:
        form = _feed_aggregate_choices(super().create_form(obj))
        del form.leave_redirect  # nothing to redirect from yet
        if not form.is_submitted():
            # A new page starts as a draft: staff publish on purpose. (The
            # column's default, True, is for pages made elsewhere.)
            form.is_published.data = False
        return form

    def edit_form(self, obj: Any = None) -> Any:
        return _feed_aggregate_choices(super().edit_form(obj))

    def on_model_change(self, form: Any, model: Page, is_created: bool) -> None:
        super().on_model_change(form, model, is_created)
        leave = bool(getattr(form, "leave_redirect", None) and form.leave_redirect.data)
        try:
            PageService(db.session).save(model, by=_editor(), leave_redirect=leave)
        except PageError as error:
            raise ValidationError(str(error)) from None

    def after_model_change(self, form: Any, model: Page, is_created: bool) -> None:
        media = MediaService(db.session)
        stored = []
        try:
            for storage in uploaded_files(form.image_uploads):
                stored.append(media.add_image(model, storage).url)
            for storage in uploaded_files(form.document_uploads):
                stored.append(media.add_document(model, storage).url)
        except UploadError as error:
            flash(str(error), "error")
        db.session.commit()
        if stored:
            flash("Uploaded: " + ", ".join(stored), "success")

    def public_url(self, row: Page) -> str:
        return row.url

    def _publishing(self, ids: list[str], operation: str, done: str) -> None:
        step = getattr(PageService(db.session), operation)
        apply_action(
            selected_rows(Page, ids, Page.path),
            lambda page: step(page, by=_editor()),
            done=f"{{count}} pages {done}.",
        )

    @action("publish", "Publish", "Publish the selected pages?")
    def action_publish(self, ids: list[str]) -> None:
        self._publishing(ids, "publish", "published")

    @action("unpublish", "Unpublish", "Make the selected pages drafts again?")
    def action_unpublish(self, ids: list[str]) -> None:
        self._publishing(ids, "unpublish", "unpublished")

    def on_model_delete(self, model: Page) -> None:
        # Remember the files now: after the commit the rows are gone.
        model.attached_files = [i.image for i in model.images] + [
            d.document for d in model.documents
        ]

    def after_model_delete(self, model: Page) -> None:
        media = MediaService(db.session)
        for relative in getattr(model, "attached_files", []):
            media.delete_file(relative)

    def _page_or_404(self, page_id: str | None) -> Page:
        page = self.get_one(page_id) if page_id else None
        if page is None:
            abort(404)
        return page

    @expose("/history/")
    def history_view(self) -> Any:
        page = self._page_or_404(request.args.get("id"))
        service = PageService(db.session)
        revisions = service.history(page)
        return self.render(
            "admin/pages/history.html",
            page=page,
            revisions=revisions,
            changed=service.changed_fields(revisions),
            restore_form=RestoreForm(),
        )

    @expose("/diff/")
    def diff_view(self) -> Any:
        page = self._page_or_404(request.args.get("id"))
        service = PageService(db.session)
        try:
            old = service.get_revision(page, request.args.get("a", type=int) or 0)
            new = service.get_revision(page, request.args.get("b", type=int) or 0)
        except PageError as error:
            flash(str(error), "error")
            return redirect(url_for(".history_view", id=page.id))
        if old.revision > new.revision:
            old, new = new, old
        return self.render(
            "admin/pages/diff.html",
            page=page,
            old=old,
            new=new,
            changes=service.diff(old, new),
        )

    @expose("/restore/", methods=("POST",))
    def restore_view(self) -> Any:
        form = RestoreForm()
        if not form.validate_on_submit():
            abort(400)
        page = self._page_or_404(form.id.data)
        service = PageService(db.session)
        try:
            revision = service.get_revision(page, form.revision.data)
            service.restore(page, revision, by=_editor())
        except PageError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(
                f"Version {revision.revision} was restored as a new version.", "success"
            )
        return redirect(url_for(".history_view", id=page.id))


class PageFileAdmin(StaffModelView):
    """Uploaded page files (a ``PageFileMixin`` model); they are uploaded from the
    page's form, listed and deleted here (the file on disk with its row)."""

    can_create = False
    can_edit = False
    column_filters = ("created_at",)
    column_default_sort = ("created_at", True)
    column_formatters = {"url": _media_link}

    def __init__(self, model: type[PageFileMixin], *args: Any, **kwargs: Any) -> None:
        self.column_list = ("page", model.file_column, "url", "created_at")
        self.column_searchable_list = (model.file_column,)
        super().__init__(model, *args, **kwargs)

    def after_model_delete(self, model: PageFileMixin) -> None:
        MediaService(db.session).delete_file(model.path)


class ImageAdmin(PageFileAdmin):
    """Uploaded page images; upload them from the page's form."""


class DocumentFileAdmin(PageFileAdmin):
    """Uploaded page documents; upload them from the page's form."""


class RedirectAdmin(StaffModelView):
    column_list = ("old_path", "new_path", "created_at", "updated_at")
    column_searchable_list = ("old_path", "new_path")
    column_filters = ("created_at", "updated_at")
    column_default_sort = ("old_path", False)
    column_formatters = {"old_path": _path_link}
    form_columns = ("old_path", "new_path")
    form_args = {
        "old_path": {
            "filters": [normalize_path],
            "validators": [validate_redirect_source],
            "description": "The path that moved, e.g. about/old-page.",
        },
        "new_path": {
            "validators": [validate_redirect_target],
            "description": "Where it went: a site path (/about/) or an http(s) URL.",
        },
    }

    def on_model_change(self, form: Any, model: Redirect, is_created: bool) -> None:
        try:
            PageService(db.session).save_redirect(model)
        except PageError as error:
            raise ValidationError(str(error)) from None


def _revision_link(view: Any, context: Any, model: PageRevision, name: str) -> Markup:
    url = url_for("pages_admin.history_view", id=model.page_id)
    return Markup('<a href="{}">{}</a>').format(url, model.revision)


class PageRevisionAdmin(ReadOnlyView):
    """Every saved version of every page (read-only; restore from the page's history)."""

    column_list = (
        "page",
        "revision",
        "title",
        "path",
        "created_by",
        "created_at",
        "comment",
    )
    column_searchable_list = ("title", "path", "comment")
    column_filters = ("created_at", "content_type", "is_published")
    column_default_sort = ("created_at", True)
    column_formatters = {"revision": _revision_link}


def _menu_url(form: Any, field: Any) -> None:
    url = (field.data or "").strip()
    if not url.startswith(("/", "http://", "https://")) or url.startswith("//"):
        raise ValidationError("Use a site path (/about/) or an http(s) URL.")


def _menu_parent(form: Any, field: Any) -> None:
    """A parent from the same menu, and never the item itself or one of its children."""
    parent, item_id = field.data, getattr(form, "_obj_id", None)
    while parent is not None:
        if item_id is not None and parent.id == item_id:
            raise ValidationError("An item cannot be nested inside itself.")
        parent = parent.parent


class MenuItemAdmin(StaffModelView):
    """The site menus: order, nesting and visibility of every entry (python.org's
    sitetree). Changes show on every page at once (within a minute on other servers)."""

    column_list = ("title", "url", "parent", "sort_order", "is_visible", "menu")
    column_searchable_list = ("title", "url")
    column_filters = ("menu", "is_visible", "parent.title")
    column_sortable_list = (
        "title",
        "url",
        ("parent", "parent.title"),
        "sort_order",
        "is_visible",
        "menu",
    )
    column_default_sort = ("sort_order", False)
    form_columns = (
        "menu",
        "parent",
        "title",
        "url",
        "hint",
        "sort_order",
        "is_visible",
    )
    form_args = {
        "menu": {"description": "The header shows the menu named “main”."},
        "url": {
            "validators": [_menu_url],
            "description": "A site path (/about/) or an http(s) URL.",
        },
        "parent": {
            "validators": [_menu_parent],
            "description": "Leave empty for a top-level entry.",
        },
        "sort_order": {"description": "Lower numbers come first among siblings."},
        "is_visible": {"description": "Hidden entries hide their sub-entries too."},
    }

    def edit_form(self, obj: Any = None) -> Any:
        form = super().edit_form(obj)
        form._obj_id = getattr(obj, "id", None)
        return form


def register_admin(admin: Admin) -> None:
    add_model_views(
        admin,
        "Content",
        (PageAdmin, Page),
        (ImageAdmin, Image),
        (DocumentFileAdmin, DocumentFile),
        (RedirectAdmin, Redirect),
        (PageRevisionAdmin, PageRevision),
        (MenuItemAdmin, MenuItem, "Menus"),
    )
