"""Helpers shared by the browser tests (the fixtures are in conftest.py)."""
from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
DEMO_PASSWORD = "demo-pass"
NGHI_THU, NGHI_HUONG = "Phường Nghi Thu", "Phường Nghi Hương"


def login_as(page: Page, username: str, password: str = DEMO_PASSWORD, *, lands_on: str = "**/ho-so"):
    """Log in through the form; lands on the list of assessments (/ho-so), or where `lands_on` says
    (the province lands on its campaign list: "**/tinh/dot/*")."""
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lands_on)
    expect(page.locator(".topbar .who")).to_be_visible()
    return page


def csrf_token(page) -> str:
    """The token the app sends with every htmx request (hx-headers on <body>)."""
    return json.loads(page.locator("body").get_attribute("hx-headers"))["X-CSRFToken"]


def item(page, code: str):
    """article#item-<code>, with the dot escaped for CSS."""
    return page.locator(f"#item-{code.replace('.', chr(92) + '.')}")


def dom_id(code: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in code)


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def mark_page(page) -> None:
    """A marker that a navigation or reload would wipe out."""
    page.evaluate("window.__marker = 1")


def assert_not_navigated(page) -> None:
    assert page.evaluate("window.__marker") == 1, "the page was reloaded or navigated away"


def png_bytes(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (163, 22, 27)) -> bytes:
    """A small valid PNG, made here rather than read from a fixture file."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
