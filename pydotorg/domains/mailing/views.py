"""Public pages of the mailing domain."""

from flask import Blueprint

bp = Blueprint("mailing", __name__, cli_group="mailing")
