"""How numbers, dates and answers are written in Vietnamese administrative documents.

Pure functions (no Flask, no database), shared by the dataclasses in content.py, the Jinja
templates (registered as filters by pdf.py), the XLSX writer and the builders.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
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


PROVINCE_PREFIXES = ("Tỉnh ", "Thành phố ")


def province_short_name(path: str) -> str:
    """'Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An' → 'Nghệ An'; '…, Thành phố Hà Nội' → 'Hà Nội'."""
    province = path.rsplit(", ", 1)[-1].strip()
    for prefix in PROVINCE_PREFIXES:
        if province.startswith(prefix):
            return province[len(prefix):]
    return province


def issuer_lines(path: str) -> tuple[str, ...]:
    """The issuing body of a commune-level unit's document, from its snapshotted path (Decree 30:
    the superior body first, then the body itself).

    'Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An' → ('UBND THỊ XÃ CỬA LÒ', 'UBND PHƯỜNG NGHI THU');
    'Phường Cửa Lò, Tỉnh Nghệ An' (since 07/2025) → ('UBND TỈNH NGHỆ AN', 'UBND PHƯỜNG CỬA LÒ').
    """
    parts = [p.strip() for p in path.split(",") if p.strip()]
    if not parts:
        return ()
    own = "UBND " + upper_vi(parts[0])
    if len(parts) == 1:
        return (own,)
    return ("UBND " + upper_vi(parts[1]), own)
