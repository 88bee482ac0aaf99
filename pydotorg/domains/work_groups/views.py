"""Public pages of the work_groups domain."""

from flask import Blueprint

bp = Blueprint(
    "work_groups", __name__, url_prefix="/psf/workgroups", cli_group="work_groups"
)
