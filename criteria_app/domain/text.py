"""Vietnamese text: NFC storage, search folding (case, diacritics, đ/d) and dictionary sort order."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_LETTER_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}  # ă/â/ê/ô, ơ/ư
_ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
             "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """'Cửa Lò', 'CỬA LÒ', 'cua lo' (NFC or NFD) all fold to 'cua lo'; 'Đ' folds to 'd'."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "d")
    return " ".join(stripped.casefold().split())


def matches(query: str, text: str) -> bool:
    q = fold(query)
    return q in fold(text)


@lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple:
    """Vietnamese dictionary order: letters first (a < ă < â < b ... d < đ), tones second."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", text).casefold():
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
        tone = next((_TONES[m] for m in marks if m in _TONES), 0)
        letters.append(_RANK.get(letter, 100 + ord(letter[0])))
        tones.append(tone)
    return (tuple(letters), tuple(tones))


def percent(numerator: int, denominator: int) -> str:
    """A rate as a Vietnamese percentage with one decimal, rounded half up: 11/12 → '91,7%'."""
    tenths = (2000 * numerator + denominator) // (2 * denominator)
    return f"{tenths // 10},{tenths % 10}%"


def file_name(original: str | None, ext: str, default: str) -> str:
    """A file name fit to show and to download: the stem the user gave, without control, format
    (bidi override…) or path characters, and the extension of the type detected from the content."""
    name = unicodedata.normalize("NFC", original or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = " ".join(stem.split()).strip(" .")[:120].rstrip(" .")
    return (stem or default) + ext
