"""The administrative units as the `vietnamadminunits` package lists them (domain.md section 4),
read once per process (no database).

Data source: the SQLite file and the conversion table bundled with the `vietnamadminunits`
package (MIT), read directly instead of through its per-address parser:

- ``data/dataset.db`` table ``admin_units``: the list in force from 01/07/2025
  (34 provinces, 3,321 commune-level units, no districts);
- ``data/dataset.db`` table ``admin_units_legacy``: the list in force just before 01/07/2025
  (63 provinces, 696 districts, 10,035 commune-level units; five island districts have no
  commune-level unit and appear as one row with an empty ward);
- ``data/converter_2025.json``: old province -> 2025 province (``DICT_PROVINCE``), and old
  commune-level unit (key ``province_district_ward``) -> 2025 commune-level unit(s), either one
  (``DICT_PROVINCE_WARD_NO_DIVIDED``) or several when the old unit was divided
  (``DICT_PROVINCE_WARD_DIVIDED``).
"""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from ...domain.text import fold, nfc
from ...models import UnitType
from ..errors import ServiceError

# The data do not say when a pre-2025 unit came into being: this sentinel stands for "unknown
# start" (it is before any date the application deals with). Never print it as a real date.
UNKNOWN_START = date(2000, 1, 1)
REFORM_DAY = date(2025, 7, 1)             # Resolution 202/2025/QH15: two-level local government
LAST_OLD_DAY = date(2025, 6, 30)


class UnknownProvince(ServiceError, ValueError):
    """The province name matches no province of either list."""

    def __init__(self, name: str):
        super().__init__(f"Không tìm thấy tỉnh/thành phố «{name}»")
        self.name = name


# ---------------------------------------------------------------------------------------------
# Types from names
# ---------------------------------------------------------------------------------------------

PREFIXES = {  # folded type word -> type, per level; longest first within a level
    1: [("thanh pho", "thanh_pho_tw"), ("tinh", "tinh")],
    2: [("thanh pho", "thanh_pho"), ("thi xa", "thi_xa"), ("quan", "quan"), ("huyen", "huyen")],
    3: [("thi tran", "thi_tran"), ("phuong", "phuong"), ("dac khu", "dac_khu"), ("xa", "xa")],
}


def unit_type(name: str, level: int, fallback: str | None = None) -> str:
    """Type key from the name's type word ('Phường Nghi Thu' -> 'phuong'), else from `fallback`.

    The name wins over the data's separate type column: the package has a few rows whose type
    column contradicts the name ('Phường 5' typed 'Xã'), and the name is what people see.
    """
    folded = fold(name)
    for text in (folded, fold(fallback or "")):
        for prefix, key in PREFIXES[level]:
            if text == prefix or text.startswith(prefix + " "):
                return key
    raise ValueError(f"Không xác định được loại đơn vị hành chính của «{name}»")


def _clean_name(name: str, level: int) -> str:
    """NFC, single spaces, and the type word spelt as usual ('Thị Xã Buôn Hồ' -> 'Thị xã Buôn Hồ')."""
    name = " ".join(nfc(name).split())
    key = unit_type(name, level)
    label = UnitType.LABELS[key]
    head = name[:len(label)]
    if head != label and head.casefold() == label.casefold():
        name = label + name[len(label):]
    return name


# ---------------------------------------------------------------------------------------------
# The package's data, read once per process
# ---------------------------------------------------------------------------------------------

@dataclass
class _Province:
    key: str
    code: str
    name: str
    short: str
    lat: float | None
    lon: float | None


@dataclass
class Row:
    code: str
    name: str
    type: str
    level: int
    lat: float | None
    lon: float | None
    parent_code: str | None = None      # district code for old commune-level units


@dataclass
class _Dataset:
    new_provinces: dict[str, _Province] = field(default_factory=dict)       # by provinceKey
    old_provinces: dict[str, _Province] = field(default_factory=dict)
    groups: dict[str, list[str]] = field(default_factory=dict)              # new key -> old keys
    new_units: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    old_districts: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    old_units: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    # old commune-level code (or island district code) -> 2025 commune-level codes
    ward_successors: dict[str, list[str]] = field(default_factory=dict)
    district_successors: dict[str, list[str]] = field(default_factory=dict)

    def new_key_of_old(self, old_key: str) -> str:
        return next(k for k, olds in self.groups.items() if old_key in olds)

    def resolve(self, name: str) -> list[str]:
        """2025 province keys a name designates: a 2025 province, or the 2025 province an old one
        merged into (its old constituents come along). Full or short name, any case or accents,
        or the province code."""
        wanted = fold(name).replace("tp. ", "thanh pho ").replace("tp ", "thanh pho ")
        if not wanted:
            return []
        found: list[str] = []
        for key, p in self.new_provinces.items():
            if wanted in (fold(p.name), fold(p.short), p.code):
                found.append(key)
        if not found:
            for key, p in self.old_provinces.items():
                if wanted in (fold(p.name), fold(p.short), p.code):
                    found.append(self.new_key_of_old(key))
        return sorted(set(found))


def package_data_dir() -> Path:
    spec = find_spec("vietnamadminunits")  # located without importing it (its parser is slow to load)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Thiếu gói vietnamadminunits (pip install vietnamadminunits)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _f(value) -> float | None:
    return None if value is None else float(value)


@lru_cache(maxsize=1)
def dataset() -> _Dataset:
    data_dir = package_data_dir()
    uri = (data_dir / "dataset.db").as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    conn.row_factory = sqlite3.Row
    try:
        new_rows = conn.execute(
            "SELECT province, provinceShort, provinceCode, provinceKey, provinceLat, provinceLon, "
            "ward, wardType, wardCode, wardKey, wardLat, wardLon FROM admin_units").fetchall()
        old_rows = conn.execute(
            "SELECT province, provinceShort, provinceCode, provinceKey, provinceLat, provinceLon, "
            "district, districtType, districtCode, districtKey, districtLat, districtLon, "
            "ward, wardType, wardCode, wardKey, wardLat, wardLon FROM admin_units_legacy").fetchall()
    finally:
        conn.close()
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))

    ds = _Dataset()
    new_code: dict[tuple[str, str], str] = {}      # (provinceKey, wardKey) -> 2025 code
    for r in new_rows:
        ds.new_provinces.setdefault(r["provinceKey"], _Province(
            r["provinceKey"], r["provinceCode"], _clean_name(r["province"], 1), nfc(r["provinceShort"]),
            _f(r["provinceLat"]), _f(r["provinceLon"])))
        name = _clean_name(r["ward"], 3)
        ds.new_units[r["provinceKey"]].append(Row(
            r["wardCode"], name, unit_type(name, 3, r["wardType"]), 3, _f(r["wardLat"]), _f(r["wardLon"])))
        new_code[(r["provinceKey"], r["wardKey"])] = r["wardCode"]

    old_key_code: dict[str, tuple[str, str]] = {}   # 'p_d_w' -> ("ward"|"district", code)
    seen_districts: set[str] = set()
    for r in old_rows:
        pkey = r["provinceKey"]
        ds.old_provinces.setdefault(pkey, _Province(
            pkey, r["provinceCode"], _clean_name(r["province"], 1), nfc(r["provinceShort"]),
            _f(r["provinceLat"]), _f(r["provinceLon"])))
        if r["districtCode"] not in seen_districts:
            seen_districts.add(r["districtCode"])
            name = _clean_name(r["district"], 2)
            ds.old_districts[pkey].append(Row(
                r["districtCode"], name, unit_type(name, 2, r["districtType"]), 2,
                _f(r["districtLat"]), _f(r["districtLon"])))
        key = f"{pkey}_{r['districtKey']}_{r['wardKey'] or ''}"
        if r["wardCode"] is None:   # island district without commune-level units
            old_key_code[key] = ("district", r["districtCode"])
            continue
        name = _clean_name(r["ward"], 3)
        ds.old_units[pkey].append(Row(
            r["wardCode"], name, unit_type(name, 3, r["wardType"]), 3, _f(r["wardLat"]), _f(r["wardLon"]),
            parent_code=r["districtCode"]))
        old_key_code[key] = ("ward", r["wardCode"])

    ds.groups = {k: list(v) for k, v in converter["DICT_PROVINCE"].items()}
    links: dict[str, list[str]] = defaultdict(list)
    for new_pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, old_keys in wards.items():
            for old_key in old_keys:
                links[old_key].append(new_code[(new_pkey, new_wkey)])
    for new_pkey, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            for target in targets:
                links[old_key].append(new_code[(new_pkey, target["newWardKey"])])
    for old_key, codes in links.items():
        kind, code = old_key_code[old_key]
        target = ds.ward_successors if kind == "ward" else ds.district_successors
        target[code] = sorted(set(codes))
    return ds

