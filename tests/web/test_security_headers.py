"""Security headers on pages, fragments, files, static files and error pages."""
from __future__ import annotations

import io
import re

import pytest

from criteria_app import create_app
from criteria_app.web.dashboard_svg import STATUS_COLOURS

COMMON = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"}


def _common(response):
    for name, value in COMMON.items():
        assert response.headers.get(name) == value, (name, response.headers)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in response.headers       # not outside production


def _page_policy(response):
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert policy["object-src"] == "'none'"


def _not_stored(response):
    assert "no-store" in response.headers["Cache-Control"], response.headers
    assert "public" not in response.headers["Cache-Control"] and "max-age" not in response.headers["Cache-Control"]


def test_pages_and_fragments_have_the_policy_and_are_not_stored(world, login, client):
    login("nghithu")
    aid = world.nghi_thu_assessment.id
    page = client.get(f"/danh-gia/{aid}/tieu-chi/TC01")
    fragment = client.post(f"/danh-gia/{aid}/chi-tieu/TC01.1", data={"value": "yes"}, headers={"HX-Request": "true"})
    refused = client.post(f"/danh-gia/{aid}/chi-tieu/TC01.3", data={"numerator": "x", "denominator": "2"},
                          headers={"HX-Request": "true"})
    missing = client.get("/danh-gia/999999")
    for response in (page, fragment, refused, missing):
        assert response.mimetype == "text/html"
        _common(response)
        _page_policy(response)
        _not_stored(response)
    assert (page.status_code, fragment.status_code, refused.status_code, missing.status_code) == (200, 200, 422, 404)


def test_the_login_page_has_the_policy(client):
    response = client.get("/login")
    _common(response)
    _page_policy(response)
    _not_stored(response)


def test_files_have_the_headers_and_are_not_stored(world, login, client):
    from tests.factories import PNG
    login("nghithu")
    aid = world.nghi_thu_assessment.id
    client.post(f"/danh-gia/{aid}/chi-tieu/TC01.1/minh-chung", data={"file": (io.BytesIO(PNG), "anh.png")},
                headers={"HX-Request": "true"}, content_type="multipart/form-data")
    from criteria_app.extensions import db
    from criteria_app.models import Evidence
    evidence = db.session.execute(db.select(Evidence)).scalar_one()
    for url, mimetype in [(f"/danh-gia/{aid}/bao-cao.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                          (f"/danh-gia/{aid}/lich-su.csv", "text/csv"),
                          (f"/danh-gia/{aid}/minh-chung/{evidence.id}", "image/png")]:
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == mimetype
        assert response.headers["Content-Type"].count("charset") <= 1
        _common(response)
        _not_stored(response)


def test_static_files_keep_their_caching(client):
    response = client.get("/static/app.css")
    assert response.status_code == 200
    _common(response)
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_hsts_in_production_only(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    app = create_app({"MODE": "production", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite"})
    response = app.test_client().get("/login", base_url="https://example.test")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert int(response.headers["Strict-Transport-Security"].split("=")[1]) >= 180 * 24 * 3600


def _browser_templates():
    from tests.conftest import ROOT
    root = ROOT / "templates"
    # templates/reports/ are WeasyPrint's print templates, never served to a browser
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.html") if p.relative_to(root).parts[0] != "reports")


@pytest.mark.parametrize("template", _browser_templates())
def test_templates_have_no_inline_style_or_script(template):
    from tests.conftest import ROOT
    text = (ROOT / "templates" / template).read_text(encoding="utf-8")
    assert not re.search(r"<style|style=|<script(?![^>]*\bsrc=)|\son[a-z]+=", text), template


def test_every_status_colour_of_the_map_has_its_class_in_the_stylesheet():
    from tests.conftest import ROOT
    css = (ROOT / "criteria_app" / "static" / "app.css").read_text(encoding="utf-8")
    for status, colour in STATUS_COLOURS.items():
        assert f".st-{status} {{ --st: {colour}; }}" in css, status
