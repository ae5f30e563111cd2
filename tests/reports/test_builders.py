"""Documents built from the models (runs on SQLite and PostgreSQL via `world`): what each says, before any
layout. The rendered layout is tested in test_pdf_documents.py."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from criteria_app.domain.answers import NA, Ratio
from criteria_app.extensions import db
from criteria_app.models import Evidence
from criteria_app.reports import acts, builders
from criteria_app.reports import formatting as fmt
from criteria_app.services import assessments as svc
from criteria_app.services import inspections, review
from criteria_app.services.uow import transaction
from tests.factories import (
    approval_fields,
    director,
    proposal_fields,
    signed_meeting_the_rule,
    submitted,
)


def _answer_a_few(world):
    a, user = world.nghi_thu_assessment, world.users["nghithu"]
    with transaction():
        svc.save_answer(a, "TC01.1", True, user)
        svc.save_answer(a, "TC01.3", Ratio(11, 12), user)
        svc.save_answer(a, "TC02.7", 3, user)
        svc.save_answer(a, "TC08.2", NA, user)
        svc.save_explanation(a, "TC01.1", "Quyết định lưu tại hồ sơ giấy của Văn phòng UBND phường", user)
        db.session.add(Evidence(assessment_id=a.id, item_code="TC01.1", stored_name="e1", size=10,
                                original_name="QĐ thành lập Tổ công tác Đề án 06.pdf", content_type="application/pdf",
                                sha256="0" * 64, uploaded_by_id=user.id))
        db.session.add(Evidence(assessment_id=a.id, item_code="TC01.1", stored_name="e2", size=10,
                                original_name="bản cũ đã xóa.pdf", content_type="application/pdf",
                                sha256="1" * 64, uploaded_by_id=user.id, deleted_at=datetime(2023, 7, 1)))
    return a


def test_a_self_assessment_being_written_is_a_draft_of_its_committee(world):
    a = _answer_a_few(world)
    world.cua_lo.name = "Thành phố Vinh"                  # later renaming: the report keeps the snapshot
    db.session.commit()
    report = builders.self_assessment_report(a)
    assert report.header.issuer == ("UBND THỊ XÃ CỬA LÒ", "ỦY BAN NHÂN DÂN", "PHƯỜNG NGHI THU")
    assert report.header.body_lines_text == ("ỦY BAN NHÂN DÂN", "PHƯỜNG NGHI THU")
    assert report.header.draft and report.header.number is None
    assert " ".join(report.header.number_line.split()) == "Số: /BC-UBND"
    assert " ".join(report.header.date_line.split()) == "Nghi Thu, ngày tháng năm 2023"
    assert report.footer.signatures[0].authority == ("TM. ỦY BAN NHÂN DÂN",)
    assert report.footer.signatures[0].position == "CHỦ TỊCH"
    assert report.footer.signatures[0].name == world.users["chutich.nghithu"].full_name
    assert report.footer.recipients == ("UBND tỉnh Nghệ An (qua Công an tỉnh);", "UBND thị xã Cửa Lò;", "Lưu: VT.")
    assert report.intro[0].startswith("Căn cứ Kế hoạch số 78/KH-UBND ngày 28 tháng 01 năm 2022 của Ủy ban nhân dân "
                                      "(UBND) tỉnh")
    assert report.general[0] == "Đơn vị: phường Nghi Thu, thị xã Cửa Lò, tỉnh Nghệ An."

    items = {i.code: i for i in report.items}
    assert len(items) == 32
    assert items["TC01.1"].evidence_files == ("QĐ thành lập Tổ công tác Đề án 06.pdf",)
    assert items["TC01.3"].answer_text == "11/12 (91,7%)" and items["TC01.3"].score == Decimal("1.83")
    assert items["TC02.7"].answer_text == "3 máy" and items["TC08.2"].answer_text == "Không phát sinh"
    result = svc.result(a)
    assert report.total == result.total == Decimal("8.83")
    assert "còn chỉ tiêu chưa trả lời" in report.conclusion


def test_a_submitted_report_carries_the_number_and_date_the_chairman_gave_it(world):
    a = submitted(world)
    report = builders.self_assessment_report(a)
    assert not report.header.draft
    assert report.header.number_line == "Số: 15/BC-UBND"
    assert report.header.date_line == "Nghi Thu, ngày 01 tháng 8 năm 2023"
    assert report.footer.signatures[0].name == world.users["chutich.nghithu"].full_name


def test_the_minutes_list_the_team_from_its_roster_the_lead_first_even_if_he_scored_nothing(world):
    a = submitted(world)
    lead, k1 = world.users["truongdoan"], world.users["kiemtra1"]
    with transaction():
        inspection = inspections.start_inspection(a, lead)
        from criteria_app.domain.answers import answer_from_json
        from tests.factories import full_answers
        cs = a.criteria_set()
        for code, raw in full_answers(cs).items():        # only the secretary scores
            inspections.save_member_answer(inspection, code, answer_from_json(cs.item(code), raw), k1)
        inspections.adopt_unanimous(inspection, lead)
        inspections.finalise(inspection, lead, place="Bộ phận Một cửa, UBND phường Nghi Thu",
                             ward_representatives="Ông Nguyễn Đình Chủ – Chủ tịch UBND phường Nghi Thu",
                             findings="Đủ trang thiết bị", recommendations="Duy trì mô hình\nNhân rộng",
                             started_at=datetime(2023, 7, 18, 1, 30), ended_at=datetime(2023, 7, 18, 4, 45),
                             number="12", copies=2)
    minutes = builders.inspection_minutes(inspection)
    assert [(p.name, p.position, p.role) for p in minutes.team_members] == [
        ("Ông Người dùng truongdoan", "", "Trưởng đoàn"), ("Bà Người dùng kiemtra1", "", "Thư ký")]
    assert minutes.header.issuer == ("UBND TỈNH NGHỆ AN", "ĐOÀN KIỂM TRA") and minutes.header.draft
    assert minutes.basis[0] == ("Căn cứ Quyết định số 1912/QĐ-UBND ngày 10 tháng 7 năm 2023 của Chủ tịch Ủy ban "
                                "nhân dân (UBND) tỉnh về việc thành lập Đoàn kiểm tra số 1;")
    assert minutes.opening.startswith("Hôm nay, vào hồi 08 giờ 30 phút, ngày 18 tháng 7 năm 2023, tại Bộ phận")
    assert minutes.closing == ("Biên bản kết thúc vào hồi 11 giờ 45 phút cùng ngày, được lập thành 02 bản có giá trị "
                               "pháp lý như nhau, đã đọc lại cho các thành viên tham dự cùng nghe và thống nhất ký "
                               "tên.")
    assert minutes.recommendations == ("Duy trì mô hình", "Nhân rộng")
    assert [s.position for s in minutes.footer.signatures] == ["THƯ KÝ", "TRƯỞNG ĐOÀN"]
    assert [s.name for s in minutes.footer.signatures] == ["Người dùng kiemtra1", "Người dùng truongdoan"]
    assert minutes.footer.below[0].authority == ("TM. ỦY BAN NHÂN DÂN",)
    assert "Đơn vị đủ điều kiện đề nghị công nhận" in minutes.conclusion
    # the roster is kept with the minutes: a member who leaves the team later stays in them
    with transaction():
        k1.team = None
    assert [p.role for p in builders.inspection_minutes(inspection).team_members] == ["Trưởng đoàn", "Thư ký"]


def test_a_second_round_is_numbered_and_an_open_one_prints_no_score_as_final(world):
    a, _ = signed_meeting_the_rule(world)
    with transaction():
        review.return_criteria(a, ["TC02"], "Kiểm tra lại máy quét", world.users["tinh"])
        svc.submit_assessment(a, world.users["chutich.nghithu"], report_number="31", report_date=date(2023, 10, 2))
        again = inspections.start_inspection(a, world.users["truongdoan"])
    minutes = builders.inspection_minutes(again)
    assert again.round == 2 and "Kiểm tra thực tế lần 2" in minutes.header.subtitle
    assert minutes.header.draft and not minutes.scored
    assert minutes.conclusion == "Đoàn kiểm tra chưa chốt kết quả chấm điểm; biên bản đang được lập."


def _approved(world, *, authority="individual", rank="pho_chu_tich"):
    world.campaign.basis.authority = authority
    world.users["tinh"].signing_rank = rank
    with transaction():
        a, _ = signed_meeting_the_rule(world)
        review.propose(a, world.users["tinh"], **proposal_fields(world))
        return a, review.approve(a, world.users["tinh"], **approval_fields(world, "3125"))


@pytest.mark.parametrize("authority,rank,authority_line,block", [
    ("individual", "chu_tich", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", ((), "CHỦ TỊCH")),
    ("individual", "pho_chu_tich", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", (("KT. CHỦ TỊCH",), "PHÓ CHỦ TỊCH")),
    ("collective", "chu_tich", "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", (("TM. ỦY BAN NHÂN DÂN",), "CHỦ TỊCH")),
    ("collective", "pho_chu_tich", "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
     (("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), "PHÓ CHỦ TỊCH")),
])
def test_a_decisions_signature_block_follows_its_authority(world, authority, rank, authority_line, block):
    a, decision = _approved(world, authority=authority, rank=rank)
    content = acts.decision_document(decision)
    assert content.authority == authority_line
    signature = content.footer.signatures[0]
    assert (signature.authority, signature.position) == block
    assert content.header.issuer == ("ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN") and content.header.body_lines == 2
    assert content.header.number_line == "Số: 3125/QĐ-UBND" and content.annex is None
    assert content.legal_bases[-1] == "Theo đề nghị của Giám đốc Công an tỉnh tại Tờ trình số 245/TTr-CAT-PC06 ngày " \
                                      "20/11/2023."
    assert content.articles[0].text.startswith("Công nhận phường Nghi Thu, thị xã Cửa Lò, tỉnh Nghệ An đạt chuẩn")


def test_a_revocation_is_a_decision_citing_the_decision_it_revokes(world):
    a, decision = _approved(world)
    with transaction():
        revocation = review.revoke(a, world.users["tinh"], "Không duy trì mô hình", number="77",
                                   decided_on=date(2024, 3, 1), signer=world.users["tinh"])
    content = acts.decision_document(revocation)
    assert content.header.number_line == "Số: 77/QĐ-UBND" and content.kind == "revoke"
    assert "Thu hồi kết quả công nhận phường Nghi Thu" in content.articles[0].text
    assert "tại Quyết định số 3125/QĐ-UBND ngày 01/12/2023 của Chủ tịch UBND tỉnh Nghệ An" in content.articles[0].text
    assert "Lý do thu hồi: Không duy trì mô hình." in content.articles[1].text
    assert any("Căn cứ Quyết định số 3125/QĐ-UBND" in line for line in content.legal_bases)


def test_documents_cite_only_what_was_recorded(world):
    """No plan or criteria decision recorded: the căn cứ leave them out, never invent a number."""
    world.campaign.basis.plan_number = None
    world.campaign.basis.plan_date = None
    db.session.commit()
    a, decision = _approved(world)
    bases = acts.decision_document(decision).legal_bases
    assert not any("Kế hoạch" in line for line in bases)
    assert any("Quyết định số 1876/QĐ-UBND" in line for line in bases)
    assert director(world).signing_rank == "pho_giam_doc"


def test_dates_are_the_provinces_today_when_none_is_given():
    assert fmt.local_date(None) == datetime.now(fmt.LOCAL).date()
