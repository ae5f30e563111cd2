"""Behind a reverse proxy the client's own address is the one log-in throttling counts; without one
configured, a forged X-Forwarded-For changes nothing."""
import pytest


def _three_wrong_then_status(client, address: str) -> int:
    statuses = [client.post("/login", data={"username": f"ai-{i}", "password": "sai"},
                            headers={"X-Forwarded-For": address}).status_code for i in range(3)]
    return statuses[-1]


@pytest.fixture
def tight(app):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "2 per minute"
    return app


def test_behind_one_proxy_each_client_address_is_counted_on_its_own(tight, world):
    tight.config["PROXY_COUNT"] = 1
    from werkzeug.middleware.proxy_fix import ProxyFix
    tight.wsgi_app = ProxyFix(tight.wsgi_app, x_for=1, x_proto=1, x_host=1)   # as create_app sets it up
    client = tight.test_client()
    assert _three_wrong_then_status(client, "203.0.113.9") == 429
    assert client.post("/login", data={"username": "x", "password": "sai"},
                       headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 401


def test_without_a_proxy_a_forged_forwarded_address_does_not_escape_the_limit(tight, world):
    client = tight.test_client()
    assert _three_wrong_then_status(client, "203.0.113.9") == 429
    assert client.post("/login", data={"username": "x", "password": "sai"},
                       headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 429


def test_the_setting_comes_from_the_environment(monkeypatch, tmp_path):
    from criteria_app import create_app
    monkeypatch.setenv("PROXY_COUNT", "1")
    app = create_app({"MODE": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})
    assert type(app.wsgi_app).__name__ == "ProxyFix"
