"""WeasyPrint may read the application's static files and data: URLs, nothing else: no network,
no file outside criteria_app/static/ (an evidence file, /etc/passwd, the database)."""
from __future__ import annotations

import socket
from dataclasses import replace

import pytest

from criteria_app.reports import pdf

REFUSED = [
    "http://example.com/x.png",
    "https://example.com/style.css",
    "ftp://example.com/font.ttf",
    "file:///etc/passwd",
    "file://otherhost/etc/passwd",
    pdf.STATIC_URL + "../models.py",                 # climbs out of static/
    pdf.STATIC_URL + "fonts/%2E%2E/%2E%2E/models.py",
    pdf.STATIC_URL + "fonts/does-not-exist.ttf",
    "gopher://example.com/",
    "//example.com/x.png",
]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a socket fails the test loudly (and is recorded)."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.mark.parametrize("url", REFUSED)
def test_fetcher_refuses_anything_but_static_files(url, no_network):
    fetcher = pdf.make_fetcher()
    with pytest.raises(pdf.RefusedURL):
        fetcher(url)
    assert fetcher.refused == [url]
    assert no_network == []


def test_fetcher_serves_the_shipped_fonts_and_data_urls(no_network):
    fetcher = pdf.make_fetcher()
    response = fetcher(pdf.STATIC_URL + "fonts/LiberationSerif-Regular.ttf")
    assert response.read(4) == b"\x00\x01\x00\x00"       # a TrueType font
    response.close()
    response = fetcher("data:text/plain;base64,eGluIGNow6Bv")
    assert response.read() == "xin chào".encode()
    response.close()
    assert fetcher.refused == []


def test_a_document_cannot_make_weasyprint_fetch_outside_resources(no_network):
    hostile = f"""<!doctype html><html><head><meta charset="utf-8">
    <link rel="stylesheet" href="https://example.com/evil.css">
    <style>
      @import url("http://example.com/import.css");
      @font-face {{ font-family: X; src: url("http://example.com/font.ttf"); }}
      body {{ background: url("file:///etc/passwd"); font-family: X; }}
    </style></head><body>
    <p>Phường Nghi Thu</p>
    <img src="http://example.com/x.png"><img src="file:///etc/passwd">
    <img src="{pdf.STATIC_URL}../models.py">
    <svg width="10" height="10"><image href="https://example.com/y.png" width="10" height="10"/></svg>
    </body></html>"""
    fetcher = pdf.make_fetcher()
    data = pdf.html_to_pdf(hostile, fetcher=fetcher)
    assert data.startswith(b"%PDF-")
    for url in ("https://example.com/evil.css", "http://example.com/import.css", "http://example.com/font.ttf",
                "http://example.com/x.png", "file:///etc/passwd", "https://example.com/y.png"):
        assert url in fetcher.refused, url
    assert not any(url.endswith("models.py") for url in fetcher.served)
    assert no_network == []


def test_content_cannot_inject_markup_into_a_template(no_network, rendered):
    """Text from users (unit names, reasons, file names) is escaped: an <img> stays text."""
    decision = rendered["decision_collective"].content
    evil = '<img src="http://example.com/x.png"><link rel=stylesheet href="file:///etc/passwd">'
    decision = replace(decision, authority=evil, legal_bases=(evil, f"phường {evil} 12/{evil}"),
                       units=(replace(decision.units[0], unit_name=evil),))
    html = pdf.render_html("reports/recognition_decision.html", decision) + \
        pdf.render_html("reports/recognition_decision.html", decision, part="units")
    assert "<img src=\"http://example.com" not in html
    assert "&lt;img src=&#34;http://example.com/x.png&#34;&gt;" in html
    fetcher = pdf.make_fetcher()
    pdf.html_to_pdf(html, fetcher=fetcher)
    assert fetcher.refused == []
    assert all(url.startswith(pdf.STATIC_URL) for url in fetcher.served)
    assert no_network == []


def _tiny_png() -> str:
    import base64
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x00\x00\x00" * 8 for _ in range(4))   # 8×4 black pixels
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 4, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(png).decode()


def test_drawn_signatures_print_only_from_inline_images(no_network, tmp_path, rendered):
    import subprocess
    minutes = rendered["inspection_minutes"].content
    secretary, lead = minutes.footer.signatures
    ward, = minutes.footer.below
    signed = replace(minutes, footer=replace(minutes.footer, signatures=(secretary, replace(lead, image=_tiny_png())),
                                             below=(replace(ward, image="http://example.com/signature.png"),)))
    assert signed.footer.below[0].image_src == ""                     # never fetched, never printed
    fetcher = pdf.make_fetcher()
    data = pdf.render_pdf("reports/inspection_minutes.html", signed, fetcher=fetcher)
    assert fetcher.refused == []
    assert any(url.startswith("data:image/png") for url in fetcher.served)
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    images = subprocess.run(["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True).stdout
    assert len(images.strip().splitlines()) == 3     # two header lines, one image
    assert no_network == []
