"""Rendered sample documents, shared by every test of the package (WeasyPrint runs once per document).

Each PDF is also rasterised at 60 dpi into test-artifacts/reports/ (gitignored) for a human look.
Needs poppler-utils (pdftotext, pdfinfo, pdftoppm, pdffonts).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "reports"
MM = 72 / 25.4  # points per millimetre

DOCUMENTS = ("self_assessment", "inspection_minutes", "recognition_report", "recognition_decision")


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, encoding="utf-8").stdout


def squash(text: str) -> str:
    """Whitespace (line wraps, table gaps) collapsed to single spaces; characters untouched."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]


@dataclass
class Rendered:
    name: str
    content: object
    path: Path
    data: bytes
    _cache: dict = field(default_factory=dict)

    def text(self, *, layout: bool = False, first: int | None = None, last: int | None = None) -> str:
        key = ("text", layout, first, last)
        if key not in self._cache:
            args = ["pdftotext", "-enc", "UTF-8"]
            if layout:
                args.append("-layout")
            if first is not None:
                args += ["-f", str(first)]
            if last is not None:
                args += ["-l", str(last)]
            self._cache[key] = run(*args, str(self.path), "-")
        return self._cache[key]

    @property
    def page_count(self) -> int:
        return int(re.search(r"^Pages:\s+(\d+)", self.info(), re.M).group(1))

    def info(self, *args: str) -> str:
        key = ("info", args)
        if key not in self._cache:
            self._cache[key] = run("pdfinfo", *args, str(self.path))
        return self._cache[key]

    def page_sizes(self) -> list[tuple[float, float]]:
        out = self.info("-f", "1", "-l", str(self.page_count))
        return [(float(w), float(h)) for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out, re.M)]

    def pages(self) -> list[Page]:
        if "pages" not in self._cache:
            xml = run("pdftotext", "-enc", "UTF-8", "-bbox", str(self.path), "-")
            root = ET.fromstring(xml)
            ns = {"x": "http://www.w3.org/1999/xhtml"}
            pages = []
            for n, page in enumerate(root.iterfind(".//x:page", ns), start=1):
                words = tuple(Word(w.text or "", float(w.get("xMin")), float(w.get("yMin")),
                                   float(w.get("xMax")), float(w.get("yMax")))
                              for w in page.iterfind("x:word", ns))
                pages.append(Page(n, float(page.get("width")), float(page.get("height")), words))
            self._cache["pages"] = pages
        return self._cache["pages"]


def _render_all(workdir: Path) -> dict[str, Rendered]:
    for tool in ("pdftotext", "pdfinfo", "pdftoppm", "pdffonts"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: apt-get install poppler-utils")
    from criteria_app.reports import pdf
    from tests.reports import samples

    contents = {
        "self_assessment": samples.example_self_assessment_report(),
        "inspection_minutes": samples.example_inspection_minutes(),
        "recognition_report": samples.example_recognition_report(7),
        "recognition_decision": samples.example_recognition_decision(7),
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, content in contents.items():
        data = pdf.render_document(content)
        path = workdir / f"{name}.pdf"          # tests read their own copy (safe under xdist)
        path.write_bytes(data)
        shutil.copyfile(path, ARTIFACTS / f"{name}.pdf")
        for old in ARTIFACTS.glob(f"{name}-*.png"):
            old.unlink(missing_ok=True)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(ARTIFACTS / name)], check=True)
        out[name] = Rendered(name, content, path, data)
    return out


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> dict[str, Rendered]:
    return _render_all(tmp_path_factory.mktemp("reports"))


@pytest.fixture(params=DOCUMENTS)
def document(request, rendered) -> Rendered:
    return rendered[request.param]
