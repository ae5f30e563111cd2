"""Browser tests: one live server on SQLite with the demo data, headless Chromium through Playwright.

These tests are not parametrised over database engines: they take none of the fixtures of
tests/conftest.py (`app`, `client`...), only their own. The server and its database are shared by
every test of the session, so a test that changes a ward's answers resets that assessment first
(`reset_assessment`), which keeps the tests independent of their order.
"""
from __future__ import annotations

import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import DEMO_PASSWORD, NGHI_THU

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TABLET = {"width": 1024, "height": 768}
EXPECT_TIMEOUT_MS = 5_000
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser carries the `browser` marker (-m browser / -m 'not browser')."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


# --------------------------------------------------------------------------- live server

@dataclass
class LiveServer:
    url: str
    app: object
    assessment_ids: dict[str, int]   # unit name -> id of its 2023 assessment


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    from werkzeug.serving import make_server

    from criteria_app import create_app
    from criteria_app.extensions import db
    from criteria_app.models import Assessment
    from criteria_app.services.demo import load_demo

    tmp = tmp_path_factory.mktemp("browser")
    app = create_app({
        "MODE": "test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/browser.sqlite",
        "UPLOAD_FOLDER": str(tmp / "uploads"),
        "SECRET_KEY": "browser-tests",
        "WTF_CSRF_ENABLED": True,
    })
    from criteria_app.services.uow import transaction
    with app.app_context():
        db.create_all()
        with transaction():
            load_demo(DEMO_PASSWORD)
        ids = {a.unit_name: a.id for a in db.session.execute(db.select(Assessment)).scalars()}
        db.session.remove()

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app, assessment_ids=ids)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    return live_server.url


# --------------------------------------------------------------------------- data preparation

@pytest.fixture
def data(live_server):
    """Direct access to the server's database through the service layer, for preparing a test."""
    return DataHelper(live_server)


from criteria_app.services.uow import transaction  # noqa: E402  (tests prepare data as one use case each)


class DataHelper:
    def __init__(self, server: LiveServer):
        self.server = server
        self.app = server.app

    def assessment_id(self, unit_name: str) -> int:
        return self.server.assessment_ids[unit_name]

    def reset_assessment(self, unit_name: str) -> int:
        """Back to a fresh self-assessment: no answers, no evidence, not submitted."""
        from criteria_app.domain.workflow import Status
        from criteria_app.extensions import db
        from criteria_app.models import Answer, Assessment, Evidence

        aid = self.assessment_id(unit_name)
        with self.app.app_context():
            db.session.execute(db.delete(Answer).where(Answer.assessment_id == aid))
            db.session.execute(db.delete(Evidence).where(Evidence.assessment_id == aid))
            assessment = db.session.get(Assessment, aid)
            assessment.status = Status.SELF_ASSESSMENT.value
            assessment.submitted_at = None
            assessment.submitted_by_id = None
            assessment.returned_criteria = "[]"
            db.session.commit()
            db.session.remove()
        return aid

    def answer(self, unit_name: str, answers: dict, *, username: str = "nghithu",
               explanations: dict | None = None) -> None:
        """Save answers (item code -> typed answer) and explanations through the service layer."""
        from criteria_app.extensions import db
        from criteria_app.models import Assessment, User
        from criteria_app.services.assessments import save_answer, save_explanation

        with self.app.app_context(), transaction():
            assessment = db.session.get(Assessment, self.assessment_id(unit_name))
            user = db.session.execute(db.select(User).filter_by(username=username)).scalar_one()
            for code, value in answers.items():
                save_answer(assessment, code, value, user)
            for code, text in (explanations or {}).items():
                save_explanation(assessment, code, text, user)

    def all_answers_except(self, unit_name: str, left_out: set[str]) -> tuple[dict, dict]:
        """A passing answer for every item but `left_out`, and an explanation where evidence is required."""
        from criteria_app.domain.answers import Ratio
        from criteria_app.extensions import db
        from criteria_app.models import Assessment

        answers, explanations = {}, {}
        with self.app.app_context():
            criteria_set = db.session.get(Assessment, self.assessment_id(unit_name)).criteria_set()
            for criterion in criteria_set.criteria:
                for item in criterion.items:
                    if item.code in left_out:
                        continue
                    if item.kind == "check":
                        answers[item.code] = True
                    elif item.kind == "count_at_least":
                        answers[item.code] = item.min
                    else:
                        answers[item.code] = Ratio(10, 10)
                    if item.evidence == "required":
                        explanations[item.code] = "Hồ sơ lưu tại Bộ phận Một cửa."
            db.session.remove()
        return answers, explanations

    def criterion_codes(self, unit_name: str) -> list[str]:
        from criteria_app.extensions import db
        from criteria_app.models import Assessment

        with self.app.app_context():
            codes = [c.code for c in db.session.get(Assessment, self.assessment_id(unit_name)).criteria_set().criteria]
            db.session.remove()
        return codes

    def stored_answer(self, unit_name: str, item_code: str):
        from criteria_app.extensions import db
        from criteria_app.models import Answer

        with self.app.app_context():
            row = db.session.execute(db.select(Answer).filter_by(
                assessment_id=self.assessment_id(unit_name), item_code=item_code)).scalar_one_or_none()
            value = None if row is None else (row.value, row.explanation)
            db.session.remove()
        return value

    # ---- the inspection and the province's part (tests/browser/test_inspection_flow.py)

    def wipe_assessment(self, unit_name: str) -> int:
        """Back to a fresh self-assessment and forget everything after it: inspections (members' and
        team's answers, notes, photos), submissions, decisions and the assessment's audit trail."""
        from criteria_app.extensions import db
        from criteria_app.models import (Assessment, AuditEvent, CriterionNote, Decision, DecisionEntry, Evidence,
                                         Inspection, InspectionAnswer, Proposal, ProposalEntry, Submission, TeamAnswer)

        aid = self.assessment_id(unit_name)
        with self.app.app_context():
            inspections = db.select(Inspection.id).where(Inspection.assessment_id == aid)
            for model in (InspectionAnswer, TeamAnswer, CriterionNote):
                db.session.execute(db.delete(model).where(model.inspection_id.in_(inspections)))
            db.session.execute(db.delete(Evidence).where(Evidence.assessment_id == aid))
            for model in (DecisionEntry, ProposalEntry, Inspection, Submission, AuditEvent):
                db.session.execute(db.delete(model).where(model.assessment_id == aid))
            # acts left without any unit are no acts (a decision always lists its units)
            db.session.execute(db.delete(Decision).where(~Decision.entries.any()))
            db.session.execute(db.delete(Proposal).where(~Proposal.entries.any()))
            db.session.get(Assessment, aid).return_reason = None
            db.session.commit()
            db.session.remove()
        return self.reset_assessment(unit_name)

    def _user(self, username: str):
        from criteria_app.extensions import db
        from criteria_app.models import User

        return db.session.execute(db.select(User).filter_by(username=username)).scalar_one()

    def submit(self, unit_name: str, *, username: str = "chutich.nghithu") -> None:
        from datetime import date

        from criteria_app.extensions import db
        from criteria_app.models import Assessment
        from criteria_app.services.assessments import submit_assessment

        with self.app.app_context(), transaction():
            submit_assessment(db.session.get(Assessment, self.assessment_id(unit_name)), self._user(username),
                              report_number="15", report_date=date(2023, 8, 1))

    def start_inspection(self, unit_name: str, *, lead: str = "truongdoan") -> None:
        from criteria_app.extensions import db
        from criteria_app.models import Assessment
        from criteria_app.services.inspections import start_inspection

        with self.app.app_context(), transaction():
            start_inspection(db.session.get(Assessment, self.assessment_id(unit_name)), self._user(lead))

    def member_answers(self, unit_name: str, username: str, answers: dict) -> None:
        """A team member's own answers (item code -> typed answer) in the current inspection."""
        from criteria_app.extensions import db
        from criteria_app.models import Assessment
        from criteria_app.services.inspections import current_inspection, save_member_answer

        with self.app.app_context(), transaction():
            inspection = current_inspection(db.session.get(Assessment, self.assessment_id(unit_name)))
            user = self._user(username)
            for code, value in answers.items():
                save_member_answer(inspection, code, value, user)

    def member_rows(self, unit_name: str, username: str, item_code: str) -> list[tuple]:
        """(value, reason) of every InspectionAnswer row of that member and item in the current inspection."""
        from criteria_app.extensions import db
        from criteria_app.models import Assessment, InspectionAnswer
        from criteria_app.services.inspections import current_inspection

        with self.app.app_context():
            inspection = current_inspection(db.session.get(Assessment, self.assessment_id(unit_name)))
            rows = db.session.execute(db.select(InspectionAnswer).filter_by(
                inspection_id=inspection.id, inspector_id=self._user(username).id, item_code=item_code)).scalars()
            out = [(r.value, r.reason) for r in rows]
            db.session.remove()
        return out

    def answer_rows(self, unit_name: str, item_code: str) -> list[tuple]:
        """(value, explanation) of every Answer row of the ward for that item."""
        from criteria_app.extensions import db
        from criteria_app.models import Answer

        with self.app.app_context():
            rows = db.session.execute(db.select(Answer).filter_by(
                assessment_id=self.assessment_id(unit_name), item_code=item_code)).scalars()
            out = [(r.value, r.explanation) for r in rows]
            db.session.remove()
        return out

    def audit_events(self, unit_name: str, action: str, target: str | None = None) -> list[dict]:
        """The assessment's audit events of one action (and target), oldest first."""
        from criteria_app.extensions import db
        from criteria_app.models import AuditEvent

        with self.app.app_context():
            query = db.select(AuditEvent).filter_by(assessment_id=self.assessment_id(unit_name), action=action)
            if target is not None:
                query = query.filter_by(target=target)
            out = [{"actor": e.actor.username if e.actor else None, "target": e.target, "before": e.before,
                    "after": e.after} for e in db.session.execute(query.order_by(AuditEvent.id)).scalars()]
            db.session.remove()
        return out

    def reinspect(self, unit_name: str, changes: dict) -> None:
        """The team goes back (a new round): every member answers like the ward but for `changes`, the lead
        adopts, writes and finalises the minutes, and both sides confirm them."""
        from datetime import datetime

        from criteria_app.extensions import db
        from criteria_app.models import Assessment
        from criteria_app.services import inspections as svc
        from criteria_app.services.assessments import answer_rows, typed_answers

        with self.app.app_context(), transaction():
            assessment = db.session.get(Assessment, self.assessment_id(unit_name))
            lead = self._user("truongdoan")
            inspection = svc.start_inspection(assessment, lead)
            ward = typed_answers(assessment.criteria_set(), answer_rows(assessment))
            for username in ("truongdoan", "kiemtra1", "kiemtra2"):
                for code, value in {**ward, **changes}.items():
                    svc.save_member_answer(inspection, code, value, self._user(username))
            svc.adopt_unanimous(inspection, lead)
            svc.finalise(inspection, lead, number="31", started_at=datetime(2023, 10, 20, 1, 30),
                         ended_at=datetime(2023, 10, 20, 3, 0), place="Bộ phận Một cửa, UBND phường Nghi Thu",
                         ward_representatives="Ông Nguyễn Đình Chủ – Chủ tịch UBND phường Nghi Thu")
            svc.confirm_minutes(inspection, lead, DEMO_PASSWORD)
            svc.confirm_minutes(inspection, self._user("chutich.nghithu"), DEMO_PASSWORD)

    def user_id(self, username: str) -> int:
        from criteria_app.extensions import db
        with self.app.app_context():
            uid = self._user(username).id
            db.session.remove()
        return uid

    def campaign_id(self, unit_name: str) -> int:
        from criteria_app.extensions import db
        from criteria_app.models import Assessment

        with self.app.app_context():
            cid = db.session.get(Assessment, self.assessment_id(unit_name)).campaign_id
            db.session.remove()
        return cid


@pytest.fixture
def nghi_thu(data):
    """Nghi Thu's assessment, fresh before the test and reset again after it (the submit test locks it)."""
    aid = data.reset_assessment(NGHI_THU)
    yield aid
    data.reset_assessment(NGHI_THU)


@pytest.fixture
def nghi_thu_wiped(data):
    """Nghi Thu's assessment with nothing after a fresh self-assessment (no inspection, submission,
    decision or audit event), before the test and again after it."""
    aid = data.wipe_assessment(NGHI_THU)
    yield aid
    data.wipe_assessment(NGHI_THU)


# --------------------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is required for the browser tests"
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, base_url):
    """new_page() opens a page in its own context (own cookies) as a tablet: 1024×768, touch, vi-VN.

    Every page collects console errors, JS errors, failed requests and Content-Security-Policy
    violations (reported by the browser's securitypolicyviolation event); no JS error and no CSP
    violation may happen.
    """
    contexts = []

    def _new_page():
        context = browser.new_context(viewport=TABLET, has_touch=True, is_mobile=False, locale="vi-VN",
                                      base_url=base_url)
        context.set_default_timeout(10_000)
        violations = []
        context.expose_function("__cspViolation", lambda text: violations.append(text))
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        page.console_errors = []
        page.js_errors = []
        page.failed_requests = []
        page.csp_violations = violations
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
        page.on("requestfailed", lambda req: page.failed_requests.append(f"{req.method} {req.url}: {req.failure}"))
        contexts.append((context, page))
        return page

    yield _new_page
    errors, violations = [], []
    for context, page in contexts:
        errors.extend(page.js_errors)
        violations.extend(page.csp_violations)
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert not violations, f"Content-Security-Policy violations: {violations}"


CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolation([e.violatedDirective, e.blockedURI, e.documentURI, e.sourceFile + ":" + e.lineNumber,
                         (e.sample || "")].join(" | "));
});
"""


# --------------------------------------------------------------------------- axe-core

AXE_PACKAGE = HERE / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script from the npm package pinned in tests/browser/package.json, installed here
    by npm when it is missing."""
    if not AXE_PACKAGE.is_file():
        npm = shutil.which("npm")
        assert npm, ("npm is required for the accessibility tests: install Node.js and npm "
                     "(apt-get install npm), then run `npm ci` in tests/browser")
        command = [npm, "ci" if (HERE / "package-lock.json").is_file() else "install", "--no-audit", "--no-fund"]
        done = subprocess.run(command, cwd=HERE, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and AXE_PACKAGE.is_file(), f"{' '.join(command)} failed:\n{done.stderr[-2000:]}"
    return AXE_PACKAGE.read_text(encoding="utf-8")


@pytest.fixture
def page(new_page):
    return new_page()
