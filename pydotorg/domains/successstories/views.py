"""Public pages of the successstories domain."""

from flask import Blueprint

bp = Blueprint(
    "successstories",
    __name__,
    url_prefix="/success-stories",
    cli_group="successstories",
)
