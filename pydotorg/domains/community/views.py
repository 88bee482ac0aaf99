"""Public pages of the community domain."""

from flask import Blueprint

bp = Blueprint("community", __name__, url_prefix="/community", cli_group="community")
