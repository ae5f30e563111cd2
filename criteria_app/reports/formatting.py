"""How numbers, dates and answers are written in Vietnamese administrative documents.

Pure functions (no Flask, no database), shared by the dataclasses in content.py, the Jinja
templates (registered as filters by pdf.py), the XLSX writer and the builders.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from functools import lru_cache
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
CENT = Decimal("0.01")

STATUS_TEXT = {
    "passed": "Đạt",
    "failed": "Không đạt",
    "pending": "Chưa chấm",
    "unanswered": "Chưa trả lời",
}


def status_text(status: str) -> str:
    """'passed' → 'Đạt', 'failed' → 'Không đạt', 'pending' → 'Chưa chấm', 'unanswered' → 'Chưa trả lời'."""
    return STATUS_TEXT.get(status, status)


def integer(value: int) -> str:
    """34400 → '34.400' (Vietnamese thousands separator is the dot)."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def score(value: Decimal | int | None) -> str:
    """Decimal('87.5') → '87,50': two decimals, decimal comma. None → ''."""
    if value is None:
        return ""
    q = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    whole, _, frac = f"{abs(q)}".partition(".")
    return ("-" if q < 0 else "") + integer(int(whole)) + "," + frac


def quantize(value: Decimal | int | float | str) -> Decimal:
    """A score as a Decimal with exactly two decimals (half up)."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def percent(value: Fraction | Decimal | float | None, digits: int = 1) -> str:
    """Fraction(11, 12) → '91,7%' (half up, decimal comma). None → ''."""
    if value is None:
        return ""
    if isinstance(value, Fraction):
        number = Decimal(value.numerator) * 100 / Decimal(value.denominator)
    else:
        number = Decimal(str(value)) * 100
    exp = Decimal(1).scaleb(-digits) if digits else Decimal(1)
    text = f"{number.quantize(exp, rounding=ROUND_HALF_UP)}"
    whole, _, frac = text.partition(".")
    return integer(int(whole)) + ("," + frac if frac else "") + "%"


def ratio_text(numerator: int, denominator: int) -> str:
    """(11, 12) → '11/12 (91,7%)'; (647873, 682493) → '647.873/682.493 (94,9%)'; (0, 0) → '0/0 (không phát sinh)'."""
    if denominator == 0:
        return f"{integer(numerator)}/{integer(denominator)} (không phát sinh)"
    return f"{integer(numerator)}/{integer(denominator)} ({percent(Fraction(numerator, denominator))})"


def two_digits_if_needed(day_or_month: int, *, month: bool = False) -> str:
    """Decree 30 (Appendix I): days below 10 and months 1 and 2 are written with a leading zero."""
    if month:
        return f"{day_or_month:02d}" if day_or_month < 3 else str(day_or_month)
    return f"{day_or_month:02d}" if day_or_month < 10 else str(day_or_month)


def long_date(day: date) -> str:
    """date(2023, 7, 24) → 'ngày 24 tháng 7 năm 2023'; date(2024, 2, 5) → 'ngày 05 tháng 02 năm 2024'."""
    return (f"ngày {two_digits_if_needed(day.day)} tháng {two_digits_if_needed(day.month, month=True)}"
            f" năm {day.year}")


def short_date(day: date) -> str:
    """date(2023, 7, 24) → '24/7/2023'; date(2024, 2, 5) → '05/02/2024' (the same leading-zero rule)."""
    return f"{two_digits_if_needed(day.day)}/{two_digits_if_needed(day.month, month=True)}/{day.year}"


BLANK = "\u00a0" * 6  # room left for a hand-written number or day (non-breaking, so it is kept)


def place_date_line(place: str, day: date | None, year: int | None = None) -> str:
    """'Nghệ An, ngày 24 tháng 7 năm 2023'; without a day: 'Nghệ An, ngày      tháng      năm 2023'."""
    if day is not None:
        return f"{place}, {long_date(day)}"
    return f"{place}, ngày{BLANK}tháng{BLANK}năm {year if year else BLANK}".rstrip()


def number_line(number: str | None, symbol: str) -> str:
    """('15', 'BC-UBND') → 'Số: 15/BC-UBND'; (None, 'BC-UBND') → 'Số:      /BC-UBND'."""
    if number:
        return f"Số: {number}/{symbol}"
    return f"Số:{BLANK}/{symbol}"


def to_local(moment: datetime) -> datetime:
    """A naive datetime is UTC (as the models store it); the result is in Asia/Ho_Chi_Minh."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(LOCAL)


def local_date(moment: datetime | None) -> date:
    """The calendar day in Vietnam of a stored (naive UTC) moment; today in Vietnam when None."""
    if moment is None:
        return datetime.now(LOCAL).date()
    return to_local(moment).date()


def time_and_date(moment: datetime) -> str:
    """'08 giờ 30 phút, ngày 24 tháng 7 năm 2023' (local time)."""
    local = to_local(moment)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, {long_date(local.date())}"


def clock(moment: datetime) -> str:
    """'10:45 ngày 24/7/2023' (local time), used for electronic signatures."""
    local = to_local(moment)
    return f"{local.hour:02d}:{local.minute:02d} ngày {short_date(local.date())}"


def upper_vi(text: str) -> str:
    """Capitals written in the data, never with CSS text-transform: 'Thị xã Cửa Lò' → 'THỊ XÃ CỬA LÒ'."""
    return text.upper()


def split_unit_path(path: str) -> tuple[str, str]:
    """'Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An' → ('Phường Nghi Thu', 'Thị xã Cửa Lò, Tỉnh Nghệ An')."""
    name, _, rest = path.partition(", ")
    return name, rest


# ---------------------------------------------------------------------------------------------
# Widths of printed text (the shipped Liberation Serif), to size rules to their text and to break a
# trích yếu into balanced lines before WeasyPrint lays it out.
# ---------------------------------------------------------------------------------------------

FONT_FILES = {(False, False): "LiberationSerif-Regular.ttf", (True, False): "LiberationSerif-Bold.ttf",
              (False, True): "LiberationSerif-Italic.ttf", (True, True): "LiberationSerif-BoldItalic.ttf"}
PT_TO_MM = 25.4 / 72


@lru_cache(maxsize=4)
def _advances(bold: bool, italic: bool) -> tuple[dict[int, int], int]:
    from fontTools.ttLib import TTFont

    from ..paths import PACKAGE_DIR
    font = TTFont(PACKAGE_DIR / "static" / "fonts" / FONT_FILES[(bold, italic)], lazy=True)
    metrics = font["hmtx"].metrics
    return {code: metrics[name][0] for code, name in font.getBestCmap().items()}, font["head"].unitsPerEm


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """The printed width of one line of text, in millimetres."""
    advances, per_em = _advances(bold, italic)
    fallback = advances.get(ord("n"), per_em // 2)
    text = text.replace(GLUE, " ")
    units = sum(advances.get(ord(ch), fallback) for ch in text)
    return units / per_em * size_pt * PT_TO_MM


def _greedy(words: list[str], width: float, size: float, bold: bool) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and text_width_mm(lines[-1] + " " + word, size, bold=bold) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


# Words of two syllables a trích yếu often carries: never split between lines.
KEEP_TOGETHER = ("Đề án 06", "đơn vị", "điển hình", "kiểu mẫu", "thực tế", "kiểm tra", "công nhận", "đạt chuẩn",
                 "kết quả", "xây dựng", "thực hiện", "thu hồi", "đề nghị", "tự đánh giá")
GLUE = "\u2060"   # joins the words of a phrase while lines are broken; spaces again in the result


def balanced_lines(text: str, size_pt: float, max_mm: float, *, bold: bool = False,
                   keep: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The text broken into as few lines as fit in max_mm, each as close in length as possible (a centred
    trích yếu reads as a block, and the rule under it can be sized to its longest line). A name in `keep`
    (a unit's name, 'Đề án 06') is never broken across lines."""
    for phrase in sorted({*keep, *KEEP_TOGETHER}, key=len, reverse=True):
        if phrase and " " in phrase:
            text = text.replace(phrase, phrase.replace(" ", GLUE))
    words = text.split()
    if not words:
        return ()
    return tuple(line.replace(GLUE, " ") for line in _balanced(words, text, size_pt, max_mm, bold))


def _balanced(words: list[str], text: str, size_pt: float, max_mm: float, bold: bool) -> list[str]:
    count = len(_greedy(words, max_mm, size_pt, bold))
    low, high = text_width_mm(text, size_pt, bold=bold) / count, max_mm
    for _ in range(20):
        middle = (low + high) / 2
        if len(_greedy(words, middle, size_pt, bold)) <= count:
            high = middle
        else:
            low = middle
    return _greedy(words, high, size_pt, bold)


RULE_SHARE = 0.4   # Decree 30: a rule under a line is 1/3 to 1/2 of its length


def rule_mm(lines, size_pt: float, *, bold: bool = True) -> float:
    """The length of the rule under these lines: 40% of the longest."""
    return round(RULE_SHARE * max((text_width_mm(line, size_pt, bold=bold) for line in lines), default=0), 1)
