"""Public pages of the downloads domain."""

from flask import Blueprint

bp = Blueprint("downloads", __name__, url_prefix="/downloads", cli_group="downloads")
