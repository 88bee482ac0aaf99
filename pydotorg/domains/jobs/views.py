"""Public pages of the jobs domain."""

from flask import Blueprint

bp = Blueprint("jobs", __name__, url_prefix="/jobs", cli_group="jobs")
