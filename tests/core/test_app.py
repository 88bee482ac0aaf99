"""The app factory and the staff-only admin gate."""

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
