"""The province's acts as documents, built from their records: the standing body's tờ trình, the People's
Committee's recognition and revocation decisions, and its letter refusing recognition.

Every number, date and name printed comes from a record (services/decisions.py, services/legal.py); what was
never recorded is left out. Headers, signature blocks and place names follow domain/documents.py.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ..domain import documents, recognition
from ..domain.documents import Authority, Rank, count_text, in_sentence, path_in_sentence, short_date, upper
from ..domain.records import DecisionKind
from ..domain.scoring import SetResult
from . import formatting as fmt
from . import references
from .builders import lower_first, spelled
from .content import (
    AnnexHeading,
    Article,
    CriterionHeading,
    CriterionScore,
    DocumentFooter,
    DocumentHeader,
    RecognisedUnit,
    RecognitionDecision,
    RecognitionReport,
    RefusalLetter,
    Signature,
    UnitResult,
)

DE_AN = "đơn vị điển hình, kiểu mẫu thực hiện Đề án 06"


def _signature(lines: tuple[str, ...], name: str | None) -> Signature:
    return Signature(authority=lines[:-1], position=lines[-1], name=name or "")


def _rank(value: str | None) -> Rank | None:
    try:
        return Rank(value) if value else None
    except ValueError:
        return None


def _header_for(issuer: documents.Issuer, reference: str | None, default_symbol: str, **kw) -> DocumentHeader:
    number, symbol = documents.split_reference(reference)
    return DocumentHeader(issuer=issuer.lines, body_lines=len(issuer.body), number=number or None,
                          symbol=symbol or default_symbol, **kw)


def _province(campaign) -> str:
    return campaign.province.name


def minutes_reference(inspection) -> str:
    """'12/BB-ĐKT ngày 18/7/2023' (or 'lần 2 ngày …' for minutes recorded without a number)."""
    day = short_date(fmt.local_date(inspection.started_at))
    return f"{inspection.number} ngày {day}" if inspection.number else f"lần {inspection.round} ngày {day}"


def _unit_result(assessment, inspection, ward: SetResult, team: SetResult, proposed: bool, reason: str) -> UnitResult:
    _, rest = fmt.split_unit_path(assessment.unit_path)
    return UnitResult(
        unit_name=assessment.unit_name, area=documents.area_text(rest), self_total=ward.total,
        inspection_total=team.total, mandatory_passed=team.complete and not team.mandatory_failed,
        recognised=proposed,
        criteria=tuple(CriterionScore(c.code, c.max, s.score, c.score, c.passed, s.passed)
                       for c, s in zip(team.criteria, ward.criteria)),
        mandatory_failed=team.mandatory_failed, reason=reason, minutes=minutes_reference(inspection))


def _proposal_units(campaign, proposal, progress=None) -> list[UnitResult]:
    """The units of an issued tờ trình (frozen entries), or of the draft of the next one (the candidates now)."""
    from ..domain.scoring import score_set
    from ..services import answer_store
    from ..services import recognition as rec

    if proposal is None:
        found = rec.candidates(campaign)
        rows = [(c.assessment, c.inspection, c.ward_result, c.team_result, c.proposed, c.reason) for c in found]
    else:
        criteria_set = campaign.criteria_set.parsed()
        entries = list(proposal.entries)
        ward = answer_store.ward_answers(criteria_set, [e.assessment_id for e in entries])
        team = answer_store.team_answers(criteria_set, [e.inspection_id for e in entries if e.inspection_id])
        rows = []
        for e in entries:
            inspection = e.inspection
            rows.append((e.assessment, inspection, score_set(criteria_set, ward.get(e.assessment_id, {})),
                         score_set(criteria_set, team.get(e.inspection_id, {})), e.proposed, e.reason))
    units = []
    for i, row in enumerate(sorted(rows, key=lambda r: (not r[4], documents_sort(r[0].unit_name))), 1):
        units.append(_unit_result(*row))
        if progress and i % 500 == 0:
            progress(5 + 10 * i // max(len(rows), 1), f"Tổng hợp {i}/{len(rows)} đơn vị")
    return units


def documents_sort(name: str):
    from ..domain.text import sort_key
    return sort_key(name)


def _process(campaign, units: list[UnitResult]) -> tuple[str, ...]:
    from ..services.overview import campaign_counts
    counts = campaign_counts(campaign)
    teams = counts.teams
    team_text = "; ".join(
        t.name + (f" (thành lập theo Quyết định số {t.decision_number} ngày {short_date(t.decision_date)})"
                  if t.decision_number and t.decision_date else "") for t in teams)
    return (
        f"Đợt đánh giá có {count_text(counts.units)} đơn vị cấp xã tham gia; {count_text(counts.submitted)} đơn vị "
        f"đã gửi hồ sơ tự đánh giá kèm minh chứng.",
        f"Các đoàn kiểm tra của tỉnh{(': ' + team_text) if team_text else ''} đã thẩm định hồ sơ và kiểm tra thực tế "
        f"{count_text(counts.inspected)} đơn vị; mỗi đơn vị có biên bản kiểm tra do trưởng đoàn và chủ tịch "
        f"UBND cấp xã xác nhận.",
        f"Tờ trình này xem xét {count_text(len(units))} đơn vị có biên bản kiểm tra đã ký, chưa được đề nghị hoặc "
        "quyết định trước đó; không gồm các đơn vị chưa có biên bản đã ký và các đơn vị đã bị thu hồi công nhận.",
    )


def proposal_document(campaign, proposal=None, *, progress=None) -> RecognitionReport:
    """The standing body's Tờ trình đề nghị công nhận (an issued one, or the draft of the next)."""
    cs = campaign.criteria_set.parsed()
    basis = campaign.basis
    province = _province(campaign)
    year = campaign.year
    units = _proposal_units(campaign, proposal, progress)
    proposed = [u for u in units if u.recognised]
    others = [u for u in units if not u.recognised]
    standing = (basis.standing_body if basis and basis.standing_body else "Cơ quan thường trực")
    standing_short = references.standing_short(basis, province)
    issuer = documents.body_with_parent(standing, basis.standing_parent if basis else "")
    symbol = references_symbol(basis)
    draft = proposal is None
    header = _header_for(issuer, None if draft else proposal.number, symbol,
                         place=documents.place_name(province), issued_on=None if draft else proposal.issued_on,
                         year=year, draft=draft, title="TỜ TRÌNH",
                         subtitle=f"Về việc đề nghị công nhận xã, phường đạt chuẩn {DE_AN} năm {year}")
    ref = header.reference.strip()
    note = f"(Kèm theo Tờ trình số {ref}{'' if draft else ' ngày ' + short_date(proposal.issued_on)} của {standing})"
    both = proposed and others
    proposed_annex = AnnexHeading("Phụ lục 1" if both else "Phụ lục", upper(
        f"Danh sách xã, phường đề nghị công nhận đạt chuẩn {DE_AN} năm {year}"), note) if proposed else None
    others_annex = AnnexHeading("Phụ lục 2" if both else "Phụ lục", upper(
        "Danh sách xã, phường chưa đề nghị công nhận và lý do"), note) if others else None
    with_number = [t for t in campaign.legal_texts if t.number]
    bases = references.basis_lines(*(references.legal_text(t) for t in with_number), references.plan(basis),
                                   references.criteria_decision(basis))
    summary = (f"{standing_short} (cơ quan thường trực) báo cáo kết quả thẩm định và đề nghị Ủy ban nhân dân "
               f"{in_sentence(province)} công nhận xã, phường đạt chuẩn {DE_AN} năm {year} như sau:",)
    rule = (f"Theo {lower_first(cs.title)}, đơn vị được đề nghị công nhận khi có biên bản kiểm tra thực tế đã ký "
            f"và kết quả kiểm tra {recognition.rule_text(_any_result(cs))}.")
    if proposed:
        proposal_text = (f"{standing_short} kính đề nghị Ủy ban nhân dân {in_sentence(province)} xem xét, công nhận "
                         f"{count_text(len(proposed))} xã, phường có tên tại {proposed_annex.label} đạt chuẩn {DE_AN} "
                         f"năm {year}.",)
    else:
        proposal_text = ("Chưa có đơn vị nào đạt điều kiện để đề nghị công nhận.",)
    if others:
        proposal_text += (f"{count_text(len(others))} đơn vị chưa đạt điều kiện, chưa đề nghị công nhận (lý do tại "
                          f"{others_annex.label}); {standing_short} tiếp tục hướng dẫn các đơn vị khắc phục.",)
    process = _process(campaign, units)
    bases, summary, process, (rule,), proposal_text = spelled(bases, summary, process, (rule,), proposal_text)
    if draft:
        signature = Signature(position="GIÁM ĐỐC")
    else:
        signature = _signature(documents.director_signature(_rank(proposal.signer_rank) or Rank.GIAM_DOC),
                               proposal.signer_name)
    recipients = ["Như trên;"]
    if not draft and _rank(proposal.signer_rank) == Rank.PHO_GIAM_DOC:
        recipients.append(f"Giám đốc {standing_short} (để b/c);")
    unit = basis.standing_unit if basis and basis.standing_unit else ""
    recipients.append(f"Lưu: VT{', ' + unit if unit else ''}.")
    return RecognitionReport(
        header=header, footer=DocumentFooter(signatures=(signature,), recipients=tuple(recipients)),
        campaign_name=campaign.name, criteria_set_title=cs.title,
        criteria=tuple(CriterionHeading(c.code, c.title, fmt.quantize(c.points), c.code in cs.recognition.mandatory)
                       for c in cs.criteria),
        units=tuple(units), max_total=fmt.quantize(cs.max_points), min_total=cs.recognition.min_total,
        mandatory=tuple(cs.recognition.mandatory), basis=bases, summary=summary, process=process, rule=rule,
        proposal=proposal_text, closing=(f"Kính trình Ủy ban nhân dân {in_sentence(province)} xem xét, quyết định./.",),
        recipient=f"Kính gửi: Ủy ban nhân dân {in_sentence(province)}.", show_unit_annexes=False,
        proposed_annex=proposed_annex, others_annex=others_annex, annex_note=note, draft=draft)


def references_symbol(basis) -> str:
    if basis is None or not basis.standing_abbr:
        return "TTr"
    return "TTr-" + "-".join(p for p in (basis.standing_abbr, basis.standing_unit) if p)


def _any_result(cs) -> SetResult:
    from ..domain.scoring import score_set
    return score_set(cs, {})


# ---- decisions and letters ---------------------------------------------------------------------------

@dataclass
class _DraftEntry:
    """A unit of a tờ trình awaiting the decision, shaped like a decision's entry."""
    assessment: object
    inspection: object
    proposal_record: object
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass
class _DraftDecision:
    """The decision the People's Committee is asked to sign, before it has a number, a date or a signer."""
    campaign: object
    entries: list
    authority: str
    decided_on: date
    number: None = None
    signer_rank: None = None
    signer_name: str = ""
    revokes: None = None
    kind_enum: DecisionKind = DecisionKind.APPROVE


def draft_decision(proposal) -> RecognitionDecision | None:
    """The draft recognition decision for the units of a tờ trình still awaiting it (DỰ THẢO, no number);
    None when none is waiting."""
    waiting = [e for e in proposal.entries if e.proposed and e.assessment.status == "proposed"]
    if not waiting:
        return None
    campaign = proposal.campaign
    authority = campaign.basis.authority if campaign.basis else Authority.INDIVIDUAL.value
    draft = _DraftDecision(campaign, [_DraftEntry(e.assessment, e.inspection, proposal) for e in waiting],
                           authority, fmt.local_date(None))
    return decision_document(draft)


def _executors(decision, entries) -> str:
    """Điều 3: the province's office, the standing body, the departments concerned, the district-level
    chairs where a district existed on the decision date, and the chairs of the units."""
    campaign = decision.campaign
    basis = campaign.basis
    province = _province(campaign)
    districts = []
    for e in entries:
        parent = e.assessment.unit.parent
        parts = documents.path_parts(e.assessment.unit_path)
        if parent is not None and parent.level == 2 and parent.valid_on(decision.decided_on) and len(parts) >= 3:
            name = in_sentence(parts[1])
            if name not in districts:
                districts.append(name)
    standing = references.standing_short(basis, province)
    out = (f"Chánh Văn phòng UBND {in_sentence(province)}, Giám đốc {standing}, Thủ trưởng các sở, ban, ngành "
           "có liên quan")
    if districts:
        out += "; Chủ tịch UBND " + ", ".join(districts)
    if len(entries) == 1:
        out += f" và Chủ tịch UBND {in_sentence(entries[0].assessment.unit_name)}"
    else:
        out += " và Chủ tịch UBND các xã, phường có tên tại Điều 1"
    return out + " chịu trách nhiệm thi hành Quyết định này./."


def _decision_bases(decision) -> tuple[str, ...]:
    campaign = decision.campaign
    basis = campaign.basis
    return references.basis_lines(*(references.legal_text(t) for t in campaign.legal_texts),
                                  references.plan(basis), references.criteria_decision(basis))


def _proposals_line(decision, entries) -> str:
    campaign = decision.campaign
    standing = references.standing_short(campaign.basis, _province(campaign))
    seen, cited = set(), []
    for e in entries:
        proposal = e.proposal_record
        if proposal is not None and proposal.id not in seen:
            seen.add(proposal.id)
            cited.append(f"Tờ trình số {proposal.number} ngày {short_date(proposal.issued_on)}")
    if not cited:
        return f"Theo đề nghị của Giám đốc {standing}."
    return f"Theo đề nghị của Giám đốc {standing} tại {' và '.join(cited)}."


def _team_total(entry) -> tuple:
    from ..services import recognition as rec
    inspection = entry.inspection
    result = rec.team_result(inspection) if inspection is not None else rec.ward_result(entry.assessment)
    return result, inspection


def decision_document(decision):
    """The act as printed: a RecognitionDecision (approval, revocation) or a RefusalLetter."""
    if decision.kind_enum == DecisionKind.REFUSE:
        return refusal_letter(decision)
    campaign = decision.campaign
    basis = campaign.basis
    province = _province(campaign)
    year = campaign.year
    entries = list(decision.entries)
    authority = Authority(decision.authority or Authority.INDIVIDUAL)
    issuer = documents.people_committee(province)
    revoke = decision.kind_enum == DecisionKind.REVOKE
    one = len(entries) == 1
    unit_text = path_in_sentence(entries[0].assessment.unit_path) if one else ""
    if revoke:
        subtitle = f"Về việc thu hồi kết quả công nhận {in_sentence(entries[0].assessment.unit_name)} đạt chuẩn {DE_AN}"
    elif one:
        subtitle = f"Về việc công nhận {in_sentence(entries[0].assessment.unit_name)} đạt chuẩn {DE_AN} năm {year}"
    else:
        subtitle = f"Về việc công nhận xã, phường đạt chuẩn {DE_AN} năm {year}"
    header = _header_for(issuer, decision.number, "QĐ-UBND", place=documents.place_name(province),
                         issued_on=decision.decided_on, year=decision.decided_on.year, title="QUYẾT ĐỊNH",
                         subtitle=subtitle, draft=not decision.number,
                         keep=tuple(in_sentence(e.assessment.unit_name) for e in entries))
    issued_by = documents.authority_in_sentence(authority, province)
    bases = _decision_bases(decision)
    units = []
    for e in entries:
        result, _ = _team_total(e)
        _, rest = fmt.split_unit_path(e.assessment.unit_path)
        units.append(RecognisedUnit(e.assessment.unit_name, documents.area_text(rest), result.total,
                                    valid_to=e.valid_to, max_total=result.max))
    units.sort(key=lambda u: documents_sort(u.unit_name))
    annex = None
    if revoke:
        revoked = decision.revokes
        revoked_text = (f"Quyết định số {revoked.number} ngày {short_date(revoked.decided_on)} của "
                        f"{documents.authority_in_sentence(Authority(revoked.authority), province)}"
                        if revoked is not None and revoked.number else "quyết định công nhận trước đây")
        if revoked is not None and revoked.number:
            bases += (f"Căn cứ {revoked_text} về việc công nhận xã, phường đạt chuẩn {DE_AN} năm {year};",)
        articles = (
            Article(1, f"Thu hồi kết quả công nhận {unit_text} đạt chuẩn {DE_AN} năm {year} tại {revoked_text}."),
            Article(2, f"Lý do thu hồi: {decision.reason.rstrip('.')}. Quyết định này có hiệu lực kể từ ngày ký."),
            Article(3, _executors(decision, entries)),
        )
    else:
        bases += (_proposals_line(decision, entries),)
        if one:
            u = units[0]
            first = (f"Công nhận {unit_text} đạt chuẩn {DE_AN} năm {year} (điểm kiểm tra "
                     f"{fmt.score(u.total)}/{fmt.score(u.max_total)} điểm).")
        else:
            first = (f"Công nhận {count_text(len(units))} xã, phường có tên tại Phụ lục kèm theo Quyết định này đạt "
                     f"chuẩn {DE_AN} năm {year}.")
            annex = AnnexHeading("Phụ lục", upper(f"Danh sách xã, phường được công nhận đạt chuẩn {DE_AN} năm {year}"),
                                 header.attached_note("Quyết định", issued_by))
        validity = {(e.valid_from, e.valid_to) for e in entries}
        second = "Quyết định này có hiệu lực kể từ ngày ký."
        if len(validity) == 1:
            valid_from, valid_to = next(iter(validity))
            if valid_to is not None:
                second += (f" Kết quả công nhận có giá trị từ ngày {short_date(valid_from)} đến hết ngày "
                           f"{short_date(valid_to)}.")
        else:
            second += " Thời hạn của kết quả công nhận ghi tại Phụ lục."
        articles = (Article(1, first), Article(2, second), Article(3, _executors(decision, entries)))
    texts = spelled(bases, tuple(a.text for a in articles))
    bases = texts[0]
    articles = tuple(replace(a, text=t) for a, t in zip(articles, texts[1]))
    rank = _rank(decision.signer_rank) or Rank.CHU_TICH
    signature = _signature(documents.committee_signature(authority, rank), decision.signer_name)
    unit = basis.decision_unit if basis and basis.decision_unit else ""
    recipients = ("Như Điều 3;", "Bộ Công an (Cục C06) (để b/c);", "Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
                  f"Lưu: VT{', ' + unit if unit else ''}.")
    return RecognitionDecision(
        header=header, footer=DocumentFooter(signatures=(signature,), recipients=recipients),
        authority=documents.deciding_authority(authority, province), legal_bases=bases, articles=articles,
        annex=annex, units=tuple(units), kind=decision.kind_enum.value)


def refusal_letter(decision) -> RefusalLetter:
    """Công văn: the unit is not recognised, with the reasons, the rule and its result."""
    campaign = decision.campaign
    basis = campaign.basis
    province = _province(campaign)
    year = campaign.year
    entry = decision.entries[0]
    assessment = entry.assessment
    result, inspection = _team_total(entry)
    standing = references.standing_short(basis, province)
    issuer = documents.people_committee(province)
    unit_symbol = f"UBND-{basis.decision_unit}" if basis and basis.decision_unit else "UBND"
    header = _header_for(issuer, decision.number, unit_symbol, place=documents.place_name(province),
                         issued_on=decision.decided_on, year=decision.decided_on.year, title="",
                         subject=f"V/v không công nhận {in_sentence(assessment.unit_name)} đạt chuẩn {DE_AN} "
                                 f"năm {year}", draft=not decision.number, keep=(in_sentence(assessment.unit_name),))
    considered = []
    proposal = entry.proposal_record
    if proposal is not None:
        considered.append(f"đề nghị của {standing} tại Tờ trình số {proposal.number} ngày "
                          f"{short_date(proposal.issued_on)}")
    if inspection is not None:
        considered.append(f"kết quả kiểm tra thực tế tại Biên bản kiểm tra số {minutes_reference(inspection)} "
                          "của Đoàn kiểm tra")
    opening = (f"Xét {' và '.join(considered)}, " if considered else "") + \
        f"UBND {in_sentence(province)} có ý kiến như sau:"
    failures = recognition.failures(result)
    paragraphs = (
        opening[:1].upper() + opening[1:],
        f"{documents.capitalise(path_in_sentence(assessment.unit_path))} chưa đủ điều kiện công nhận đạt chuẩn "
        f"{DE_AN} năm {year}. Lý do: {decision.reason.rstrip('.')}.",
        f"Điều kiện công nhận: {recognition.rule_text(result)}. Kết quả kiểm tra của đơn vị: "
        f"{fmt.score(result.total)}/{fmt.score(result.max)} điểm"
        + ("; " + "; ".join(f[:1].lower() + f[1:] for f in failures) if failures else "") + ".",
        f"UBND {in_sentence(province)} đề nghị UBND {in_sentence(assessment.unit_name)} chỉ đạo khắc phục các tồn "
        "tại nêu trên, hoàn thiện hồ sơ để được xem xét trong đợt đánh giá tiếp theo./.",
    )
    paragraphs = spelled(paragraphs)[0]
    rank = _rank(decision.signer_rank) or Rank.CHU_TICH
    signature = _signature(documents.committee_signature(Authority.COLLECTIVE, rank), decision.signer_name)
    recipients = ["Như trên;"]
    parent = assessment.unit.parent
    parts = documents.path_parts(assessment.unit_path)
    if parent is not None and parent.level == 2 and parent.valid_on(decision.decided_on) and len(parts) >= 3:
        recipients.append(f"UBND {in_sentence(parts[1])};")
    unit = basis.decision_unit if basis and basis.decision_unit else ""
    recipients.append(f"Lưu: VT{', ' + unit if unit else ''}.")
    standing_full = basis.standing_body if basis and basis.standing_body else standing
    return RefusalLetter(
        header=header, footer=DocumentFooter(signatures=(signature,), recipients=tuple(recipients)),
        recipients_to=(f"Ủy ban nhân dân {in_sentence(assessment.unit_name)};", f"{standing_full}."),
        paragraphs=paragraphs)
