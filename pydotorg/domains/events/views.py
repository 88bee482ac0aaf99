"""Public pages of the events domain."""

from flask import Blueprint

bp = Blueprint("events", __name__, url_prefix="/events", cli_group="events")
