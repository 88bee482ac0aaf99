"""Public pages of the sponsors domain."""

from flask import Blueprint

bp = Blueprint("sponsors", __name__, url_prefix="/sponsors", cli_group="sponsors")
