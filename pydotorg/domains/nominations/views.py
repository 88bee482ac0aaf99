"""Public pages of the nominations domain."""

from flask import Blueprint

bp = Blueprint(
    "nominations", __name__, url_prefix="/nominations", cli_group="nominations"
)
