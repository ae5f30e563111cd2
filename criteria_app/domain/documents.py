"""How an administrative document names and signs things (Decree 30/2020/NĐ-CP), as plain rules.

Issuing body lines, signature blocks derived from who issues and who signs, place names of the date
line, unit types in lower case inside a sentence, an abbreviation spelled out at its first use, and
document numbers ("12/QĐ-UBND"). No I/O: the builders of reports/ and the services call these.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# Longest first: "Thành phố" before a one-word type, "Thị xã" before "Thị trấn" never clash.
UNIT_TYPES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Tỉnh", "Huyện", "Quận", "Phường", "Xã")
PROVINCE_TYPES = ("Tỉnh", "Thành phố")
# Places named after a person keep their type in the date line (Decree 30, Appendix I: "Thành phố Hồ Chí Minh").
NAMED_AFTER_PEOPLE = ("Hồ Chí Minh",)

UBND = "Ủy ban nhân dân"


# ---- unit names --------------------------------------------------------------------------------

def split_type(name: str) -> tuple[str, str]:
    """'Phường Nghi Thu' → ('Phường', 'Nghi Thu'); a name without a known type → ('', name)."""
    name = (name or "").strip()
    for word in UNIT_TYPES:
        if name.startswith(word + " "):
            return word, name[len(word) + 1:].strip()
    return "", name


def in_sentence(name: str) -> str:
    """A unit's name inside running text, its type in lower case: 'Thị xã Cửa Lò' → 'thị xã Cửa Lò'."""
    kind, proper = split_type(name)
    return f"{kind.lower()} {proper}" if kind else proper


def path_parts(path: str) -> list[str]:
    return [p.strip() for p in (path or "").split(",") if p.strip()]


def path_in_sentence(path: str) -> str:
    """'Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An' → 'phường Nghi Thu, thị xã Cửa Lò, tỉnh Nghệ An'."""
    return ", ".join(in_sentence(p) for p in path_parts(path))


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def area_text(path: str) -> str:
    """A path at the start of a table cell: 'Thị xã Cửa Lò, tỉnh Nghệ An' (only the first letter capital)."""
    return capitalise(path_in_sentence(path))


def place_name(unit_name: str) -> str:
    """The place in the date line: the unit's name without its type ('Phường Nghi Thu' → 'Nghi Thu',
    'Tỉnh Nghệ An' → 'Nghệ An'), except names that are numbers or a person's name ('Phường 1',
    'Thành phố Hồ Chí Minh'), which keep their type."""
    kind, proper = split_type(unit_name)
    if not kind or proper.isdigit() or proper in NAMED_AFTER_PEOPLE:
        return unit_name.strip()
    return proper


def upper(text: str) -> str:
    """Capitals written into the data (documents never transform case with CSS)."""
    return (text or "").upper()


def abbreviate_parent(name: str) -> str:
    """The parent line may abbreviate common words: 'Ủy ban nhân dân thị xã Cửa Lò' / 'Thị xã Cửa Lò'
    → 'UBND THỊ XÃ CỬA LÒ'; any other body is written in capitals as it is ('Bộ Công an' → 'BỘ CÔNG AN')."""
    name = (name or "").strip()
    if name.lower().startswith(UBND.lower() + " "):
        return "UBND " + upper(name[len(UBND) + 1:])
    if name.startswith("UBND "):
        return "UBND " + upper(name[5:])
    if split_type(name)[0]:
        return "UBND " + upper(name)
    return upper(name)


# ---- issuing body (top left of the header) -------------------------------------------------------

@dataclass(frozen=True)
class Issuer:
    """parent: the directly superior body, regular, may abbreviate ('UBND THỊ XÃ CỬA LÒ'), or '' for none;
    body: the issuing body itself, in full and bold, one entry per printed line."""
    parent: str
    body: tuple[str, ...]

    @property
    def lines(self) -> tuple[str, ...]:
        return ((self.parent,) if self.parent else ()) + self.body


def people_committee(unit_path: str) -> Issuer:
    """The People's Committee of the first unit of a path, under its parent committee when the path has a
    district ('ỦY BAN NHÂN DÂN' / 'PHƯỜNG NGHI THU' under 'UBND THỊ XÃ CỬA LÒ'); a commune-level unit
    directly under its province (the two-level government since 1 July 2025) and a province have none."""
    parts = path_parts(unit_path)
    if not parts:
        return Issuer("", (upper(UBND),))
    own = (upper(UBND), upper(parts[0]))
    if len(parts) >= 3:
        return Issuer(abbreviate_parent(parts[1]), own)
    return Issuer("", own)


def body_with_parent(name: str, parent: str = "") -> Issuer:
    """Any other body: 'Công an tỉnh Nghệ An' under 'Bộ Công an' → 'BỘ CÔNG AN' / 'CÔNG AN TỈNH NGHỆ AN'."""
    return Issuer(abbreviate_parent(parent) if parent else "", (upper(name),))


# ---- who decides and who signs ------------------------------------------------------------------

class Authority(enum.StrEnum):
    """Who issues the province's decision: the Chairman (an individual) or the Committee (a collective)."""
    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"

    @property
    def label(self) -> str:
        return {Authority.INDIVIDUAL: "Chủ tịch UBND tỉnh (cá nhân)",
                Authority.COLLECTIVE: "UBND tỉnh (tập thể)"}[self]


class Rank(enum.StrEnum):
    """The rank a person signs with."""
    CHU_TICH = "chu_tich"
    PHO_CHU_TICH = "pho_chu_tich"
    GIAM_DOC = "giam_doc"
    PHO_GIAM_DOC = "pho_giam_doc"

    @property
    def label(self) -> str:
        return RANK_LABELS[self]

    @property
    def title(self) -> str:
        """As printed in capitals: 'PHÓ CHỦ TỊCH'."""
        return upper(self.label)

    @property
    def heads_committee(self) -> bool:
        return self in (Rank.CHU_TICH, Rank.PHO_CHU_TICH)

    @property
    def deputy(self) -> bool:
        return self in (Rank.PHO_CHU_TICH, Rank.PHO_GIAM_DOC)


RANK_LABELS = {Rank.CHU_TICH: "Chủ tịch", Rank.PHO_CHU_TICH: "Phó Chủ tịch", Rank.GIAM_DOC: "Giám đốc",
               Rank.PHO_GIAM_DOC: "Phó Giám đốc"}


class SignatureRefused(ValueError):
    """This person's rank cannot sign for this body."""


def committee_signature(authority: Authority, rank: Rank | None) -> tuple[str, ...]:
    """The lines above a People's Committee signer's name.

    Individual authority (the Chairman decides): 'CHỦ TỊCH', or 'KT. CHỦ TỊCH' / 'PHÓ CHỦ TỊCH';
    collective (the Committee): 'TM. ỦY BAN NHÂN DÂN' / 'CHỦ TỊCH' (or / 'KT. CHỦ TỊCH' / 'PHÓ CHỦ TỊCH')."""
    if rank is None or not rank.heads_committee:
        raise SignatureRefused("Người ký phải là Chủ tịch hoặc Phó Chủ tịch Ủy ban nhân dân.")
    own = ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") if rank.deputy else ("CHỦ TỊCH",)
    if Authority(authority) == Authority.COLLECTIVE:
        return ("TM. ỦY BAN NHÂN DÂN",) + own
    return own


def director_signature(rank: Rank | None) -> tuple[str, ...]:
    """A department or the provincial police: 'GIÁM ĐỐC', or 'KT. GIÁM ĐỐC' / 'PHÓ GIÁM ĐỐC'."""
    if rank is None or rank.heads_committee:
        raise SignatureRefused("Người ký phải là Giám đốc hoặc Phó Giám đốc.")
    return ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC") if rank.deputy else ("GIÁM ĐỐC",)


def deciding_authority(authority: Authority, province_name: str) -> str:
    """The line under a decision's title: 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN' or, for the
    collective, 'ỦY BAN NHÂN DÂN TỈNH NGHỆ AN'."""
    committee = upper(f"{UBND} {province_name}")
    return committee if Authority(authority) == Authority.COLLECTIVE else "CHỦ TỊCH " + committee


def authority_in_sentence(authority: Authority, province_name: str, ubnd: str = "UBND") -> str:
    """'Chủ tịch UBND tỉnh Nghệ An' / 'UBND tỉnh Nghệ An'; ubnd: how the committee is written here
    (a FirstUse gives 'Ủy ban nhân dân (UBND)' the first time)."""
    committee = f"{ubnd} {in_sentence(province_name)}"
    return committee if Authority(authority) == Authority.COLLECTIVE else "Chủ tịch " + committee


def short_body(name: str, province_name: str) -> str:
    """A provincial body as the province's own documents name it: 'Công an tỉnh Nghệ An' → 'Công an tỉnh'."""
    proper = split_type(province_name)[1]
    if proper and name.endswith(" " + proper):
        return name[: -len(proper) - 1]
    return name


# ---- the inspection team -----------------------------------------------------------------------

class TeamRole(enum.StrEnum):
    TRUONG_DOAN = "truong_doan"
    PHO_TRUONG_DOAN = "pho_truong_doan"
    THU_KY = "thu_ky"
    THANH_VIEN = "thanh_vien"

    @property
    def label(self) -> str:
        return TEAM_ROLE_LABELS[self]


TEAM_ROLE_LABELS = {TeamRole.TRUONG_DOAN: "Trưởng đoàn", TeamRole.PHO_TRUONG_DOAN: "Phó Trưởng đoàn",
                    TeamRole.THU_KY: "Thư ký", TeamRole.THANH_VIEN: "Thành viên"}
TEAM_ROLE_ORDER = {r: i for i, r in enumerate(TeamRole)}


class Gender(enum.StrEnum):
    MALE = "nam"
    FEMALE = "nu"

    @property
    def label(self) -> str:
        return {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}[self]


def honorific(gender: str | None) -> str:
    """'Ông', 'Bà', or 'Ông/Bà' when it was never recorded."""
    if gender == Gender.MALE:
        return "Ông"
    if gender == Gender.FEMALE:
        return "Bà"
    return "Ông/Bà"


# ---- document numbers ----------------------------------------------------------------------------

REFERENCE = r"^(\d{1,6})(?:\s*/\s*([^\s/].*))?$"


class NumberRefused(ValueError):
    pass


def reference(text: str, symbol: str) -> str:
    """The number as printed after 'Số:', from what a person typed: '12' → '12/QĐ-UBND' (the document's
    symbol added), '12/QĐ-UBND' kept; anything not starting with a number is refused."""
    text = re.sub(r"\s+", " ", (text or "").strip())
    match = re.match(REFERENCE, text)
    if not match:
        raise NumberRefused(f"Số văn bản bắt đầu bằng chữ số, ví dụ 12 hoặc 12/{symbol}.")
    number, given = match.groups()
    return f"{int(number)}/{(given or symbol).replace(' ', '')}"


def split_reference(ref: str | None) -> tuple[str, str]:
    """'12/QĐ-UBND' → ('12', 'QĐ-UBND'); '' → ('', '')."""
    number, _, symbol = (ref or "").partition("/")
    return number, symbol


# ---- dates and numbers in running text ----------------------------------------------------------

def _two(value: int, *, month: bool = False) -> str:
    """Decree 30: days below 10 and months 1 and 2 take a leading zero."""
    return f"{value:02d}" if (value < 3 if month else value < 10) else str(value)


def long_date(day: date) -> str:
    """'ngày 05 tháng 02 năm 2024', 'ngày 24 tháng 7 năm 2023'."""
    return f"ngày {_two(day.day)} tháng {_two(day.month, month=True)} năm {day.year}"


def short_date(day: date) -> str:
    """'05/02/2024', '24/7/2023'."""
    return f"{_two(day.day)}/{_two(day.month, month=True)}/{day.year}"


def date_line(place: str, day: date | None, year: int | None = None, blank: str = "\u00a0" * 6) -> str:
    """'Nghi Thu, ngày 24 tháng 7 năm 2023'; a blank day and month for a draft."""
    if day is not None:
        return f"{place}, {long_date(day)}"
    return f"{place}, ngày{blank}tháng{blank}năm {year if year else blank}".rstrip()


def score_text(value: Decimal | int | None) -> str:
    """Decimal('89.3') → '89,30' (two decimals, decimal comma, dot for thousands)."""
    if value is None:
        return ""
    q = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole, _, frac = f"{abs(q)}".partition(".")
    return ("-" if q < 0 else "") + f"{int(whole):,}".replace(",", ".") + "," + frac


def count_text(n: int) -> str:
    """Counts in documents take two digits below 10 ('03 bản', '02 đơn vị'), as official texts write them."""
    return f"{n:02d}" if 0 < n < 10 else f"{n:,}".replace(",", ".")


ABBREVIATION_WORD = r"(?<![\w/-]){}(?![\w-])"


def spell_out_first(texts: list[str], abbreviation: str = "UBND", meaning: str = UBND) -> list[str]:
    """The paragraphs of a body, in printed order, with the first use of the abbreviation spelled out:
    '… của Chủ tịch UBND tỉnh' → '… của Chủ tịch Ủy ban nhân dân (UBND) tỉnh'. A document symbol such as
    'QĐ-UBND' is not a use. Text that already spells it out is left as it is."""
    word = ABBREVIATION_WORD.format(re.escape(abbreviation))
    out = list(texts)
    for i, text in enumerate(out):
        if f"{meaning} ({abbreviation})" in text:
            return out
        match = re.search(word, text)
        if match:
            out[i] = text[:match.start()] + f"{meaning} ({abbreviation})" + text[match.end():]
            return out
    return out


class FirstUse:
    """Spells an abbreviation out the first time a document uses it: 'Ủy ban nhân dân (UBND)', then 'UBND'.

    One instance per document, called in the order the text is printed."""

    def __init__(self, meanings: dict[str, str] | None = None):
        self.meanings = dict(meanings or {"UBND": UBND})
        self.used: set[str] = set()

    def __call__(self, abbreviation: str) -> str:
        if abbreviation in self.used:
            return abbreviation
        self.used.add(abbreviation)
        return f"{self.meanings[abbreviation]} ({abbreviation})"
