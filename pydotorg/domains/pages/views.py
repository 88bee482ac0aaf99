"""Public pages of the pages domain."""

from flask import Blueprint

bp = Blueprint("pages", __name__, cli_group="pages")
