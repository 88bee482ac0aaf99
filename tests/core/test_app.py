"""The app factory and the staff-only admin gate."""

import subprocess
import sys

from pydotorg import create_app


def test_factory_reads_test_config():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.testing


def test_two_apps_in_one_process():
    create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).url_map


def test_environment_is_read(monkeypatch):
    monkeypatch.setenv("MAIL_USE_TLS", "false")
    monkeypatch.setenv("MAIL_PORT", "2525")
    monkeypatch.setenv("SITE_URL", "https://example.org")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["MAIL_USE_TLS"] is False
    assert app.config["MAIL_PORT"] == 2525
    assert app.config["SITE_URL"] == "https://example.org"


def test_home_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"<!doctype html>" in response.data


def test_unknown_page_is_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.data


# Libraries that few requests need: a web worker that imports them at startup
# carries them in every process (the HTTP benchmark's RSS target).
LAZY_LIBRARIES = ("alembic", "authlib", "requests", "feedparser", "icalendar")


def test_creating_the_app_leaves_rarely_needed_libraries_unimported():
    script = (
        "import sys\n"
        "from pydotorg import create_app\n"
        "create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite://', 'SECRET_KEY': 'x'})\n"
        f"print(' '.join(m for m in {LAZY_LIBRARIES!r} if m in sys.modules))\n"
    )
    # A fresh interpreter: this test process has imported them all already.
    completed = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert completed.stdout.split() == []


def test_flask_db_loads_flask_migrate_on_demand(runner):
    result = runner.invoke(args=["db", "--help"])
    assert result.exit_code == 0
    assert "upgrade" in result.output
    assert "downgrade" in result.output
