"""Public pages of the banners domain."""

from flask import Blueprint

bp = Blueprint("banners", __name__, cli_group="banners")
