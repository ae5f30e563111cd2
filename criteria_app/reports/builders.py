"""Build document content (content.py) from the domain and the models.

Two layers:
- pure functions (no database): ``build_self_assessment_report`` from a criteria set, its
  SetResult and the answers; ``compare_criteria`` for the minutes; helpers that write answers and
  requirements as printed. samples.py uses them too, so samples and real documents agree.
- ``self_assessment_report(assessment)``: from the models through services/assessments.py
  (needs an application context).

Builders of the minutes, the recognition report and the decision are expected to follow the
same pattern against the dataclasses of content.py (see samples.py for complete examples).
"""
from __future__ import annotations

from datetime import date
from typing import Mapping, Sequence

from ..domain.answers import NA, Answer, Ratio
from ..domain.criteria import CriteriaSet, Item
from ..domain.scoring import SetResult
from . import formatting as fmt
from .content import (CriterionComparison, DocumentFooter, DocumentHeader, ItemDifference,
                      SelfAssessmentReport, SelfCriterionSection, SelfItemLine, Signature,
                      default_self_conclusion)

UNIT_TYPE_WORDS = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Tỉnh", "Huyện", "Quận", "Phường", "Xã")


def in_sentence(unit_name: str) -> str:
    """A unit's name inside a sentence, type word in lower case: 'Thị xã Cửa Lò' → 'thị xã Cửa Lò'."""
    for word in UNIT_TYPE_WORDS:
        if unit_name.startswith(word + " "):
            return word.lower() + unit_name[len(word):]
    return unit_name


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def requirement_text(item: Item) -> str:
    """What an item asks, as printed under its label: '', 'Yêu cầu: từ 2 máy trở lên', 'Yêu cầu: 100%'."""
    if item.kind == "count_at_least":
        return f"Yêu cầu: từ {fmt.integer(item.min)} {item.unit or ''}".rstrip() + " trở lên"
    if item.kind == "ratio":
        target = fmt.percent(item.target, digits=0) if item.target * 100 == int(item.target * 100) \
            else fmt.percent(item.target)
        return "Yêu cầu: 100%" if item.target == 1 else f"Yêu cầu: từ {target} trở lên"
    return ""


def answer_text(item: Item, answer: Answer | None) -> str:
    """'Có', 'Không', '3 máy', '11/12 (91,7%)', 'Không phát sinh'; '' when unanswered."""
    if answer is None:
        return ""
    if answer is NA:
        return "Không phát sinh"
    if item.kind == "check":
        return "Có" if answer is True else "Không"
    if item.kind == "count_at_least":
        return f"{fmt.integer(answer)} {item.unit or ''}".rstrip()
    if isinstance(answer, Ratio):
        return fmt.ratio_text(answer.numerator, answer.denominator)
    return str(answer)


def self_item_line(item: Item, result, answer: Answer | None, files: Sequence[str] = (),
                   explanation: str | None = None) -> SelfItemLine:
    numerator = denominator = count = None
    if isinstance(answer, Ratio):
        numerator, denominator = answer.numerator, answer.denominator
    elif item.kind == "count_at_least" and answer is not None and answer is not NA:
        count = int(answer)
    return SelfItemLine(
        code=item.code, label=item.label, kind=item.kind, answer_text=answer_text(item, answer),
        score=result.score, max=result.max, status=result.status, requirement=requirement_text(item),
        numerator=numerator, denominator=denominator, count=count, not_applicable=answer is NA,
        evidence_files=tuple(files), explanation=(explanation or "").strip(), required=item.required)


def build_self_assessment_report(
    *, criteria_set: CriteriaSet, result: SetResult, answers: Mapping[str, Answer],
    unit_name: str, unit_path: str, campaign_name: str, year: int | None = None,
    issued_on: date | None = None, number: str | None = None,
    evidence: Mapping[str, Sequence[str]] | None = None, explanations: Mapping[str, str] | None = None,
    signer_name: str = "", signer_position: str = "CHỦ TỊCH",
    signer_authority: tuple[str, ...] = ("TM. ỦY BAN NHÂN DÂN",),
    recipients: Sequence[str] | None = None, intro: Sequence[str] | None = None,
) -> SelfAssessmentReport:
    """The self-assessment report of a commune-level unit, from plain domain objects."""
    evidence = evidence or {}
    explanations = explanations or {}
    mandatory = set(result.mandatory)
    sections = []
    for criterion, c_result in zip(criteria_set.criteria, result.criteria):
        lines = tuple(
            self_item_line(item, i_result, answers.get(item.code), evidence.get(item.code, ()),
                           explanations.get(item.code))
            for item, i_result in zip(criterion.items, c_result.items))
        sections.append(SelfCriterionSection(
            code=criterion.code, title=criterion.title, max=c_result.max, score=c_result.score,
            status=c_result.status, items=lines, mandatory=criterion.code in mandatory))

    parts = [p.strip() for p in unit_path.split(",") if p.strip()]
    province = parts[-1] if len(parts) > 1 else ""
    district = parts[1] if len(parts) > 2 else ""
    if recipients is None:
        recipients = []
        if province:
            recipients.append(f"UBND {in_sentence(province)} (qua Công an tỉnh);")
        if district:
            recipients.append(f"UBND {in_sentence(district)};")
        recipients.append("Lưu: VT.")
    if intro is None:
        by = f" của UBND {in_sentence(province)}" if province else ""
        intro = (f"Thực hiện {lower_first(campaign_name)}{by}, UBND {in_sentence(unit_name)} báo cáo kết quả "
                 f"tự đánh giá theo {lower_first(criteria_set.title)} như sau:",)
    header = DocumentHeader(
        issuer=fmt.issuer_lines(unit_path), symbol="BC-UBND", number=number,
        place=fmt.province_short_name(unit_path), issued_on=issued_on, year=year,
        title="BÁO CÁO",
        subtitle=(f"Kết quả tự đánh giá theo {lower_first(criteria_set.title)}"
                  + (f" năm {year}" if year else "")))
    footer = DocumentFooter(
        signatures=(Signature(position=signer_position, name=signer_name, authority=signer_authority),),
        recipients=tuple(recipients))
    criteria_count = len(sections)
    return SelfAssessmentReport(
        header=header, footer=footer, unit_name=unit_name, unit_path=unit_path,
        campaign_name=campaign_name, criteria_set_title=criteria_set.title,
        criteria_set_version=criteria_set.version, criteria=tuple(sections),
        total=result.total, max_total=result.max, passed_count=result.passed_count,
        complete=result.complete, meets_standard=result.recognised,
        conclusion=default_self_conclusion(unit_name, result.total, result.max, result.passed_count,
                                           criteria_count, result.complete, result.recognised,
                                           result.mandatory_failed if result.complete else ()),
        min_total=result.min_total, mandatory=tuple(result.mandatory),
        mandatory_failed=tuple(result.mandatory_failed), intro=tuple(intro))


def compare_criteria(criteria_set: CriteriaSet, self_result: SetResult, team_result: SetResult,
                     self_answers: Mapping[str, Answer], team_answers: Mapping[str, Answer],
                     reasons: Mapping[str, str] | None = None,
                     notes: Mapping[str, Sequence[str]] | None = None) -> tuple[CriterionComparison, ...]:
    """Per criterion, the ward's result against the team's, with every item whose answer or
    score differs (reasons: item code → the inspector's reason; notes: criterion code → the
    team's notes on it)."""
    reasons = reasons or {}
    notes = notes or {}
    mandatory = set(team_result.mandatory)
    out = []
    for criterion, s_c, t_c in zip(criteria_set.criteria, self_result.criteria, team_result.criteria):
        diffs = []
        for item, s_i, t_i in zip(criterion.items, s_c.items, t_c.items):
            s_a, t_a = self_answers.get(item.code), team_answers.get(item.code)
            if s_i.score != t_i.score or s_a != t_a:
                diffs.append(ItemDifference(
                    item_code=item.code, label=item.label, self_answer=answer_text(item, s_a),
                    team_answer=answer_text(item, t_a), self_score=s_i.score, team_score=t_i.score,
                    max=t_i.max, reason=reasons.get(item.code, "")))
        out.append(CriterionComparison(
            code=criterion.code, title=criterion.title, max=t_c.max, self_score=s_c.score,
            inspection_score=t_c.score, self_status=s_c.status, inspection_status=t_c.status,
            mandatory=criterion.code in mandatory, differences=tuple(diffs),
            notes=tuple(n for n in notes.get(criterion.code, ()) if n)))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# From the models (application context required)
# ---------------------------------------------------------------------------------------------

def self_assessment_report(assessment, *, number: str | None = None,
                           issued_on: date | None = None) -> SelfAssessmentReport:
    """The Báo cáo tự đánh giá of an Assessment, with the unit as snapshotted on it.

    Date: ``issued_on``, else the submission day, else today (Asia/Ho_Chi_Minh). Signer: the
    user who submitted (the chairman), if any. Number left blank unless given.
    """
    from ..services.assessments import answer_rows, evidence_by_item, result, typed_answers

    criteria_set = assessment.criteria_set()
    rows = answer_rows(assessment)
    answers = typed_answers(criteria_set, rows)
    set_result = result(assessment, rows)
    files = {code: [ev.original_name for ev in evs] for code, evs in evidence_by_item(assessment).items()}
    explanations = {code: row.explanation for code, row in rows.items() if row.explanation}
    campaign = assessment.campaign
    signer = assessment.submitted_by
    day = issued_on or fmt.local_date(assessment.submitted_at)
    return build_self_assessment_report(
        criteria_set=criteria_set, result=set_result, answers=answers,
        unit_name=assessment.unit_name, unit_path=assessment.unit_path,
        campaign_name=campaign.name, year=campaign.year, issued_on=day, number=number,
        evidence=files, explanations=explanations,
        signer_name=signer.full_name if signer is not None else "")


def _province_name(path: str) -> str:
    return path.rsplit(", ", 1)[-1].strip()


def inspection_minutes(inspection) -> "InspectionMinutes":
    """The Biên bản kiểm tra of an Inspection: the page and the PDF both print this."""
    from ..domain.roles import Role
    from ..services import inspections as svc
    from ..services.images import printable_signature
    from .content import InspectionMinutes, Person

    b = svc.board(inspection)
    a = inspection.assessment
    notes: dict[str, list[str]] = {}
    for note in svc.notes(inspection):
        if note.note:
            notes.setdefault(note.criterion_code, []).append(f"{note.author.display_name}: {note.note}")
    criteria = compare_criteria(b.criteria_set, b.ward_result, b.team_result, b.ward, b.team,
                                b.team_reasons, notes)
    members = tuple(Person(m.display_name, m.position, "Trưởng đoàn" if m.role_enum == Role.TEAM_LEAD else "Thành viên")
                    for m in b.members)
    representatives = []
    for line in inspection.ward_representatives.splitlines():
        name, _, position = line.strip().partition("–")
        if name.strip():
            representatives.append(Person(name.strip(), position.strip()))
    lead = inspection.lead_confirmed_by or next((m for m in b.members if m.role_enum == Role.TEAM_LEAD), None)
    chairman = inspection.chairman_confirmed_by or svc.ward_chairman(a.unit_id)
    province = _province_name(a.unit_path)
    team = b.team_result
    conclusion = inspection.conclusion or (
        f"{a.unit_name} đạt {fmt.score(team.total)}/{fmt.score(team.max)} điểm theo kết quả kiểm tra "
        f"(tự chấm {fmt.score(b.ward_result.total)} điểm).")
    return InspectionMinutes(
        header=DocumentHeader(issuer=(fmt.upper_vi("UBND " + province), "ĐOÀN KIỂM TRA"), symbol="BB-ĐKT",
                              place=fmt.province_short_name(a.unit_path),
                              issued_on=fmt.local_date(inspection.finalised_at or inspection.started_at),
                              title="BIÊN BẢN",
                              subtitle="Kiểm tra thực tế kết quả xây dựng đơn vị điển hình, kiểu mẫu thực hiện "
                                       f"Đề án 06 tại {in_sentence(a.unit_name)}"),
        footer=DocumentFooter(signatures=(
            Signature(authority=(fmt.upper_vi("TM. UBND " + a.unit_name),), position="CHỦ TỊCH",
                      name=chairman.display_name if chairman else "", signed_at=inspection.chairman_confirmed_at,
                      image=printable_signature(inspection.chairman_signature)),
            Signature(position="TRƯỞNG ĐOÀN KIỂM TRA", name=lead.display_name if lead else "",
                      signed_at=inspection.lead_confirmed_at, image=printable_signature(inspection.lead_signature)),
        )),
        unit_name=a.unit_name, unit_path=a.unit_path, campaign_name=a.campaign.name,
        criteria_set_title=b.criteria_set.title, started_at=inspection.started_at, ended_at=inspection.finalised_at,
        location=inspection.place, team_members=members, ward_representatives=tuple(representatives),
        criteria=criteria, self_total=b.ward_result.total, inspection_total=team.total, max_total=team.max,
        inspection_passed_count=team.passed_count, min_total=team.min_total,
        mandatory_failed=team.mandatory_failed if team.complete else (),
        findings=tuple(p.strip() for p in inspection.findings.splitlines() if p.strip()),
        conclusion=conclusion)


def _unit_result(row, headings) -> "UnitResult":
    from .content import CriterionScore, UnitResult
    team = row.team_result or row.self_result
    name, area = fmt.split_unit_path(row.assessment.unit_path)
    return UnitResult(
        unit_name=row.assessment.unit_name, area=area, self_total=row.self_result.total,
        inspection_total=team.total, mandatory_passed=team.complete and not team.mandatory_failed,
        recognised=team.recognised,
        criteria=tuple(CriterionScore(c.code, c.max, s.score, c.score, c.passed, s.passed)
                       for c, s in zip(team.criteria, row.self_result.criteria)),
        mandatory_failed=team.mandatory_failed)


ANNEXES_UP_TO = 200   # one annex page per unit beyond this would make a report of thousands of pages


def recognition_report(campaign, *, progress=None) -> "RecognitionReport":
    """The Báo cáo kết quả thẩm định of a campaign: every unit the teams have inspected."""
    from ..services.overview import campaign_rows
    from .content import CriterionHeading, RecognitionReport

    cs = campaign.criteria_set.parsed()
    rows = [r for r in campaign_rows(campaign) if r.team_result is not None]
    headings = tuple(CriterionHeading(c.code, c.title, fmt.quantize(c.points), c.code in cs.recognition.mandatory)
                     for c in cs.criteria)
    units = []
    for i, row in enumerate(rows, 1):
        units.append(_unit_result(row, headings))
        if progress and i % 200 == 0:
            progress(5 + 10 * i // max(len(rows), 1), f"Tổng hợp {i}/{len(rows)} đơn vị")
    province = campaign.province.name
    recognised = sum(1 for u in units if u.recognised)
    header = DocumentHeader(issuer=(fmt.upper_vi("UBND " + province),), symbol="BC-UBND",
                            place=fmt.province_short_name(province), issued_on=fmt.local_date(None),
                            title="BÁO CÁO",
                            subtitle=f"Kết quả thẩm định, đề nghị công nhận đơn vị điển hình, kiểu mẫu thực hiện "
                                     f"Đề án 06 năm {campaign.year}")
    n = fmt.integer(len(units))
    return RecognitionReport(
        header=header,
        footer=DocumentFooter(signatures=(Signature(authority=("TM. ỦY BAN NHÂN DÂN",), position="CHỦ TỊCH"),),
                              recipients=("Bộ Công an (C06) (để b/c);", "Thường trực Tỉnh ủy (để b/c);",
                                          "Các đơn vị có tên tại phụ lục;", "Lưu: VT.")),
        campaign_name=campaign.name, criteria_set_title=cs.title, criteria=headings, units=tuple(units),
        max_total=fmt.quantize(cs.max_points), min_total=cs.recognition.min_total,
        mandatory=tuple(cs.recognition.mandatory),
        summary=(f"Thực hiện {lower_first(campaign.name)}, {n} đơn vị cấp xã đã được đoàn kiểm tra của tỉnh thẩm định "
                 f"hồ sơ và kiểm tra thực tế theo {lower_first(cs.title)}.",
                 f"Kết quả: {fmt.integer(recognised)}/{n} đơn vị đủ điều kiện đề nghị công nhận; "
                 f"{fmt.integer(len(units) - recognised)} đơn vị chưa đạt."),
        proposal=(f"Đề nghị công nhận {fmt.integer(recognised)} đơn vị đạt chuẩn đơn vị điển hình, kiểu mẫu thực hiện "
                  f"Đề án 06 năm {campaign.year} (có danh sách kèm theo).",),
        show_unit_annexes=len(units) <= ANNEXES_UP_TO,
        annex_note=header.attached_note("Báo cáo", "UBND " + province))


def recognition_decision(campaign) -> "RecognitionDecision":
    """The Quyết định công nhận of a campaign: the units recognised, with their totals."""
    from ..domain.workflow import Status
    from ..services.overview import campaign_rows
    from ..services.review import live_approvals
    from .content import AnnexHeading, Article, RecognisedUnit, RecognitionDecision

    rows = campaign_rows(campaign, status=Status.RECOGNISED.value)
    ids = [r.assessment.id for r in rows]
    decisions = live_approvals(ids)
    latest = decisions[-1] if decisions else None
    number, _, symbol = (latest.number or "").partition("/") if latest else ("", "", "")
    province = campaign.province.name
    header = DocumentHeader(issuer=(fmt.upper_vi("UBND " + province),), symbol=symbol or "QĐ-UBND",
                            number=number or None, place=fmt.province_short_name(province),
                            issued_on=latest.decided_on if latest else None, year=campaign.year, title="QUYẾT ĐỊNH",
                            subtitle=f"Về việc công nhận đơn vị điển hình, kiểu mẫu thực hiện Đề án 06 năm {campaign.year}")
    units = tuple(RecognisedUnit(r.assessment.unit_name, fmt.split_unit_path(r.assessment.unit_path)[1],
                                 (r.team_result or r.self_result).total) for r in rows)
    count = fmt.integer(len(units))
    valid_to = latest.valid_to if latest else None
    return RecognitionDecision(
        header=header,
        footer=DocumentFooter(signatures=(Signature(authority=("TM. ỦY BAN NHÂN DÂN",), position="CHỦ TỊCH",
                                                    name=latest.signer if latest else ""),),
                              recipients=("Như Điều 3;", "Bộ Công an (C06) (để b/c);", "Lưu: VT.")),
        authority=fmt.upper_vi("Chủ tịch Ủy ban nhân dân " + province),
        legal_bases=("Căn cứ Luật Tổ chức chính quyền địa phương;",
                     "Căn cứ Quyết định số 06/QĐ-TTg ngày 06 tháng 01 năm 2022 của Thủ tướng Chính phủ;",
                     f"Căn cứ kết quả thẩm định {lower_first(campaign.name)}."),
        articles=(
            Article(1, f"Công nhận {count} xã, phường có tên tại Phụ lục kèm theo Quyết định này đạt chuẩn đơn vị "
                       f"điển hình, kiểu mẫu thực hiện Đề án 06 năm {campaign.year}."),
            Article(2, "Quyết định này có hiệu lực kể từ ngày ký" +
                    (f"; kết quả công nhận có giá trị đến hết ngày {fmt.short_date(valid_to)}." if valid_to else ".")),
            Article(3, "Chánh Văn phòng UBND tỉnh, Giám đốc Công an tỉnh, Chủ tịch UBND các xã, phường có tên tại "
                       "Điều 1 chịu trách nhiệm thi hành Quyết định này./."),
        ),
        annex=AnnexHeading(label="Phụ lục", title=fmt.upper_vi(
            f"Danh sách đơn vị được công nhận đạt chuẩn đơn vị điển hình, kiểu mẫu thực hiện Đề án 06 năm {campaign.year}"),
            note=header.attached_note("Quyết định", "Chủ tịch UBND " + province)),
        units=units)
