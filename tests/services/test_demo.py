"""`flask demo`: loads the whole story once, again without duplicates, and prints the log-ins."""
from criteria_app.extensions import db
from criteria_app.models import (Assessment, Campaign, CriteriaSetRecord, Decision, DecisionEntry, Inspection, Proposal,
                                 ProposalEntry, Submission, Unit, User)

STORY_2023 = {
    "Phường Nghi Thu": "self_assessment", "Phường Nghi Hương": "submitted", "Phường Nghi Hòa": "returned",
    "Phường Nghi Hải": "inspected", "Phường Nghi Tân": "proposed", "Phường Thu Thủy": "recognised",
    "Phường Nghi Thủy": "refused",
}
STORY_2025 = {"Phường Cửa Lò": "recognised", "Phường Vinh Hưng": "revoked", "Phường Trường Vinh": "self_assessment"}


def _counts():
    return tuple(db.session.query(m).count() for m in (Unit, User, Campaign, Assessment, CriteriaSetRecord, Submission,
                                                       Inspection, Proposal, ProposalEntry, Decision, DecisionEntry))


def test_demo_tells_the_whole_story_once_and_prints_the_logins(runner, app_ctx):
    first = runner.invoke(args=["demo", "--password", "mật-khẩu-demo"])
    assert first.exit_code == 0, first.output
    for username in ("admin", "tinh", "truongdoan", "kiemtra1", "kiemtra2", "nghithu", "chutich.nghithu", "nghihuong",
                     "pgd.congan", "chutich.thuthuy", "truongdoan2025"):
        assert username in first.output
    assert "mật-khẩu-demo" in first.output
    counts = _counts()
    again = runner.invoke(args=["demo", "--password", "mật-khẩu-demo"])
    assert again.exit_code == 0 and _counts() == counts
    nghi_thu = db.session.execute(db.select(User).filter_by(username="nghithu")).scalar_one().unit
    assert nghi_thu.path_name() == "Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An"
    province = db.session.execute(db.select(Unit).filter_by(name="Tỉnh Nghệ An")).scalar_one()
    current = db.session.query(Unit).filter(Unit.province_id == province.id, Unit.level == 3,
                                            Unit.valid_to.is_(None)).count()
    assert current == 130
    assert db.session.query(Unit).filter(Unit.parent_id == nghi_thu.parent_id).count() == 7

    by_year = {}
    for a in db.session.execute(db.select(Assessment)).scalars():
        by_year.setdefault(a.campaign.year, {})[a.unit_name] = a.status
    assert by_year == {2023: STORY_2023, 2025: STORY_2025}
    assert db.session.execute(db.select(Assessment).filter_by(unit_name="Phường Cửa Lò")).scalar_one().unit_path \
        == "Phường Cửa Lò, Tỉnh Nghệ An"                   # after the reorganisation: no district

    acts = {(d.campaign.year, d.kind, d.number): sorted(e.assessment.unit_name for e in d.entries)
            for d in db.session.execute(db.select(Decision)).scalars()}
    assert acts == {
        (2023, "approve", "3125/QĐ-UBND"): ["Phường Thu Thủy"],
        (2023, "refuse", "4120/UBND-NC"): ["Phường Nghi Thủy"],
        (2025, "approve", "2876/QĐ-UBND"): ["Phường Cửa Lò", "Phường Vinh Hưng"],
        (2025, "revoke", "655/QĐ-UBND"): ["Phường Vinh Hưng"],
    }
    tờ_trình = {p.number: {e.assessment.unit_name: e.proposed for e in p.entries}
                for p in db.session.execute(db.select(Proposal)).scalars()}
    assert tờ_trình == {
        "245/TTr-CAT-PC06": {"Phường Nghi Hải": False, "Phường Nghi Tân": True, "Phường Thu Thủy": True,
                             "Phường Nghi Thủy": False},
        "512/TTr-CAT-PC06": {"Phường Cửa Lò": True, "Phường Vinh Hưng": True},
    }
    # every inspection's minutes are signed, numbered and timed by the lead
    for inspection in db.session.execute(db.select(Inspection)).scalars():
        assert inspection.status == "signed" and inspection.number and inspection.ended_at > inspection.started_at
    nghi_hoa = db.session.execute(db.select(Assessment).filter_by(unit_name="Phường Nghi Hòa")).scalar_one()
    assert nghi_hoa.returned_codes == {"TC05"} and "số hóa" in nghi_hoa.return_reason
