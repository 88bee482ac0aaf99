"""Public pages of the minutes domain."""

from flask import Blueprint

bp = Blueprint(
    "minutes", __name__, url_prefix="/psf/records/board/minutes", cli_group="minutes"
)
