"""Build document content (content.py) from the domain and the models.

Two layers:
- pure functions (no database): ``build_self_assessment_report`` from a criteria set, its
  SetResult and the answers; ``compare_criteria`` for the minutes; helpers that write answers and
  requirements as printed. samples.py uses them too, so samples and real documents agree.
- ``self_assessment_report(assessment)``: from the models through services/assessments.py
  (needs an application context).

- ``inspection_minutes(inspection)``: the minutes, from the records.
The province's acts (tờ trình, decisions, letters) are built in acts.py.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Mapping, Sequence

from ..domain import documents, recognition
from ..domain.answers import NA, Answer, Ratio
from ..domain.criteria import CriteriaSet, Item
from ..domain.documents import Authority, Rank, TeamRole, in_sentence
from ..domain.scoring import SetResult
from . import formatting as fmt
from . import references
from .content import (
    CriterionComparison,
    DocumentFooter,
    DocumentHeader,
    InspectionMinutes,
    ItemDifference,
    Person,
    SelfAssessmentReport,
    SelfCriterionSection,
    SelfItemLine,
    Signature,
    default_self_conclusion,
)


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
    draft: bool = False, basis: Sequence[str] = (), standing: str = "Công an tỉnh",
) -> SelfAssessmentReport:
    """The self-assessment report of a commune-level unit, from plain domain objects.

    basis: the 'Căn cứ …;' lines (references.basis_lines); draft: not submitted yet (DỰ THẢO, no number)."""
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

    parts = documents.path_parts(unit_path)
    province = parts[-1] if len(parts) > 1 else ""
    district = parts[1] if len(parts) > 2 else ""
    if recipients is None:
        recipients = []
        if province:
            recipients.append(f"UBND {in_sentence(province)} (qua {standing});")
        if district:
            recipients.append(f"UBND {in_sentence(district)};")
        recipients.append("Lưu: VT.")
    rule = recognition.rule_text(result)
    if intro is None:
        by = f" của UBND {in_sentence(province)}" if province else ""
        intro = (*basis, f"Thực hiện {lower_first(campaign_name)}{by}, UBND {in_sentence(unit_name)} báo cáo kết quả "
                 f"tự đánh giá theo {lower_first(criteria_set.title)} như sau:")
    general = (f"Đơn vị: {documents.path_in_sentence(unit_path)}.",
               f"Đợt đánh giá: {lower_first(campaign_name)}.",
               f"Bộ tiêu chí: {lower_first(criteria_set.title)} (phiên bản {criteria_set.version}), gồm "
               f"{len(sections)} tiêu chí, tổng {fmt.score(result.max)} điểm; điều kiện công nhận: {rule}.")
    texts = documents.spell_out_first([*intro, *general])
    intro, general = tuple(texts[:len(intro)]), tuple(texts[len(intro):])
    issuer = documents.people_committee(unit_path)
    header = DocumentHeader(
        issuer=issuer.lines, body_lines=len(issuer.body), symbol="BC-UBND", number=number,
        place=documents.place_name(unit_name), issued_on=issued_on, year=year, draft=draft,
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
                                           result.mandatory_failed if result.complete else (),
                                           failures=tuple(recognition.failures(result))),
        min_total=result.min_total, mandatory=tuple(result.mandatory),
        mandatory_failed=tuple(result.mandatory_failed), intro=tuple(intro), rule=rule, general=general)


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
            if t_a is None:
                continue        # the team has not answered it (yet): no difference to state
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

def _rank(user, default: Rank | None = None) -> Rank | None:
    try:
        return Rank(user.signing_rank) if user is not None and user.signing_rank else default
    except ValueError:
        return default


def committee_block(user, authority: Authority, *, default: Rank | None = Rank.CHU_TICH,
                    signed_at=None, image: str = "") -> Signature:
    """A People's Committee signer's block, derived from the authority and the person's rank."""
    rank = _rank(user, default)
    lines = documents.committee_signature(authority, rank) if rank and rank.heads_committee \
        else documents.committee_signature(authority, Rank.CHU_TICH)
    return Signature(authority=lines[:-1], position=lines[-1], name=user.display_name if user else "",
                     signed_at=signed_at, image=image or "")


def spelled(*groups: Sequence[str]) -> list[tuple[str, ...]]:
    """Groups of paragraphs in printed order, with 'Ủy ban nhân dân (UBND)' spelled out at its first use."""
    flat = documents.spell_out_first([t for g in groups for t in g])
    out, i = [], 0
    for g in groups:
        out.append(tuple(flat[i:i + len(g)]))
        i += len(g)
    return out


def self_assessment_report(assessment) -> SelfAssessmentReport:
    """The Báo cáo tự đánh giá of an Assessment, with the unit as snapshotted on it.

    Final once submitted: the number and date the chairman gave it at submission, signed by the chairman who
    submitted. While the ward still edits (self-assessment, returned) it is a draft: DỰ THẢO, no number."""
    from ..domain.workflow import WARD_EDITABLE
    from ..services.assessments import answer_rows, evidence_by_item, latest_submission, result, typed_answers
    from ..services.inspections import ward_chairman

    criteria_set = assessment.criteria_set()
    rows = answer_rows(assessment)
    answers = typed_answers(criteria_set, rows)
    set_result = result(assessment, rows)
    files = {code: [ev.original_name for ev in evs] for code, evs in evidence_by_item(assessment).items()}
    explanations = {code: row.explanation for code, row in rows.items() if row.explanation}
    campaign = assessment.campaign
    basis = campaign.basis
    draft = assessment.status_enum in WARD_EDITABLE
    submission = None if draft else latest_submission(assessment)
    number, symbol = documents.split_reference(submission.report_number if submission else None)
    signer = (submission.submitted_by if submission else None) or ward_chairman(assessment.unit_id)
    block = committee_block(signer, Authority.COLLECTIVE)
    province = documents.path_parts(assessment.unit_path)[-1]
    report = build_self_assessment_report(
        criteria_set=criteria_set, result=set_result, answers=answers,
        unit_name=assessment.unit_name, unit_path=assessment.unit_path,
        campaign_name=campaign.name, year=campaign.year,
        issued_on=submission.report_date if submission else None, number=number or None,
        evidence=files, explanations=explanations, draft=draft,
        signer_name=block.name, signer_position=block.position, signer_authority=block.authority,
        basis=references.basis_lines(references.plan(basis), references.criteria_decision(basis)),
        standing=references.standing_short(basis, province))
    if symbol and symbol != report.header.symbol:
        report = replace(report, header=replace(report.header, symbol=symbol))
    return report


def _person(member) -> Person:
    return Person(f"{documents.honorific(member.gender)} {member.name}", member.position, member.role_label)


def _representatives(text: str) -> tuple[Person, ...]:
    out = []
    for line in text.splitlines():
        name, _, position = line.strip().partition("–")
        if not position:
            name, _, position = line.strip().partition(" - ")
        if name.strip():
            out.append(Person(name.strip(), position.strip()))
    return tuple(out)


def _closing(inspection) -> str:
    copies = documents.count_text(inspection.copies or 3)
    if inspection.ended_at is None:
        when = f"{fmt.BLANK} giờ {fmt.BLANK} phút cùng ngày"
    else:
        end, start = fmt.to_local(inspection.ended_at), fmt.to_local(inspection.started_at)
        day = "cùng ngày" if end.date() == start.date() else documents.long_date(end.date())
        when = f"{end.hour:02d} giờ {end.minute:02d} phút {day}"
    return (f"Biên bản kết thúc vào hồi {when}, được lập thành {copies} bản có giá trị pháp lý như nhau, "
            "đã đọc lại cho các thành viên tham dự cùng nghe và thống nhất ký tên.")


def minutes_conclusion(unit_name: str, team: SetResult, scored: bool) -> str:
    """The conclusion generated from the team's result: the score, the rule, and what fails."""
    if not scored:
        return "Đoàn kiểm tra chưa chốt kết quả chấm điểm; biên bản đang được lập."
    text = (f"Theo kết quả kiểm tra, {in_sentence(unit_name)} đạt {fmt.score(team.total)}/{fmt.score(team.max)} "
            f"điểm, đạt {team.passed_count}/{len(team.criteria)} tiêu chí. Điều kiện công nhận: "
            f"{recognition.rule_text(team)}. ")
    failures = recognition.failures(team)
    if not failures:
        return text + "Đơn vị đủ điều kiện đề nghị công nhận đạt chuẩn đơn vị điển hình, kiểu mẫu thực hiện Đề án 06."
    return text + "Đơn vị chưa đủ điều kiện đề nghị công nhận: " + "; ".join(
        f[:1].lower() + f[1:] for f in failures) + "."


def inspection_minutes(inspection) -> InspectionMinutes:
    """The Biên bản kiểm tra of an Inspection: the page and the PDF both print this.

    Final once both sides confirmed (signed): its number, the real start and end times the lead entered, the
    team as it was when the scoring closed. Before that it is a draft (DỰ THẢO, no number); while the team's
    scoring is open no score is printed as if final."""
    from ..domain.inspection_lifecycle import InspectionState
    from ..services import inspections as svc
    from ..services.images import printable_signature
    from ..services.legal import roster, roster_from_json

    b = svc.board(inspection)
    a = inspection.assessment
    team_record = inspection.team
    campaign = a.campaign
    basis = campaign.basis
    scored = inspection.status != InspectionState.OPEN
    draft = inspection.status != InspectionState.SIGNED
    notes: dict[str, list[str]] = {}
    for note in svc.notes(inspection):
        if note.note:
            notes.setdefault(note.criterion_code, []).append(f"{note.author.display_name}: {note.note}")
    criteria = compare_criteria(b.criteria_set, b.ward_result, b.team_result, b.ward, b.team,
                                b.team_reasons, notes)
    members = roster_from_json(inspection.roster) or roster(team_record)
    lead = next((m for m in members if m.role == TeamRole.TRUONG_DOAN.value), None)
    secretary = next((m for m in members if m.role == TeamRole.THU_KY.value), None)
    chairman = inspection.chairman_confirmed_by or svc.ward_chairman(a.unit_id)
    parts = documents.path_parts(a.unit_path)
    province = parts[-1]
    team = b.team_result
    round_text = f" lần {inspection.round}" if inspection.round > 1 else ""
    started = fmt.to_local(inspection.started_at)
    basis_lines = references.basis_lines(references.team_decision(team_record), references.plan(basis))
    opening = (f"Hôm nay, vào hồi {started.hour:02d} giờ {started.minute:02d} phút, "
               f"{documents.long_date(started.date())}, tại {inspection.place or fmt.BLANK}, Đoàn kiểm tra tiến hành "
               f"kiểm tra thực tế{round_text} tại {documents.path_in_sentence(a.unit_path)} theo "
               f"{lower_first(b.criteria_set.title)}.")
    ward_title = f"Đại diện UBND {in_sentence(a.unit_name)}"
    basis_lines, (opening, ward_title) = spelled(basis_lines, (opening, ward_title))
    parent = documents.abbreviate_parent(team_record.parent_body) if team_record.parent_body \
        else documents.abbreviate_parent(province)
    header = DocumentHeader(
        issuer=(parent, "ĐOÀN KIỂM TRA"), symbol="BB-ĐKT",
        number=documents.split_reference(inspection.number)[0] or None,
        place=documents.place_name(province), issued_on=started.date(), year=started.year, draft=draft,
        title="BIÊN BẢN", keep=(in_sentence(a.unit_name),),
        subtitle=(f"Kiểm tra thực tế{round_text} kết quả xây dựng đơn vị điển hình, kiểu mẫu thực hiện Đề án 06 "
                  f"tại {in_sentence(a.unit_name)}"))
    symbol = documents.split_reference(inspection.number)[1]
    if symbol:
        header = replace(header, symbol=symbol)
    ward_block = committee_block(chairman, Authority.COLLECTIVE, signed_at=inspection.chairman_confirmed_at,
                                 image=printable_signature(inspection.chairman_signature))
    lead_name = (inspection.lead_confirmed_by.display_name if inspection.lead_confirmed_by
                 else (lead.name if lead else ""))
    return InspectionMinutes(
        header=header,
        footer=DocumentFooter(
            signatures=(Signature(position="THƯ KÝ", name=secretary.name if secretary else ""),
                        Signature(position="TRƯỞNG ĐOÀN", name=lead_name, signed_at=inspection.lead_confirmed_at,
                                  image=printable_signature(inspection.lead_signature))),
            below=(ward_block,),
            recipients=(f"{references.standing_short(basis, province)} (để tổng hợp);",
                        f"UBND {in_sentence(a.unit_name)};", "Thành viên Đoàn kiểm tra;", "Lưu: Đoàn kiểm tra.")),
        unit_name=a.unit_name, unit_path=a.unit_path, campaign_name=campaign.name,
        criteria_set_title=b.criteria_set.title, started_at=inspection.started_at, ended_at=inspection.ended_at,
        location=inspection.place, team_members=tuple(_person(m) for m in members),
        ward_representatives=_representatives(inspection.ward_representatives),
        criteria=criteria, self_total=b.ward_result.total, inspection_total=team.total, max_total=team.max,
        inspection_passed_count=team.passed_count, min_total=team.min_total,
        mandatory_failed=team.mandatory_failed if team.complete else (),
        basis=basis_lines, opening=opening, ward_title=ward_title,
        findings=tuple(p.strip() for p in inspection.findings.splitlines() if p.strip()),
        recommendations=tuple(p.strip() for p in inspection.recommendations.splitlines() if p.strip()),
        conclusion=minutes_conclusion(a.unit_name, team, scored),
        conclusion_more=tuple(p.strip() for p in inspection.conclusion.splitlines() if p.strip()),
        closing=_closing(inspection), round=inspection.round, draft=draft, scored=scored)
