"""Log-in, log-out, session replay, CSRF, health check, language."""
from criteria_app import create_app


def test_login_page_has_username_and_password_fields(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'name="username"' in html and 'name="password"' in html
    assert "Đăng nhập" in html


def test_wrong_password_is_refused_with_a_vietnamese_message(client, world):
    response = client.post("/login", data={"username": "nghithu", "password": "sai"})
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in html
    assert 'value="nghithu"' in html            # the form keeps what was typed


def test_pages_require_login(client, world):
    response = client.get(f"/danh-gia/{world.nghi_thu_assessment.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_expired_session_during_autosave_redirects_the_whole_page(client, world):
    response = client.post(f"/danh-gia/{world.nghi_thu_assessment.id}/chi-tieu/TC01.1",
                           data={"value": "yes"}, headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")


def test_login_then_next_is_kept_but_never_offsite(client, world):
    wanted = f"/danh-gia/{world.nghi_thu_assessment.id}/tieu-chi/TC02?xem=1"
    asked = client.get(wanted)                                 # not logged in: off to the log-in page...
    assert asked.status_code == 302
    login_url = asked.headers["Location"]
    response = client.post(login_url, data={"username": "nghithu", "password": "pw"})
    assert response.headers["Location"] == wanted              # ...and back to the page asked for, query included
    assert client.get(wanted).status_code == 200
    client.post("/logout", data={})

    for offsite in ("//evil.example/x", "https://evil.example/x", "evil.example/x"):
        response = client.post("/login", query_string={"next": offsite},
                               data={"username": "nghithu", "password": "pw"})
        assert response.headers["Location"] == "/", offsite
        client.post("/logout", data={})


def test_logout_invalidates_the_old_session_cookie(app, client, world, login):
    login("nghithu")
    url = f"/danh-gia/{world.nghi_thu_assessment.id}"
    assert client.get(url).status_code == 200
    stolen = client.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get(url).status_code == 302        # back to the log-in page


def test_deactivated_user_is_logged_out(client, world, login):
    from criteria_app.extensions import db
    login("nghithu")
    world.users["nghithu"].active = False
    db.session.commit()
    assert client.get(f"/danh-gia/{world.nghi_thu_assessment.id}").status_code == 302


def test_forms_without_csrf_token_are_refused(database_url, tmp_path):
    url, options = database_url
    app = create_app({"MODE": "test", "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options,
                      "UPLOAD_FOLDER": str(tmp_path), "WTF_CSRF_ENABLED": True})
    from criteria_app.extensions import db
    with app.app_context():
        db.create_all()
        response = app.test_client().post("/login", data={"username": "x", "password": "y"})
        assert response.status_code == 400
        assert "Phiên làm việc đã hết hạn" in response.get_data(as_text=True)
        db.drop_all()


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_does_not(tmp_path):
    app = create_app({"MODE": "test", "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://127.0.0.1:1/none",
                      "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 1}},
                      "UPLOAD_FOLDER": str(tmp_path)})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    import pytest
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"MODE": "production", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite"})


def test_database_url_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/env.sqlite")
    app = create_app({"MODE": "test"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("env.sqlite")
    monkeypatch.setenv("DATABASE_URL", "postgres://127.0.0.1:5432/test")
    assert create_app({"MODE": "test"}).config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")
