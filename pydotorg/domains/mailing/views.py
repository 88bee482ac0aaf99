"""The mailing blueprint: no public pages; it carries the ``flask mail ...`` commands."""

from flask import Blueprint

bp = Blueprint("mailing", __name__, cli_group="mail")
