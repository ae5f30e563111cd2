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
