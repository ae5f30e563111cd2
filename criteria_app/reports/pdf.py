"""Plain content → HTML (Jinja, templates/reports/) → PDF (WeasyPrint), without Flask.

render_pdf() needs no application or request context: the Jinja environment has its own
FileSystemLoader on the templates folder, and WeasyPrint fetches resources only through
StaticFilesFetcher, which serves files under criteria_app/static/ (the shipped Liberation Serif
fonts) and data: URLs, and refuses everything else (http, https, ftp, other files).
"""
from __future__ import annotations

import mimetypes
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..paths import PACKAGE_DIR, resource_dir
from . import charts, formatting
from .content import TEMPLATES

STATIC_DIR = (PACKAGE_DIR / "static").resolve()
STATIC_URL = STATIC_DIR.as_uri() + "/"


class RefusedURL(ValueError):
    """A resource outside the application's static files was requested and not fetched."""


def _weasyprint():
    import weasyprint  # imported on first use: ~1 s, and only the report worker needs it
    return weasyprint


def make_fetcher(static_dir: Path = STATIC_DIR):
    """A WeasyPrint 70 URLFetcher that serves only files under ``static_dir`` and data: URLs.

    Anything else (http:, https:, ftp:, file: outside static_dir, a file URL naming another
    host) raises RefusedURL before any I/O; the URL is recorded in ``fetcher.refused``.
    WeasyPrint logs a refused image or stylesheet as a warning and goes on without it.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = Path(static_dir).resolve()

    class StaticFilesFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, timeout=1)
            self.root = root
            self.refused: list[str] = []
            self.served: list[str] = []

        def _refuse(self, url: str, why: str):
            self.refused.append(url)
            raise RefusedURL(f"Không tải tài nguyên ngoài thư mục static của ứng dụng ({why}): {url[:200]}")

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                self.served.append(url[:40])
                return super().fetch(url, headers)  # urllib's DataHandler: decoded in memory
            if scheme != "file":
                self._refuse(url, f"giao thức {scheme or 'không rõ'}")
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                self._refuse(url, "máy khác")
            path = Path(url2pathname(parts.path)).resolve()
            if not path.is_relative_to(self.root) or not path.is_file():
                self._refuse(url, "tệp ngoài thư mục static")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            self.served.append(url)
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    return StaticFilesFetcher()


UNIT_TYPES = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "xã", "huyện", "quận", "tỉnh")
REFERENCE = re.compile(r"\d+/[\wĐđ][\w\-Đđ]*(?:/\d+)?")


def _groups(text: str) -> list[tuple[int, int]]:
    """Where a name or a number must stay on one line: 'phường Nghi Thu', '1912/QĐ-UBND', '10/7/2023'."""
    spans = [m.span() for m in REFERENCE.finditer(text)]
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", text)]
    i = 0
    while i < len(words):
        for kind in UNIT_TYPES:
            parts = kind.split()
            if i + len(parts) < len(words) and [w[2].lower() for w in words[i:i + len(parts)]] == parts:
                j = i + len(parts)
                while j < len(words) and (words[j][2][:1].isupper() or words[j][2][:1].isdigit()):
                    j += 1
                    if words[j - 1][2][-1:] in ",;.:)":
                        break
                if j > i + len(parts):
                    end = words[j - 1][1] - (1 if words[j - 1][2][-1:] in ",;.:)" else 0)
                    spans.append((words[i][0], end))
                    i = j - 1
                break
        i += 1
    return sorted(spans)


def nobreak(text: str) -> Markup:
    """Running text, escaped, with each unit name and document number kept on one line (Decree 30: names are
    never broken across lines)."""
    out, last = [], 0
    for start, end in _groups(text or ""):
        if start < last:
            continue
        out.append(str(escape(text[last:start])))
        out.append(f'<span class="nowrap">{escape(text[start:end])}</span>')
        last = end
    out.append(str(escape((text or "")[last:])))
    return Markup("".join(out))  # noqa: S704 - every piece of text is escaped above


def _svg(markup: str) -> Markup:
    return Markup(markup)  # noqa: S704 - charts.py escapes every text it puts in the SVG


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(resource_dir("templates"))),
        autoescape=select_autoescape(["html", "xml", "svg"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        score=formatting.score,
        percent=formatting.percent,
        integer=formatting.integer,
        upper_vi=formatting.upper_vi,
        long_date=formatting.long_date,
        short_date=formatting.short_date,
        nobreak=nobreak,
    )
    env.globals.update(
        static_url=STATIC_URL,
        recognition_charts=lambda report: [(title, _svg(svg)) for title, svg in charts.recognition_charts(report)],
    )
    return env


def render_html(template_name: str, content, part: str = "body", **context) -> str:
    """The HTML given to WeasyPrint (useful to debug a template); part: "body" (the document) or one of
    the content's annex_parts."""
    return environment().get_template(template_name).render(doc=content, part=part, **context)


def render_pdf(template_name: str, content, *, base_url: str | None = None, fetcher=None,
               **context) -> bytes:
    """Render ``content`` (a dataclass of content.py) with ``templates/<template_name>`` to PDF bytes.

    base_url: where relative URLs in the template resolve (default: the static folder, so
    "fonts/x.ttf" works); fetcher: a fetcher from make_fetcher() (one is made per call).
    """
    return html_to_pdf(render_html(template_name, content, **context), base_url=base_url, fetcher=fetcher)


def html_to_pdf(html: str, *, base_url: str | None = None, fetcher=None) -> bytes:
    """WeasyPrint with the static-files-only fetcher (one is made per call unless given)."""
    weasyprint = _weasyprint()
    fetcher = fetcher if fetcher is not None else make_fetcher()
    document = weasyprint.HTML(string=html, base_url=base_url or STATIC_URL, url_fetcher=fetcher)
    return document.write_pdf()


def render_document(content, *, fetcher=None, **context) -> bytes:
    """The document with the template of its type (content.TEMPLATES), then each annex laid out on its own so
    that it numbers its pages from 1 (Decree 30), joined into one PDF."""
    weasyprint = _weasyprint()
    template = TEMPLATES[type(content)]
    fetcher = fetcher if fetcher is not None else make_fetcher()
    documents = []
    for part in ("body", *getattr(content, "annex_parts", ())):
        html = render_html(template, content, part=part, **context)
        documents.append(weasyprint.HTML(string=html, base_url=STATIC_URL, url_fetcher=fetcher).render())
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()
