"""Public pages of the blogs domain."""

from flask import Blueprint

bp = Blueprint("blogs", __name__, url_prefix="/blogs", cli_group="blogs")
