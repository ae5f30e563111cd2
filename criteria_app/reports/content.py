"""What the four documents say, as plain frozen dataclasses (no Flask, no SQLAlchemy).

A builder turns models into one of these; pdf.render_pdf() lays it out in the format of Decree
30/2020/NĐ-CP with the templates in templates/reports/; xlsx.py writes the same tables as
spreadsheets. Everything printed is already in the data as it must appear: capitals are written
in capitals here (the templates never use text-transform), names are the snapshots taken when the
assessment was made ("Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An" in a 2023 report even after
the 2024–2025 mergers), scores are Decimals with two decimals (as domain.scoring gives them).

Conventions
- Scores: Decimal, 2 decimals (``Decimal("87.50")``); printed "87,50".
- Statuses: the strings of domain.scoring: "passed" (Đạt), "failed" (Không đạt), "pending"
  (Chưa chấm: a criterion not fully answered), "unanswered" (Chưa trả lời: an item).
- Datetimes: naive datetimes are UTC, as the models store them; aware ones are converted. They
  are printed in Asia/Ho_Chi_Minh time.
- Recipients ("Nơi nhận") are written without the leading dash and with their final punctuation,
  as in Decree 30: ("UBND tỉnh Nghệ An (để b/c);", "Lưu: VT, CA.").

Document → template → XLSX
- SelfAssessmentReport → reports/self_assessment.html → xlsx.self_assessment_xlsx
- InspectionMinutes    → reports/inspection_minutes.html
- RecognitionReport    → reports/recognition_report.html → xlsx.recognition_xlsx
- RecognitionDecision  → reports/recognition_decision.html → xlsx.decision_xlsx
(``TEMPLATES`` below maps each class to its template; ``pdf.render_document(content)`` uses it.)
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from . import formatting as fmt


# ---------------------------------------------------------------------------------------------
# Parts shared by every document: header (Decree 30 "thể thức") and footer
# ---------------------------------------------------------------------------------------------

TITLE_PT = 14      # document type and trích yếu
ISSUER_PT = 12     # issuing body and its parent
SUBTITLE_MM = 150  # the longest line of a trích yếu
SUBJECT_MM = 64    # a letter's subject, in the issuer's column


@dataclass(frozen=True)
class DocumentHeader:
    """The top of a Decree 30 document and its title.

    issuer: the issuing body, top left, in capitals. When there are two lines the first is the
        superior body ("tên cơ quan chủ quản", regular) and the last is the issuing body itself
        (bold, with a short rule under it): ("UBND THỊ XÃ CỬA LÒ", "UBND PHƯỜNG NGHI THU"),
        ("UBND TỈNH NGHỆ AN", "ĐOÀN KIỂM TRA"); one line: ("UBND TỈNH NGHỆ AN",).
    symbol: the document's symbol after the slash: "BC-UBND", "BB-ĐKT", "TTr-UBND", "QĐ-UBND".
    number: "15"; None or "" leaves the number blank for the clerk ("Số:      /BC-UBND").
    place: the place name before the date: "Nghệ An" (a province's short name), "Cửa Lò".
    issued_on: the date in the header; None leaves day and month blank (with ``year`` if given).
    title: the document type in bold capitals: "BÁO CÁO", "BIÊN BẢN", "TỜ TRÌNH", "QUYẾT ĐỊNH".
    subtitle: the summary (trích yếu) under the title: "Kết quả tự đánh giá ... năm 2023",
        "Về việc công nhận ...". Printed bold, not in capitals.
    year: shown in a blank date ("ngày   tháng   năm 2023") when issued_on is None.
    """
    issuer: tuple[str, ...]
    symbol: str
    place: str
    title: str
    subtitle: str = ""
    number: str | None = None
    issued_on: date | None = None
    year: int | None = None
    body_lines: int = 1
    draft: bool = False
    subject: str = ""
    keep: tuple[str, ...] = ()

    # body_lines: how many of the last issuer lines name the issuing body itself (bold, in full:
    #     ("ỦY BAN NHÂN DÂN", "PHƯỜNG NGHI THU") is 2); the lines before are its parent (may abbreviate).
    # draft: not final yet: "DỰ THẢO" is printed and the number and the day are left blank.
    # subject: a letter's (công văn) trích yếu, printed under its number ("V/v …"); letters have no title.
    # keep: names the trích yếu never breaks across lines ("phường Nghi Thu").

    @property
    def number_line(self) -> str:
        """'Số: 15/BC-UBND' or 'Số:      /BC-UBND' (a draft never shows a number)."""
        return fmt.number_line(None if self.draft else self.number, self.symbol)

    @property
    def reference(self) -> str:
        """'15/BC-UBND' or '     /BC-UBND', as cited elsewhere ("Báo cáo số 15/BC-UBND")."""
        return f"{self.number}/{self.symbol}" if self.number else f"{fmt.BLANK}/{self.symbol}"

    @property
    def date_line(self) -> str:
        """'Nghệ An, ngày 24 tháng 7 năm 2023'; a draft leaves the day and month blank."""
        return fmt.place_date_line(self.place, None if self.draft else self.issued_on,
                                   self.year or (self.issued_on.year if self.issued_on else None))

    @property
    def superior_lines(self) -> tuple[str, ...]:
        return self.issuer[:-self.body_lines] if len(self.issuer) > self.body_lines else ()

    @property
    def body_lines_text(self) -> tuple[str, ...]:
        return self.issuer[-self.body_lines:] if self.issuer else ()

    @property
    def issuing_body(self) -> str:
        return " ".join(self.body_lines_text)

    @property
    def subtitle_lines(self) -> tuple[str, ...]:
        """The trích yếu in balanced lines (14 pt bold, at most 150 mm each)."""
        return fmt.balanced_lines(self.subtitle, TITLE_PT, SUBTITLE_MM, bold=True, keep=self.keep)

    @property
    def subject_lines(self) -> tuple[str, ...]:
        """A letter's subject under its number (12 pt, in the issuer's column)."""
        return fmt.balanced_lines(self.subject, ISSUER_PT, SUBJECT_MM, keep=self.keep)

    @property
    def subtitle_rule_mm(self) -> float:
        """The rule under the trích yếu: 40% of its longest line (Decree 30: 1/3 to 1/2)."""
        return fmt.rule_mm(self.subtitle_lines or (self.title,), TITLE_PT)

    @property
    def body_rule_mm(self) -> float:
        """The rule under the issuing body: 40% of its longest line."""
        return fmt.rule_mm(self.body_lines_text, ISSUER_PT)

    def attached_note(self, document: str, issued_by: str) -> str:
        """The line under an annex title: attached_note('Quyết định', 'Chủ tịch UBND tỉnh Nghệ An') →
        '(Kèm theo Quyết định số 1234/QĐ-UBND ngày 15/8/2023 của Chủ tịch UBND tỉnh Nghệ An)'."""
        day = f" ngày {fmt.short_date(self.issued_on)}" if self.issued_on and not self.draft else ""
        number = self.reference.strip() if self.number and not self.draft else f"{fmt.BLANK}/{self.symbol}"
        return f"(Kèm theo {document} số {number}{day} của {issued_by})"


@dataclass(frozen=True)
class Signature:
    """One signature block (Decree 30: authority, position, room for the signature and seal, name).

    authority: the lines above the position, bold capitals: ("TM. ỦY BAN NHÂN DÂN",) or
        ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"); empty for a person signing in their own right
        ("TRƯỞNG ĐOÀN KIỂM TRA").
    position: "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "TRƯỞNG ĐOÀN KIỂM TRA".
    name: the signer's full name: "Nguyễn Văn Hùng"; "" leaves the line empty (unsigned draft).
    signed_at: when the signer confirmed in the application with their password; printed as
        "Đã xác nhận trên hệ thống lúc 10:45 ngày 24/7/2023" under the position (a password
        confirmation is not a digital signature).
    note: an extra line printed small under the position, e.g. "(Ký, ghi rõ họ tên)".
    image: a drawn signature as a PNG or JPEG data URL ("data:image/png;base64,…", as the
        inspection stores it), printed in the space above the name; anything else is ignored.
    """
    position: str
    name: str = ""
    authority: tuple[str, ...] = ()
    signed_at: datetime | None = None
    note: str = ""
    image: str = ""

    @property
    def signed_text(self) -> str:
        return f"Đã xác nhận trên hệ thống lúc {fmt.clock(self.signed_at)}" if self.signed_at else ""

    @property
    def image_src(self) -> str:
        """The image URL if it is an inline PNG/JPEG (never a link to fetch), else ''."""
        image = (self.image or "").strip()
        if image.startswith(("data:image/png;base64,", "data:image/jpeg;base64,")):
            return image
        return ""


@dataclass(frozen=True)
class DocumentFooter:
    """Signature block(s) and recipients.

    signatures: one block (printed right) or two (printed side by side: the first on the left,
        e.g. the secretary in the minutes, the second on the right, the team lead).
    recipients: the "Nơi nhận:" list at bottom left (11 pt); empty for none.
    below: a block printed centred under the others (the ward's chairman in the minutes).
    """
    signatures: tuple[Signature, ...]
    recipients: tuple[str, ...] = ()
    below: tuple[Signature, ...] = ()


@dataclass(frozen=True)
class Person:
    """A participant listed in the minutes: 'Ông Lê Văn Nam – Phó Giám đốc Công an tỉnh, Trưởng đoàn'.

    name: full name with the honorific if wanted ("Ông Lê Văn Nam", "Bà Hồ Thị Hoa").
    position: position and organisation: "Phó Giám đốc Công an tỉnh".
    role: the role in the meeting: "Trưởng đoàn", "Thành viên", "Thư ký" ("" for none).
    """
    name: str
    position: str = ""
    role: str = ""


@dataclass(frozen=True)
class AnnexHeading:
    """The heading of an annex (Decree 30): label 'Phụ lục' or 'Phụ lục 2.3', a title in bold
    capitals, and the '(Kèm theo … số … ngày … của …)' note in italics."""
    label: str
    title: str
    note: str = ""

    @property
    def title_lines(self) -> tuple[str, ...]:
        return fmt.balanced_lines(self.title, 13, SUBTITLE_MM, bold=True)

    @property
    def rule_mm(self) -> float:
        return fmt.rule_mm(self.title_lines, 13)


@dataclass(frozen=True)
class CriterionHeading:
    """A criterion of the set, as listed in tables and charts of multi-unit documents."""
    code: str            # "TC01"
    title: str           # "Lãnh đạo, chỉ đạo và tổ chức thực hiện"
    max: Decimal         # maximum points, Decimal("5.00")
    mandatory: bool = False  # a criterion that must pass for recognition (points mode)


# ---------------------------------------------------------------------------------------------
# a. Báo cáo tự đánh giá (ward self-assessment report)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SelfItemLine:
    """One item (chỉ tiêu) of the self-assessment, as the ward answered it.

    kind: "check", "count_at_least" or "ratio" (domain.criteria.KINDS).
    answer_text: the answer as printed: "Có", "Không", "3 máy", "11/12 (91,7%)", "Không phát sinh";
        "" when unanswered.
    requirement: what the item asks, printed under the label: "Yêu cầu: 100%", "Yêu cầu: ≥ 2 máy"
        ("" for a yes/no item).
    numerator / denominator: the raw counts of a ratio answer (None otherwise); count: the number
        of a count answer (None otherwise). The XLSX writes them as numbers.
    not_applicable: a ratio answered "Không phát sinh".
    score / max: points obtained and the item's maximum (Decimal, 2 decimals).
    status: "passed", "failed" or "unanswered".
    evidence_files: the evidence files' original names ("QD-thanh-lap-To-cong-tac.pdf").
    explanation: the ward's written explanation (giải trình), or "".
    required: the item must pass for its criterion to pass.
    """
    code: str
    label: str
    kind: str
    answer_text: str
    score: Decimal
    max: Decimal
    status: str
    requirement: str = ""
    numerator: int | None = None
    denominator: int | None = None
    count: int | None = None
    not_applicable: bool = False
    evidence_files: tuple[str, ...] = ()
    explanation: str = ""
    required: bool = True

    @property
    def rate(self) -> Fraction | None:
        """numerator/denominator as an exact fraction (None without a positive denominator)."""
        if self.numerator is None or not self.denominator:
            return None
        return Fraction(self.numerator, self.denominator)

    @property
    def status_text(self) -> str:
        return fmt.status_text(self.status)

    @property
    def evidence_lines(self) -> tuple[str, ...]:
        lines = tuple(self.evidence_files)
        if self.explanation:
            lines += (f"Giải trình: {self.explanation}",)
        return lines


@dataclass(frozen=True)
class SelfCriterionSection:
    """One criterion (tiêu chí) with its items and subtotal. status: passed/failed/pending."""
    code: str
    title: str
    max: Decimal
    score: Decimal
    status: str
    items: tuple[SelfItemLine, ...]
    mandatory: bool = False

    @property
    def status_text(self) -> str:
        return fmt.status_text(self.status)


@dataclass(frozen=True)
class SelfAssessmentReport:
    """Báo cáo tự đánh giá, signed by the ward chairman.

    unit_name / unit_path: as snapshotted on the assessment ("Phường Nghi Thu",
        "Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An").
    campaign_name: "Đợt đánh giá năm 2023"; criteria_set_title / criteria_set_version: the set used.
    intro: paragraphs before the table ("Căn cứ …", "UBND phường … báo cáo như sau:").
    criteria: one section per criterion, in the set's order.
    total / max_total: the self-assessed total and the set's maximum; min_total: the points
        threshold for recognition (None in "all_pass" mode).
    passed_count: criteria passed; mandatory: codes of the mandatory criteria;
        mandatory_failed: those not passed.
    complete: every item answered; meets_standard: the set's recognition rule is met.
    conclusion: the closing sentence(s) (see ``default_self_conclusion``).
    """
    header: DocumentHeader
    footer: DocumentFooter
    unit_name: str
    unit_path: str
    campaign_name: str
    criteria_set_title: str
    criteria_set_version: int
    criteria: tuple[SelfCriterionSection, ...]
    total: Decimal
    max_total: Decimal
    passed_count: int
    complete: bool
    meets_standard: bool
    conclusion: str
    min_total: Decimal | None = None
    mandatory: tuple[str, ...] = ()
    mandatory_failed: tuple[str, ...] = ()
    intro: tuple[str, ...] = ()
    rule: str = ""                      # "đạt từ 90,00 điểm trở lên và đạt tất cả các tiêu chí bắt buộc (…)"
    general: tuple[str, ...] = ()       # the "I. THÔNG TIN CHUNG" lines, as printed

    annex_parts: tuple[str, ...] = ()

    @property
    def criteria_count(self) -> int:
        return len(self.criteria)

    @property
    def items(self) -> tuple[SelfItemLine, ...]:
        return tuple(i for c in self.criteria for i in c.items)


def default_self_conclusion(unit_name: str, total: Decimal, max_total: Decimal, passed_count: int,
                            criteria_count: int, complete: bool, meets_standard: bool,
                            mandatory_failed: tuple[str, ...] = (), failures: tuple[str, ...] = ()) -> str:
    """'Phường Nghi Thu tự đánh giá đạt 96,50/100 điểm, đạt 13/13 tiêu chí; đủ điều kiện đề nghị …'."""
    text = (f"{unit_name} tự đánh giá đạt {fmt.score(total)}/{fmt.score(max_total)} điểm, "
            f"đạt {passed_count}/{criteria_count} tiêu chí")
    if not complete:
        return text + "; còn chỉ tiêu chưa trả lời, chưa đủ điều kiện đề nghị công nhận."
    if meets_standard:
        return (text + "; đủ điều kiện đề nghị công nhận đơn vị điển hình, kiểu mẫu "
                "thực hiện Đề án 06.")
    reason = ""
    if failures:
        reason = " (" + "; ".join(f[:1].lower() + f[1:] for f in failures) + ")"
    elif mandatory_failed:
        reason = f" (tiêu chí bắt buộc chưa đạt: {', '.join(mandatory_failed)})"
    return text + f"; chưa đủ điều kiện đề nghị công nhận{reason}."


# ---------------------------------------------------------------------------------------------
# b. Biên bản kiểm tra (inspection minutes)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ItemDifference:
    """An item where the team's result differs from the ward's self-assessment.

    self_answer / team_answer: printed answers ("11/12 (91,7%)", "Có", "1 máy", "Không phát sinh").
    reason: the inspector's reason, required by the workflow whenever the scores differ.
    """
    item_code: str
    label: str
    self_answer: str
    team_answer: str
    self_score: Decimal
    team_score: Decimal
    max: Decimal
    reason: str


@dataclass(frozen=True)
class CriterionComparison:
    """One criterion: the ward's score and status against the team's, the differing items, and
    the team's notes on the criterion (printed under its title)."""
    code: str
    title: str
    max: Decimal
    self_score: Decimal
    inspection_score: Decimal
    self_status: str
    inspection_status: str
    mandatory: bool = False
    differences: tuple[ItemDifference, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def self_status_text(self) -> str:
        return fmt.status_text(self.self_status)

    @property
    def inspection_status_text(self) -> str:
        return fmt.status_text(self.inspection_status)

    @property
    def delta(self) -> Decimal:
        return self.inspection_score - self.self_score


@dataclass(frozen=True)
class InspectionMinutes:
    """Biên bản kiểm tra thực tế, signed by both sides.

    started_at / ended_at: when the inspection began and the minutes were closed (printed
        "08 giờ 30 phút, ngày 24 tháng 7 năm 2023").
    location: "Trụ sở UBND phường Nghi Thu, thị xã Cửa Lò, tỉnh Nghệ An".
    basis: "Căn cứ …" lines (the decision setting up the team, the plan).
    team_members / ward_representatives: who attended on each side.
    criteria: per criterion, self vs inspection; differences are attached to their criterion.
    findings: the team's observations (nhận xét), one paragraph each.
    recommendations: what the ward must remedy (kiến nghị), one per line.
    conclusion: the conclusion paragraph.
    closing: the closing paragraph ("Biên bản kết thúc lúc … được lập thành 03 bản …").
    footer.signatures: two blocks: (ward chairman, team lead); each with ``signed_at`` when
        confirmed electronically.
    """
    header: DocumentHeader
    footer: DocumentFooter
    unit_name: str
    unit_path: str
    campaign_name: str
    criteria_set_title: str
    started_at: datetime
    location: str
    team_members: tuple[Person, ...]
    ward_representatives: tuple[Person, ...]
    criteria: tuple[CriterionComparison, ...]
    self_total: Decimal
    inspection_total: Decimal
    max_total: Decimal
    inspection_passed_count: int
    conclusion: str
    min_total: Decimal | None = None
    mandatory_failed: tuple[str, ...] = ()
    ended_at: datetime | None = None
    basis: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    recommendations: tuple[str, ...] = ()
    closing: str = ""
    opening: str = ""                   # "Hôm nay, vào hồi …, tại …, Đoàn kiểm tra …"
    conclusion_more: tuple[str, ...] = ()   # what the lead added to the generated conclusion
    ward_title: str = ""                # "Đại diện Ủy ban nhân dân phường Nghi Thu"
    round: int = 1
    draft: bool = False                 # not signed: "DỰ THẢO", no number
    scored: bool = True                 # False while the team's scoring is open: no score shown as final

    annex_parts: tuple[str, ...] = ()

    @property
    def differences(self) -> tuple[tuple[CriterionComparison, ItemDifference], ...]:
        return tuple((c, d) for c in self.criteria for d in c.differences)

    @property
    def started_text(self) -> str:
        return fmt.time_and_date(self.started_at)

    @property
    def ended_text(self) -> str:
        return fmt.time_and_date(self.ended_at) if self.ended_at else ""


# ---------------------------------------------------------------------------------------------
# c. Báo cáo kết quả thẩm định / Tờ trình đề nghị công nhận (province recognition report)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CriterionScore:
    """One unit's result on one criterion: self score, inspection score, passed (inspection)."""
    code: str
    max: Decimal
    self_score: Decimal
    inspection_score: Decimal
    passed: bool
    self_passed: bool = True


@dataclass(frozen=True)
class UnitResult:
    """One unit's line in the recognition report (and its annex).

    unit_name: as snapshotted, "Phường Nghi Thu"; area: the rest of the snapshotted path,
        "Thị xã Cửa Lò, Tỉnh Nghệ An" (formatting.split_unit_path splits a path).
    self_total / inspection_total: Decimal, 2 decimals.
    mandatory_passed: every mandatory criterion passed at inspection; mandatory_failed: the codes.
    recognised: meets the recognition rule at inspection (proposed for recognition).
    criteria: per criterion, in the set's order (same codes as RecognitionReport.criteria).
    """
    unit_name: str
    area: str
    self_total: Decimal
    inspection_total: Decimal
    mandatory_passed: bool
    recognised: bool
    criteria: tuple[CriterionScore, ...] = ()
    mandatory_failed: tuple[str, ...] = ()
    reason: str = ""        # why it is not proposed ("Tổng điểm 89,32 dưới mức 90,00 điểm; …")
    minutes: str = ""       # the minutes it rests on: "12/BB-ĐKT ngày 18/7/2023"

    @property
    def path(self) -> str:
        return f"{self.unit_name}, {self.area}" if self.area else self.unit_name

    @property
    def result_text(self) -> str:
        return "Đạt" if self.recognised else "Không đạt"

    @property
    def mandatory_text(self) -> str:
        return "Đạt" if self.mandatory_passed else "Không đạt"

    @property
    def passed_count(self) -> int:
        return sum(1 for c in self.criteria if c.passed)


@dataclass(frozen=True)
class RecognitionReport:
    """Báo cáo kết quả thẩm định (or Tờ trình đề nghị công nhận: same content, header.title
    "TỜ TRÌNH" and symbol "TTr-…").

    basis: "Căn cứ …" lines; summary: paragraphs summarising the campaign and the results.
    criteria: the set's criteria (headings of the annex tables, the XLSX columns and the chart).
    units: one line per unit, in the order printed (STT is the position, from 1).
    proposal: paragraphs of the proposal ("UBND tỉnh đề nghị …" / "Kính đề nghị …").
    min_total: the points threshold (90); mandatory: the mandatory criteria's codes.
    show_charts: print the charts section; show_unit_annexes: print one annex per unit.
    annex_note: the '(Kèm theo Báo cáo số … ngày … của …)' line of the annexes.
    """
    header: DocumentHeader
    footer: DocumentFooter
    campaign_name: str
    criteria_set_title: str
    criteria: tuple[CriterionHeading, ...]
    units: tuple[UnitResult, ...]
    max_total: Decimal
    summary: tuple[str, ...] = ()
    proposal: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()
    min_total: Decimal | None = None
    mandatory: tuple[str, ...] = ()
    show_charts: bool = True
    show_unit_annexes: bool = True
    annex_note: str = ""
    recipient: str = ""                 # "Kính gửi: Ủy ban nhân dân tỉnh Nghệ An."
    process: tuple[str, ...] = ()       # "I. QUÁ TRÌNH TRIỂN KHAI"
    rule: str = ""                      # "II. ĐIỀU KIỆN CÔNG NHẬN"
    closing: tuple[str, ...] = ()       # "Kính trình …"
    proposed_annex: AnnexHeading | None = None
    others_annex: AnnexHeading | None = None
    draft: bool = False

    @property
    def annex_parts(self) -> tuple[str, ...]:
        return tuple(p for p, a in (("proposed", self.proposed_annex), ("others", self.others_annex)) if a)

    @property
    def not_proposed(self) -> tuple[UnitResult, ...]:
        return tuple(u for u in self.units if not u.recognised)

    @property
    def recognised_units(self) -> tuple[UnitResult, ...]:
        return tuple(u for u in self.units if u.recognised)

    @property
    def recognised_count(self) -> int:
        return sum(1 for u in self.units if u.recognised)

    def criterion_pass_counts(self) -> tuple[tuple[CriterionHeading, int], ...]:
        """How many units pass each criterion at inspection, in the set's order."""
        counts = {c.code: 0 for c in self.criteria}
        for unit in self.units:
            for score in unit.criteria:
                if score.passed and score.code in counts:
                    counts[score.code] += 1
        return tuple((c, counts[c.code]) for c in self.criteria)


# ---------------------------------------------------------------------------------------------
# d. Quyết định công nhận (recognition decision)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Article:
    """'Điều 1. <text>' followed by optional clauses (each its own paragraph)."""
    number: int
    text: str
    clauses: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"Điều {self.number}."


@dataclass(frozen=True)
class RecognisedUnit:
    """A line of the decision's annex: unit (as snapshotted), its district/province, total."""
    unit_name: str
    area: str
    total: Decimal
    valid_to: date | None = None
    max_total: Decimal | None = None


@dataclass(frozen=True)
class RecognitionDecision:
    """Quyết định công nhận, signed by the provincial chairman (or a vice-chairman "KT. CHỦ TỊCH").

    authority: the deciding authority, centred bold capitals under the title:
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN".
    legal_bases: the "Căn cứ …;" lines, then "Theo đề nghị của …" (printed in italics).
    articles: Điều 1 (recognition of the units listed in the annex), Điều 2 (validity),
        Điều 3 (execution) — see samples.example_recognition_decision for wording.
    annex: the annex heading; units: its lines (STT is the position, from 1).
    """
    header: DocumentHeader
    footer: DocumentFooter
    authority: str
    legal_bases: tuple[str, ...]
    articles: tuple[Article, ...]
    annex: AnnexHeading | None
    units: tuple[RecognisedUnit, ...]
    kind: str = "approve"               # "approve" or "revoke"

    @property
    def annex_parts(self) -> tuple[str, ...]:
        return ("units",) if self.annex is not None else ()


@dataclass(frozen=True)
class RefusalLetter:
    """Công văn of the People's Committee: a unit is not recognised, with the reasons.

    header.subject: "V/v không công nhận …" (printed under the number); recipients_to: the "Kính gửi"
    list; paragraphs: the body."""
    header: DocumentHeader
    footer: DocumentFooter
    recipients_to: tuple[str, ...]
    paragraphs: tuple[str, ...]
    annex_parts: tuple[str, ...] = ()


TEMPLATES: dict[type, str] = {
    SelfAssessmentReport: "reports/self_assessment.html",
    InspectionMinutes: "reports/inspection_minutes.html",
    RecognitionReport: "reports/recognition_report.html",
    RecognitionDecision: "reports/recognition_decision.html",
    RefusalLetter: "reports/refusal_letter.html",
}

__all__ = [
    "DocumentHeader", "Signature", "DocumentFooter", "Person", "AnnexHeading", "CriterionHeading",
    "SelfItemLine", "SelfCriterionSection", "SelfAssessmentReport", "default_self_conclusion",
    "ItemDifference", "CriterionComparison", "InspectionMinutes",
    "CriterionScore", "UnitResult", "RecognitionReport",
    "Article", "RecognisedUnit", "RecognitionDecision", "RefusalLetter", "TEMPLATES",
]
