"""The province's documents over HTTP: the rule enforced with what fails beside the action, the campaign's
documents page (issuing a tờ trình, each decision's PDF and spreadsheet), a revocation's own decision, the
minutes written by the lead, and the administration of references and signers (/quan-tri/can-cu)."""
from __future__ import annotations

import io
import subprocess
from datetime import date

from openpyxl import load_workbook

from criteria_app.domain.workflow import Status
from criteria_app.extensions import db
from criteria_app.models import Decision, Inspection, Job, LegalText, Proposal
from criteria_app.services import review
from criteria_app.services.uow import transaction
from tests.factories import (
    approval_fields,
    director,
    proposal_fields,
    scored,
    signed,
    signed_meeting_the_rule,
    submitted,
)


def _text(pdf_bytes: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf_bytes)
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def test_proposing_or_approving_a_unit_that_fails_the_rule_is_refused_with_what_fails(world, login, client):
    a, _ = signed(world)                     # the team failed TC02, a mandatory criterion
    login("tinh")
    page = client.get(f"/tinh/ho-so/{a.id}").get_data(as_text=True)
    assert 'data-testid="eligibility"' in page and "Tiêu chí bắt buộc không đạt: TC02" in page
    refused = client.post(f"/tinh/ho-so/{a.id}/de-nghi", data={"pro-number": "245", "pro-issued_on": "2023-11-20",
                                                              "pro-signer": str(director(world).id)})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'data-testid="rule-failures"' in html
    assert "<li>Tiêu chí bắt buộc không đạt: TC02</li>" in html
    with transaction():                       # a unit proposed before the rule was enforced
        a.status = Status.PROPOSED.value
    approve = client.post(f"/tinh/ho-so/{a.id}/cong-nhan", data={
        "app-number": "3125", "app-decided_on": "2023-12-15", "app-signer": str(world.users["tinh"].id),
        "app-valid_from": "2023-12-15"})
    html = approve.get_data(as_text=True)
    assert approve.status_code == 422 and "Không thể công nhận Phường Nghi Thu" in html
    assert "<li>Tiêu chí bắt buộc không đạt: TC02</li>" in html
    db.session.expire_all()
    assert db.session.query(Decision).count() == 0 and db.session.get(type(a), a.id).status == "proposed"


def test_a_recognised_units_decision_and_minutes_are_direct_links_and_revocation_makes_its_own_decision(
        world, login, client, tmp_path):
    with transaction():
        a, _ = signed_meeting_the_rule(world)
        review.propose(a, world.users["tinh"], **proposal_fields(world))
        decision = review.approve(a, world.users["tinh"], **approval_fields(world, "3125"))
    login("tinh")
    page = client.get(f"/tinh/ho-so/{a.id}").get_data(as_text=True)
    pdf_url = f"/tinh/dot/{world.campaign.id}/van-ban/{decision.id}.pdf"
    assert f'href="{pdf_url}"' in page and f'href="/kiem-tra/{a.id}/bien-ban.pdf"' in page
    assert "Tờ trình số 245/TTr-CAT-PC06" in page
    text = _text(client.get(pdf_url).data, tmp_path)
    assert "Số: 3125/QĐ-UBND" in text and "Công nhận phường Nghi Thu, thị xã Cửa Lò, tỉnh Nghệ An" in text
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Người dùng tinh" in text
    minutes = _text(client.get(f"/kiem-tra/{a.id}/bien-ban.pdf").data, tmp_path)
    assert "Số: 12/BB-ĐKT" in minutes and "Đã xác nhận trên hệ thống lúc" in minutes and "ký điện tử" not in minutes
    book = load_workbook(io.BytesIO(client.get(f"/tinh/dot/{world.campaign.id}/van-ban/{decision.id}.xlsx").data))
    assert [c.value for c in book.active[2]][:2] == [1, "Phường Nghi Thu"]

    missing = client.post(f"/tinh/ho-so/{a.id}/thu-hoi", data={"rev-reason": "Không duy trì mô hình"})
    html = missing.get_data(as_text=True)
    assert missing.status_code == 422 and "Nhập số quyết định." in html and "Chọn người ký." in html
    done = client.post(f"/tinh/ho-so/{a.id}/thu-hoi", data={
        "rev-reason": "Không duy trì mô hình", "rev-number": "88", "rev-decided_on": "2024-03-01",
        "rev-signer": str(world.users["tinh"].id)})
    assert done.status_code == 302
    revocation = db.session.execute(db.select(Decision).filter_by(kind="revoke")).scalar_one()
    assert revocation.revokes_id == decision.id and revocation.number == "88/QĐ-UBND"
    text = _text(client.get(f"/tinh/dot/{world.campaign.id}/van-ban/{revocation.id}.pdf").data, tmp_path)
    assert "Số: 88/QĐ-UBND" in text and "Thu hồi kết quả công nhận phường Nghi Thu" in text
    assert "tại Quyết định số 3125/QĐ-UBND ngày 01/12/2023" in text and "Lý do thu hồi: Không duy trì mô hình." in text
    listing = client.get(f"/tinh/dot/{world.campaign.id}/van-ban").get_data(as_text=True)
    assert "Quyết định thu hồi công nhận" in listing and "thu hồi theo Quyết định số 3125/QĐ-UBND" in listing


def test_the_documents_page_issues_a_tờ_trình_with_messages_beside_its_fields(world, login, client):
    with transaction():
        a, _ = signed_meeting_the_rule(world)
    pgd = director(world)
    db.session.commit()
    login("tinh")
    url = f"/tinh/dot/{world.campaign.id}/van-ban"
    page = client.get(url).get_data(as_text=True)
    assert 'data-unit="Phường Nghi Thu"' in page and "Đề nghị công nhận" in page
    assert f'<option value="{pgd.id}">' in page and "Hồ Văn Thành – Phó Giám đốc" in page
    refused = client.post(f"/tinh/dot/{world.campaign.id}/to-trinh", data={"tt-number": "", "tt-issued_on": "hôm nay",
                                                                          "tt-signer": ""})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Nhập số tờ trình." in html and "Ngày không hợp lệ." in html
    assert "Chọn người ký." in html
    done = client.post(f"/tinh/dot/{world.campaign.id}/to-trinh", data={"tt-number": "245",
                       "tt-issued_on": "2023-11-20", "tt-signer": str(pgd.id)})
    assert done.status_code == 302
    proposal = db.session.execute(db.select(Proposal)).scalar_one()
    assert proposal.number == "245/TTr-CAT-PC06" and db.session.get(type(a), a.id).status == "proposed"
    draft = client.get(f"/tinh/dot/{world.campaign.id}/to-trinh/{proposal.id}/du-thao-quyet-dinh.pdf")
    assert draft.status_code == 200 and draft.data.startswith(b"%PDF")
    client.post(f"/tinh/dot/{world.campaign.id}/bao-cao/recognition_pdf", data={"proposal_id": str(proposal.id)})
    job = db.session.execute(db.select(Job)).scalar_one()
    assert job.params == f'{{"proposal_id": {proposal.id}}}'
    assert client.post(f"/tinh/dot/{world.campaign.id}/bao-cao/recognition_pdf",
                       data={"proposal_id": "99999"}).status_code == 404


def test_only_the_approver_issues_a_tờ_trình_and_other_roles_and_provinces_see_no_document(world, login, client):
    with transaction():
        a, _ = signed_meeting_the_rule(world)
        review.propose(a, world.users["tinh"], **proposal_fields(world))
        decision = review.approve(a, world.users["tinh"], **approval_fields(world))
    file_url = f"/tinh/dot/{world.campaign.id}/van-ban/{decision.id}.pdf"
    login("admin")
    assert client.get(file_url).status_code == 200
    assert client.post(f"/tinh/dot/{world.campaign.id}/to-trinh", data={"tt-number": "1"}).status_code == 403
    client.post("/logout")
    for username, status in (("tinh.hatinh", 404), ("chutich.nghithu", 403), ("truongdoan", 403)):
        login(username)
        assert client.get(file_url).status_code == status, username
        assert client.get(f"/tinh/dot/{world.campaign.id}/van-ban").status_code == status, username
        client.post("/logout")


def test_the_lead_writes_the_minutes_until_someone_confirms_them(world, login, client):
    a = submitted(world)
    with transaction():
        from criteria_app.services import inspections as svc
        inspection = svc.start_inspection(a, world.users["truongdoan"])
        scored(world, inspection, differing=("TC01.1", True))
        svc.adopt_unanimous(inspection, world.users["truongdoan"])
    login("truongdoan")
    page = client.get(f"/kiem-tra/{a.id}/bien-ban").get_data(as_text=True)
    assert 'name="started_at"' in page and 'name="ended_at"' in page and 'name="recommendations"' in page
    assert 'data-testid="draft"' in page
    bad = client.post(f"/kiem-tra/{a.id}/bien-ban/luu", data={"number": "BB", "started_at": "2023-07-18T08:30",
                                                              "ended_at": "2023-07-18T08:00", "copies": "3"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Giờ kết thúc phải sau giờ bắt đầu." in html
    assert "Số văn bản bắt đầu bằng chữ số" in html and 'value="BB"' in html
    unreadable = client.post(f"/kiem-tra/{a.id}/bien-ban/luu", data={"started_at": "sáng nay"})
    assert unreadable.status_code == 422 and "Giờ không hợp lệ." in unreadable.get_data(as_text=True)
    saved = client.post(f"/kiem-tra/{a.id}/bien-ban/luu", data={
        "number": "12", "started_at": "2023-07-18T08:30", "ended_at": "2023-07-18T11:45", "copies": "3",
        "recommendations": "Bổ sung bộ nhận diện", "place": "Bộ phận Một cửa, UBND phường Nghi Thu"})
    assert saved.status_code == 302
    db.session.expire_all()
    stored = db.session.query(Inspection).one()
    assert stored.number == "12/BB-ĐKT" and stored.started_at.hour == 1 and stored.ended_at.hour == 4   # UTC
    page = client.get(f"/kiem-tra/{a.id}/bien-ban").get_data(as_text=True)
    assert "vào hồi 08 giờ 30 phút, ngày 18 tháng 7 năm 2023" in page and "Bổ sung bộ nhận diện" in page
    assert "kết thúc vào hồi 11 giờ 45 phút cùng ngày" in page


# ---- administration of references and signers -----------------------------------------------------

def test_campaign_references_are_edited_with_messages_beside_the_fields(world, login, client):
    login("tinh")                              # the province's approvers manage campaigns
    url = f"/quan-tri/can-cu/dot/{world.campaign.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'value="78/KH-UBND"' in page and "Luật Tổ chức chính quyền địa phương" in page
    refused = client.post(url, data={"cc-plan_number": "KH", "cc-plan_date": "2022-01-28", "cc-standing_body": "",
                                     "cc-standing_abbr": "CAT", "cc-authority": "collective"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Số văn bản bắt đầu bằng chữ số" in html
    assert "Nhập tên cơ quan thường trực" in html and 'value="KH"' in html
    done = client.post(url, data={"cc-plan_number": "79", "cc-plan_date": "2022-02-01", "cc-plan_issuer": "UBND tỉnh",
                                  "cc-standing_body": "Công an tỉnh Nghệ An", "cc-standing_parent": "Bộ Công an",
                                  "cc-standing_abbr": "CAT", "cc-standing_unit": "PC06", "cc-authority": "collective",
                                  "cc-decision_unit": "NC"})
    assert done.status_code == 302
    assert (world.campaign.basis.plan_number, world.campaign.basis.authority) == ("79/KH-UBND", "collective")
    added = client.post(f"{url}/van-ban", data={"vb-title": "Luật Tổ chức chính quyền địa phương",
                                                "vb-issued_on": "2025-06-16"})
    assert added.status_code == 302
    text = db.session.execute(db.select(LegalText).filter_by(issued_on=date(2025, 6, 16))).scalar_one()
    assert client.post(f"{url}/van-ban/{text.id}", data={"vb-title": "", "vb-issued_on": ""}).status_code == 422
    assert client.post(f"{url}/van-ban/{text.id}/xoa").status_code == 302
    assert db.session.get(LegalText, text.id) is None


def test_team_roles_and_signing_ranks_are_set_by_administrators(world, login, client):
    team = world.users["truongdoan"].team
    k1 = world.users["kiemtra1"]
    login("admin")
    url = f"/quan-tri/can-cu/doan/{team.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'value="1912/QĐ-UBND"' in page and "Bà Người dùng kiemtra1 – Thư ký" in page
    assert client.post(f"{url}/thanh-vien", data={f"role-{k1.id}": "truong_doan"}).status_code == 422
    assert client.post(f"{url}/thanh-vien", data={f"role-{k1.id}": "pho_truong_doan",
                                                  f"gender-{k1.id}": "nam"}).status_code == 302
    assert (k1.team_role, k1.gender) == ("pho_truong_doan", "nam")
    refused = client.post(url, data={"qd-decision_number": "", "qd-decision_date": "", "qd-decision_issuer": "",
                                     "qd-parent_body": "UBND tỉnh Nghệ An"})
    assert refused.status_code == 422 and "Nhập số quyết định thành lập đoàn." in refused.get_data(as_text=True)
    pgd = director(world)
    db.session.commit()
    assert "Hồ Văn Thành" in client.get("/quan-tri/can-cu/nguoi-ky").get_data(as_text=True)
    assert client.post(f"/quan-tri/can-cu/nguoi-ky/{pgd.id}", data={f"gender-{pgd.id}": "nam",
                                                                    f"rank-{pgd.id}": "giam_doc"}).status_code == 302
    assert pgd.signing_rank == "giam_doc"
    bad = client.post(f"/quan-tri/can-cu/nguoi-ky/{pgd.id}", data={f"rank-{pgd.id}": "vua"})
    assert bad.status_code == 422 and "Chọn chức danh ký." in bad.get_data(as_text=True)
    client.post("/logout")
    login("tinh")                              # people: administrators only
    assert client.get(url).status_code == 200
    assert client.post(f"{url}/thanh-vien", data={f"role-{k1.id}": "thu_ky"}).status_code == 403
    assert client.post(f"/quan-tri/can-cu/nguoi-ky/{pgd.id}", data={f"rank-{pgd.id}": "chu_tich"}).status_code == 403
