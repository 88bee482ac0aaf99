"""Public pages of the codesamples domain."""

from flask import Blueprint

bp = Blueprint("codesamples", __name__, cli_group="codesamples")
