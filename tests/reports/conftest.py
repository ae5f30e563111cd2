"""Every kind of document, built from database records and rendered once for the package's tests.

The records are the demo's story, made through the use cases (services/demo.py) on a SQLite database of
its own: self-assessment reports, minutes, the standing body's tờ trình, decisions of an individual and of
a collective authority, a revocation decision and a refusal letter; plus an open second inspection round.
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

# Final documents (the layout tests run on each) and drafts (text tests).
FINAL = ("self_assessment", "self_assessment_2025", "inspection_minutes", "minutes_failing", "proposal", "decision",
         "decision_collective", "revocation", "refusal_letter")
DRAFTS = ("self_assessment_draft", "minutes_open_round", "proposal_draft", "decision_draft")


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

    def lines(self) -> list[str]:
        return [line.strip() for line in self.text().splitlines()]

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

    @property
    def parts(self) -> list[int]:
        """Pages of the document itself, then of each annex (each annex numbers its own pages from 1)."""
        if "parts" not in self._cache:
            from criteria_app.reports import pdf
            weasyprint = pdf._weasyprint()
            counts = []
            for part in ("body", *self.content.annex_parts):
                html = pdf.render_html(pdf.TEMPLATES[type(self.content)], self.content, part=part)
                counts.append(len(weasyprint.HTML(string=html, base_url=pdf.STATIC_URL,
                                                  url_fetcher=pdf.make_fetcher()).render().pages))
            assert sum(counts) == self.page_count
            self._cache["parts"] = counts
        return self._cache["parts"]

    @property
    def body_pages(self) -> int:
        return self.parts[0]

    def own_number(self, page: int) -> int:
        """The number a page carries within its part: the body's from 1, each annex's from 1."""
        for count in self.parts:
            if page <= count:
                return page
            page -= count
        raise ValueError(page)


def _contents(app) -> dict:
    """The content of each kind of document, from the story's records."""
    from criteria_app.extensions import db
    from criteria_app.models import Assessment, Decision, Inspection, Proposal, User
    from criteria_app.reports import acts, builders
    from criteria_app.services import inspections
    from criteria_app.services.uow import transaction

    with app.app_context():
        units = {(a.campaign.year, a.unit_name): a for a in db.session.execute(db.select(Assessment)).scalars()}
        nghi_hai = units[(2023, "Phường Nghi Hải")]
        round_one = db.session.execute(db.select(Inspection).filter_by(assessment_id=nghi_hai.id, round=1)).scalar_one()
        lead = db.session.execute(db.select(User).filter_by(username="truongdoan")).scalar_one()
        with transaction():    # the team goes back to Nghi Hải: a second round, still open
            round_two = inspections.start_inspection(nghi_hai, lead)
        decisions = {d.number: d for d in db.session.execute(db.select(Decision)).scalars()}
        proposal = db.session.execute(db.select(Proposal).filter_by(number="245/TTr-CAT-PC06")).scalar_one()
        campaign_2023 = nghi_hai.campaign
        return {
            "self_assessment": builders.self_assessment_report(units[(2023, "Phường Thu Thủy")]),
            "self_assessment_2025": builders.self_assessment_report(units[(2025, "Phường Cửa Lò")]),
            "self_assessment_draft": builders.self_assessment_report(units[(2023, "Phường Nghi Thu")]),
            "inspection_minutes": builders.inspection_minutes(
                inspections.current_inspection(units[(2023, "Phường Thu Thủy")])),
            "minutes_failing": builders.inspection_minutes(round_one),
            "minutes_open_round": builders.inspection_minutes(round_two),
            "proposal": acts.proposal_document(campaign_2023, proposal),
            "proposal_draft": acts.proposal_document(campaign_2023, None),
            "decision_draft": acts.draft_decision(proposal),      # Nghi Tân still awaits its decision
            "decision": acts.decision_document(decisions["3125/QĐ-UBND"]),
            "decision_collective": acts.decision_document(decisions["2876/QĐ-UBND"]),
            "revocation": acts.decision_document(decisions["655/QĐ-UBND"]),
            "refusal_letter": acts.decision_document(decisions["4120/UBND-NC"]),
        }


@pytest.fixture(scope="session")
def story_app(tmp_path_factory):
    """An application on its own SQLite database holding the demo's story."""
    from criteria_app import create_app
    from criteria_app.extensions import db
    from criteria_app.services.demo import load_demo
    from criteria_app.services.uow import transaction

    tmp = tmp_path_factory.mktemp("story")
    app = create_app({"MODE": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/story.sqlite",
                      "UPLOAD_FOLDER": str(tmp / "uploads"), "SECRET_KEY": "story"})
    with app.app_context():
        db.create_all()
        with transaction():
            load_demo("demo-pass")
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


def _render_all(app, workdir: Path) -> dict[str, Rendered]:
    for tool in ("pdftotext", "pdfinfo", "pdftoppm", "pdffonts"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: apt-get install poppler-utils")
    from criteria_app.reports import pdf

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, content in _contents(app).items():
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
def rendered(story_app, tmp_path_factory) -> dict[str, Rendered]:
    return _render_all(story_app, tmp_path_factory.mktemp("reports"))


@pytest.fixture(params=FINAL)
def document(request, rendered) -> Rendered:
    return rendered[request.param]
