"""What a spreadsheet cell may safely hold, for the CSV and XLSX exports.

Users type explanations, reasons, notes, file and user names; a spreadsheet reads a cell that
begins with =, +, -, @, tab or carriage return as a formula (OWASP "CSV injection"). Such text is
kept as text: in CSV behind a single quote, in XLSX as a string cell marked "quote prefix".
XML (the XLSX format) cannot hold most control characters, and a spreadsheet keeps 15 significant
digits: larger numbers are written as text, so what was saved is shown whole.
"""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SPREADSHEET_DIGITS = 15
# C0 controls other than tab, line feed and carriage return; DEL and C1 controls; lone surrogates
# and the two non-characters XML forbids.
_NOT_IN_XML = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
                             *range(0xD800, 0xE000), 0xFFFE, 0xFFFF])


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def clean_text(text: str) -> str:
    """The text without the characters an XML document (and so an XLSX cell) cannot hold."""
    return text.translate(_NOT_IN_XML)


def csv_text(value) -> str:
    """One CSV field: formula-looking text is prefixed with a single quote, as OWASP advises."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


def number_text(value: int | Decimal) -> str:
    """A number as text, even one past Python's 4,300-digit limit on int to str conversion."""
    try:
        return str(value)
    except ValueError:
        return "số quá lớn để hiển thị"


def fits_a_spreadsheet(value) -> bool:
    """True for a number a spreadsheet stores exactly as it was saved (at most 15 digits, finite)."""
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return -10 ** SPREADSHEET_DIGITS < value < 10 ** SPREADSHEET_DIGITS
    if isinstance(value, float):
        return math.isfinite(value) and abs(value) < 1e300
    if isinstance(value, Decimal):
        if not value.is_finite():
            return False
        digits = value.as_tuple().digits
        significant = len(digits) - next((i for i, d in enumerate(digits) if d), len(digits))
        return significant <= SPREADSHEET_DIGITS and -300 < value.adjusted() < 300
    if isinstance(value, Fraction):
        return fits_a_spreadsheet(value.numerator) and fits_a_spreadsheet(value.denominator)
    return False
