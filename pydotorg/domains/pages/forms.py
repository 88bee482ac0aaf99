"""Form pieces for the page admin: field validators, upload checks, restore form."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage
from wtforms import HiddenField, IntegerField
from wtforms.validators import DataRequired, ValidationError

from pydotorg.core.uploads import UploadError, check_upload
from pydotorg.domains.pages.services import (
    PageError,
    normalize_redirect_target,
    path_problem,
    redirect_source_problem,
    template_problem,
)


def validate_page_path(form: Any, field: Any) -> None:
    if problem := path_problem(field.data or ""):
        raise ValidationError(problem)


def validate_template_name(form: Any, field: Any) -> None:
    if problem := template_problem(field.data):
        raise ValidationError(problem)


def validate_redirect_source(form: Any, field: Any) -> None:
    if problem := redirect_source_problem(field.data or ""):
        raise ValidationError(problem)


def validate_redirect_target(form: Any, field: Any) -> None:
    try:
        field.data = normalize_redirect_target(field.data)
    except PageError as error:
        raise ValidationError(str(error)) from None


class UploadCheck:
    """Every file in a MultipleFileField must be an acceptable image or document."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __call__(self, form: Any, field: Any) -> None:
        errors = []
        for storage in field.data or []:
            if not isinstance(storage, FileStorage) or not storage.filename:
                continue
            try:
                check_upload(storage, kind=self.kind)
            except UploadError as error:
                errors.append(str(error))
        if errors:
            raise ValidationError(" ".join(errors))


def uploaded_files(field: Any) -> list[FileStorage]:
    return [
        storage
        for storage in (field.data or [])
        if isinstance(storage, FileStorage) and storage.filename
    ]


class RestoreForm(FlaskForm):
    """Restore one version of a page (POST with CSRF)."""

    id = HiddenField(validators=[DataRequired()])
    revision = IntegerField(validators=[DataRequired()])
