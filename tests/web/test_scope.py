"""Generated from the URL map: no page, fragment or file of a unit leaks to a user outside its scope."""
import io
from pathlib import Path

import pytest

from criteria_app.extensions import db
from criteria_app.models import Answer, Assessment, AuditEvent, Evidence, Inspection, InspectionAnswer, TeamAnswer
from tests.factories import PNG, submitted

OUTSIDERS = ["nghihuong", "chutich.nghihuong", "tinh.hatinh", "kiemtra9"]
PUBLIC = {"static", "auth.login", "healthz"}
NO_UNIT = {"auth.logout", "auth.home", "wards.index", "province.index"}   # pages without a unit in their URL


def _snapshot():
    return (db.session.query(Answer).count(), db.session.query(Evidence).filter_by(deleted_at=None).count(),
            db.session.query(InspectionAnswer).count(), db.session.query(TeamAnswer).count(),
            db.session.query(AuditEvent).count(), [a.status for a in db.session.query(Assessment).order_by(Assessment.id)])


def _urls(app, world, evidence_id):
    from criteria_app.models import Decision, Job, Proposal
    from criteria_app.web.province import ACTIONS, REPORT_KINDS
    values = {"assessment_id": [world.nghi_thu_assessment.id], "code": ["TC01"], "item_code": ["TC01.1"],
              "evidence_id": [evidence_id], "verb": sorted(ACTIONS), "campaign_id": [world.campaign.id],
              "fmt": ["pdf", "xlsx"], "kind": sorted(REPORT_KINDS),
              "job_id": [db.session.execute(db.select(Job.id)).scalar_one()],
              "decision_id": [db.session.execute(db.select(Decision.id)).scalar_one()],
              "proposal_id": [db.session.execute(db.select(Proposal.id)).scalar_one()]}
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC or rule.endpoint in NO_UNIT:
            continue
        if rule.endpoint.startswith("admin."):   # /quan-tri: province-scoped, covered by tests/web/test_admin.py
            continue
        unknown = set(rule.arguments) - set(values)
        assert not unknown, f"teach test_scope the argument(s) {unknown} of {rule.endpoint}"
        assert {"assessment_id", "campaign_id", "job_id"} & set(rule.arguments), \
            f"{rule.endpoint} has no unit, campaign or job in its URL: add it to NO_UNIT with its own test"
        combos = [{}]
        for arg in sorted(rule.arguments):
            combos = [{**c, arg: v} for c in combos for v in values[arg]]
        for combo in combos:
            url = rule.build(combo, append_unknown=False)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                out.append((rule.endpoint, method, url))
    return out


@pytest.fixture
def nghi_thu_with_evidence(app, world, login, client):
    """Nghi Thu with ward evidence, submitted, and an inspection under way with a member's answer and photo,
    so every inspection and province page has something to leak."""
    from criteria_app.services import inspections
    login("nghithu")
    aid = world.nghi_thu_assessment.id
    client.post(f"/danh-gia/{aid}/chi-tieu/TC01.1", data={"value": "yes"})
    client.post(f"/danh-gia/{aid}/chi-tieu/TC01.1/minh-chung", data={"file": (io.BytesIO(PNG), "a.png")},
                content_type="multipart/form-data")
    client.post("/logout")
    submitted(world)
    inspection = inspections.start_inspection(world.nghi_thu_assessment, world.users["truongdoan"])
    inspections.save_member_answer(inspection, "TC01.1", False, world.users["kiemtra1"])
    inspections.add_photo(inspection, "TC02.3", io.BytesIO(PNG), "p.png", None, world.users["kiemtra1"])
    # a finished report of Nghệ An's campaign, as a background job leaves it
    from criteria_app.models import Job
    result = Path(app.config["UPLOAD_FOLDER"]) / "report.pdf"
    result.parent.mkdir(parents=True, exist_ok=True)
    result.write_bytes(b"%PDF-1.4 Nghi Thu")
    db.session.add(Job(id="a" * 32, kind="recognition_pdf", campaign_id=world.campaign.id,
                       province_id=world.province.id, status="done", progress=100, result_path=str(result),
                       result_name="bao-cao.pdf", result_type="application/pdf"))
    # a decision of Nghệ An's campaign (on Nghi Thu, so that a leak of it would show)
    from datetime import date

    from criteria_app.models import Decision, DecisionEntry
    decision = Decision(campaign_id=world.campaign.id, kind="approve", number="1/QĐ-UBND", decided_on=date(2023, 12, 1),
                        signer_id=world.users["tinh"].id, signer_name="Người dùng tinh", signer_rank="pho_chu_tich")
    db.session.add(decision)
    db.session.flush()
    db.session.add(DecisionEntry(decision_id=decision.id, assessment_id=world.nghi_thu_assessment.id,
                                 status_version=99, valid_from=date(2023, 12, 1)))
    # and a tờ trình whose unit (Nghi Hương) awaits the decision
    from criteria_app.models import Proposal, ProposalEntry
    proposal = Proposal(campaign_id=world.campaign.id, number="245/TTr-CAT-PC06", issued_on=date(2023, 11, 20),
                        signer_name="Người ký", signer_rank="pho_giam_doc")
    db.session.add(proposal)
    db.session.flush()
    db.session.add(ProposalEntry(proposal_id=proposal.id, assessment_id=world.nghi_huong_assessment.id, proposed=True))
    world.nghi_huong_assessment.status = "proposed"
    db.session.commit()
    return db.session.execute(db.select(Evidence).filter_by(stage="self")).scalar_one().id


@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_get_404_or_403_everywhere_and_change_nothing(app, world, login, client, username,
                                                               nghi_thu_with_evidence):
    urls = _urls(app, world, nghi_thu_with_evidence)
    assert len(urls) >= 8
    login(username)
    before = _snapshot()
    for endpoint, method, url in urls:
        data = {"value": "no", "numerator": "1", "denominator": "2", "explanation": "x",
                "file": (io.BytesIO(PNG), "b.png")}
        response = client.open(url, method=method, data=data if method == "POST" else None,
                               content_type="multipart/form-data" if method == "POST" else None,
                               headers={"HX-Request": "true"} if method == "POST" else {})
        assert response.status_code in (403, 404), (username, endpoint, method, url, response.status_code)
        assert "Nghi Thu" not in response.get_data(as_text=True), (endpoint, url)
    db.session.expire_all()
    assert _snapshot() == before
    assert db.session.query(Inspection).one().status == "open"
    listing = client.get("/ho-so").get_data(as_text=True)
    assert "Nghi Thu" not in listing


# What each in-scope role reads (GET 200); every other GET of theirs may be 200, a redirect or a 403.
READS = {
    "nghithu": {"assessments.overview", "assessments.criterion", "assessments.history", "assessments.history_csv",
                "assessments.download_evidence", "assessments.submit", "assessments.report", "inspections.minutes"},
    "tinh": {"assessments.overview", "assessments.history", "assessments.report", "inspections.overview",
             "inspections.merge", "inspections.minutes", "inspections.minutes_pdf", "province.assessment",
             "province.campaign", "province.dashboard", "province.reports", "province.job", "province.job_download",
             "documents.index", "documents.decision_file", "documents.draft_decision"},
    "truongdoan": {"assessments.overview", "inspections.overview", "inspections.criterion", "inspections.merge",
                   "inspections.minutes"},
    "kiemtra1": {"assessments.overview", "assessments.download_evidence", "inspections.overview",
                 "inspections.criterion", "inspections.merge", "inspections.minutes"},
}
READS["chutich.nghithu"] = READS["nghithu"]
READS["admin"] = READS["tinh"]


@pytest.mark.parametrize("username", sorted(READS))
def test_users_in_scope_can_read_their_pages(app, world, login, client, username, nghi_thu_with_evidence):
    login(username)
    seen = set()
    for endpoint, method, url in _urls(app, world, nghi_thu_with_evidence):
        if method != "GET":
            continue
        status = client.get(url).status_code
        if endpoint in READS[username]:
            assert status == 200, (username, endpoint, url, status)
            seen.add(endpoint)
        else:
            assert status in (200, 302, 403), (username, endpoint, url, status)
    assert seen == READS[username]
    assert "Phường Nghi Thu" in client.get("/ho-so").get_data(as_text=True)


@pytest.mark.parametrize("username", ["tinh", "admin", "truongdoan", "kiemtra1"])
def test_only_the_ward_changes_its_self_assessment(world, login, client, username, nghi_thu_with_evidence):
    login(username)
    before = _snapshot()
    aid = world.nghi_thu_assessment.id
    assert client.post(f"/danh-gia/{aid}/chi-tieu/TC01.1", data={"value": "no"}).status_code == 403
    assert client.post(f"/danh-gia/{aid}/minh-chung/{nghi_thu_with_evidence}/xoa").status_code == 403
    db.session.expire_all()
    assert _snapshot() == before


@pytest.mark.parametrize("username,expected", [("tinh", 302), ("admin", 302), ("tinh.hatinh", 302),
                                               ("nghithu", 403), ("truongdoan", 403), ("kiemtra1", 403)])
def test_province_index_is_for_province_roles_and_leads_to_their_own_campaign(world, login, client, username, expected):
    login(username)
    response = client.get("/tinh/")
    assert response.status_code == expected
    if expected == 302:
        own = world.campaign.id if username != "tinh.hatinh" else world.other_assessment.campaign_id
        assert response.headers["Location"].endswith(f"/tinh/dot/{own}")
