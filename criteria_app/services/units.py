"""Administrative units (domain.md section 4): import from `vietnamadminunits`, search, succession.

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

Records: a province present in both lists under the same code and name is one record valid from
UNKNOWN_START with no end; a merged-away old province ends on 30/06/2025 and links to its 2025
province. Old districts and commune-level units are valid UNKNOWN_START..30/06/2025, the 2025
units from 01/07/2025. Every old commune-level unit links to its 2025 successor(s), effective
01/07/2025 (many-to-many).
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

from sqlalchemy import insert, or_, select

from ..domain.text import fold, nfc, sort_key
from ..extensions import db
from ..models import Unit, UnitSuccession, UnitType
from .errors import ServiceError

# The data do not say when a pre-2025 unit came into being: this sentinel stands for "unknown
# start" (it is before any date the application deals with). Never print it as a real date.
UNKNOWN_START = date(2000, 1, 1)
REFORM_DAY = date(2025, 7, 1)             # Resolution 202/2025/QH15: two-level local government
LAST_OLD_DAY = date(2025, 6, 30)
CUA_LO_MERGED = date(2024, 12, 1)         # thị xã Cửa Lò merged into thành phố Vinh
CUA_LO_LAST_DAY = date(2024, 11, 30)

SOURCE_2025 = "vietnamadminunits:2025"
SOURCE_2024 = "vietnamadminunits:2024"
SOURCE_BOTH = "vietnamadminunits:2024+2025"   # a province unchanged by the 2025 reorganisation
SOURCE_CUA_LO = "historic:cua-lo-2024"        # added by hand: thị xã Cửa Lò before 12/2024
SOURCE_SYNTHETIC = "synthetic"                # made-up units of a benchmark campaign (services/synthetic.py)

NGHE_AN_CODE = "40"
VINH_CODE = "412"
# GSO code of thị xã Cửa Lò. The package no longer lists Cửa Lò (it was merged into Vinh, 412,
# in 12/2024); its Nghệ An districts go 412, 414, 415...: 413 is the gap Cửa Lò left, and it is
# Cửa Lò's code in the GSO list. 412 cannot be reused: it is Vinh's, with the same valid_from.
CUA_LO_CODE = "413"
CUA_LO_NAME = "Thị xã Cửa Lò"
CUA_LO_WARDS = ("Phường Nghi Thu", "Phường Nghi Hương", "Phường Nghi Hòa", "Phường Nghi Hải",
                "Phường Nghi Tân", "Phường Thu Thủy", "Phường Nghi Thủy")


class UnknownProvince(ServiceError, ValueError):
    """The province name matches no province of either list."""

    def __init__(self, name: str):
        super().__init__(f"Không tìm thấy tỉnh/thành phố «{name}»")
        self.name = name


class UnitsNotImported(ServiceError, LookupError):
    """A step needs units that have not been imported yet."""


# ---------------------------------------------------------------------------------------------
# Types from names
# ---------------------------------------------------------------------------------------------

_PREFIXES = {  # folded type word -> type, per level; longest first within a level
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
        for prefix, key in _PREFIXES[level]:
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
class _Row:
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
    new_units: dict[str, list[_Row]] = field(default_factory=lambda: defaultdict(list))
    old_districts: dict[str, list[_Row]] = field(default_factory=lambda: defaultdict(list))
    old_units: dict[str, list[_Row]] = field(default_factory=lambda: defaultdict(list))
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
        ds.new_units[r["provinceKey"]].append(_Row(
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
            ds.old_districts[pkey].append(_Row(
                r["districtCode"], name, unit_type(name, 2, r["districtType"]), 2,
                _f(r["districtLat"]), _f(r["districtLon"])))
        key = f"{pkey}_{r['districtKey']}_{r['wardKey'] or ''}"
        if r["wardCode"] is None:   # island district without commune-level units
            old_key_code[key] = ("district", r["districtCode"])
            continue
        name = _clean_name(r["ward"], 3)
        ds.old_units[pkey].append(_Row(
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


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------

def _unit_row(row: _Row, *, source: str, valid_from: date, valid_to: date | None,
              parent_id: int | None, province_id: int | None) -> dict:
    return {"code": row.code, "name": row.name, "name_folded": fold(row.name), "type": row.type,
            "level": row.level, "parent_id": parent_id, "province_id": province_id,
            "valid_from": valid_from, "valid_to": valid_to, "latitude": row.lat,
            "longitude": row.lon, "source": source}


def _ids_by_code(source: str, level: int, province_ids: list[int]) -> dict[str, int]:
    rows = db.session.execute(select(Unit.code, Unit.id).where(
        Unit.source == source, Unit.level == level, Unit.province_id.in_(province_ids)))
    return {code: uid for code, uid in rows}


def import_units(province: str | None = None) -> dict:
    """Load one province (with the old provinces merged into it) or, with None, the whole country.

    Idempotent: rows already there (same source and code; provinces by code and name) are kept as
    they are, so a later hand-made change (add_historic_cua_lo) survives a re-import. Returns the
    numbers of records in the imported scope, and `created`: how many rows this run added.
    """
    ds = dataset()
    if province is None:
        new_keys = sorted(ds.new_provinces)
    else:
        new_keys = ds.resolve(province)
        if not new_keys:
            raise UnknownProvince(province)
    session = db.session
    created = 0
    try:
        # 1. Provinces ------------------------------------------------------------------------
        plans = []   # (key tuple, row dict)
        province_links: list[tuple[tuple[str, str], tuple[str, str]]] = []  # (old, new) by (code, name)
        old_key_to_record: dict[str, tuple[str, str]] = {}
        new_key_to_record: dict[str, tuple[str, str]] = {}
        for nk in new_keys:
            newp = ds.new_provinces[nk]
            new_ident = (newp.code, newp.name)
            continuing = any((ds.old_provinces[ok].code, ds.old_provinces[ok].name) == new_ident
                             for ok in ds.groups[nk])
            prow = _Row(newp.code, newp.name, unit_type(newp.name, 1), 1, newp.lat, newp.lon)
            plans.append(_unit_row(prow, source=SOURCE_BOTH if continuing else SOURCE_2025,
                                   valid_from=UNKNOWN_START if continuing else REFORM_DAY,
                                   valid_to=None, parent_id=None, province_id=None))
            new_key_to_record[nk] = new_ident
            for ok in ds.groups[nk]:
                oldp = ds.old_provinces[ok]
                old_ident = (oldp.code, oldp.name)
                old_key_to_record[ok] = old_ident
                if old_ident == new_ident:
                    continue
                orow = _Row(oldp.code, oldp.name, unit_type(oldp.name, 1), 1, oldp.lat, oldp.lon)
                plans.append(_unit_row(orow, source=SOURCE_2024, valid_from=UNKNOWN_START,
                                       valid_to=LAST_OLD_DAY, parent_id=None, province_id=None))
                province_links.append((old_ident, new_ident))

        def province_ids() -> dict[tuple[str, str], int]:
            idents = {(r["code"], r["name"]) for r in plans}
            # Any source: a province record made by hand under the same code and name is adopted.
            rows = session.execute(select(Unit.code, Unit.name, Unit.id).where(
                Unit.level == 1, Unit.code.in_({c for c, _ in idents})))
            return {(c, n): i for c, n, i in rows if (c, n) in idents}

        existing = province_ids()
        missing = [r for r in plans if (r["code"], r["name"]) not in existing]
        if missing:
            session.execute(insert(Unit), missing)
            created += len(missing)
            existing = province_ids()
        prov_id = existing
        group_ids = sorted(set(prov_id.values()))

        # 2. Old districts --------------------------------------------------------------------
        district_rows = []
        for nk in new_keys:
            for ok in ds.groups[nk]:
                pid = prov_id[old_key_to_record[ok]]
                for d in ds.old_districts[ok]:
                    district_rows.append(_unit_row(d, source=SOURCE_2024, valid_from=UNKNOWN_START,
                                                   valid_to=LAST_OLD_DAY, parent_id=pid, province_id=pid))
        have = _ids_by_code(SOURCE_2024, 2, group_ids)
        missing = [r for r in district_rows if r["code"] not in have]
        if missing:
            session.execute(insert(Unit), missing)
            created += len(missing)
            have = _ids_by_code(SOURCE_2024, 2, group_ids)
        district_id = have

        # 3. Commune-level units, both lists --------------------------------------------------
        old_rows, new_rows = [], []
        for nk in new_keys:
            pid = prov_id[new_key_to_record[nk]]
            for u in ds.new_units[nk]:
                new_rows.append(_unit_row(u, source=SOURCE_2025, valid_from=REFORM_DAY, valid_to=None,
                                          parent_id=pid, province_id=pid))
            for ok in ds.groups[nk]:
                opid = prov_id[old_key_to_record[ok]]
                for u in ds.old_units[ok]:
                    old_rows.append(_unit_row(u, source=SOURCE_2024, valid_from=UNKNOWN_START,
                                              valid_to=LAST_OLD_DAY, parent_id=district_id[u.parent_code],
                                              province_id=opid))
        have_new = _ids_by_code(SOURCE_2025, 3, group_ids)
        have_old = _ids_by_code(SOURCE_2024, 3, group_ids)
        missing = ([r for r in new_rows if r["code"] not in have_new]
                   + [r for r in old_rows if r["code"] not in have_old])
        if missing:
            session.execute(insert(Unit), missing)
            created += len(missing)
            have_new = _ids_by_code(SOURCE_2025, 3, group_ids)
            have_old = _ids_by_code(SOURCE_2024, 3, group_ids)

        # 4. Successions ----------------------------------------------------------------------
        pairs: set[tuple[int, int]] = set()
        for old_ident, new_ident in province_links:
            pairs.add((prov_id[old_ident], prov_id[new_ident]))
        for r in old_rows:
            for code in ds.ward_successors.get(r["code"], []):
                pairs.add((have_old[r["code"]], have_new[code]))
        for r in district_rows:   # island districts that became đặc khu
            for code in ds.district_successors.get(r["code"], []):
                pairs.add((district_id[r["code"]], have_new[code]))
        existing_pairs = set(session.execute(
            select(UnitSuccession.predecessor_id, UnitSuccession.successor_id)
            .join(Unit, Unit.id == UnitSuccession.predecessor_id)
            .where(or_(Unit.province_id.in_(group_ids), Unit.id.in_(group_ids)))).tuples())
        missing_pairs = sorted(pairs - existing_pairs)
        if missing_pairs:
            session.execute(insert(UnitSuccession), [
                {"predecessor_id": p, "successor_id": s, "effective": REFORM_DAY} for p, s in missing_pairs])
            created += len(missing_pairs)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return {"provinces": len(plans), "units_2025": len(new_rows), "districts_2024": len(district_rows),
            "units_2024": len(old_rows), "successions": len(pairs), "created": created}


# ---------------------------------------------------------------------------------------------
# Thị xã Cửa Lò before 12/2024 (not in the package: it lists Cửa Lò's wards under Vinh)
# ---------------------------------------------------------------------------------------------

def _link(predecessor: Unit, successor: Unit, effective: date) -> None:
    if db.session.get(UnitSuccession, (predecessor.id, successor.id)) is None:
        db.session.add(UnitSuccession(predecessor_id=predecessor.id, successor_id=successor.id,
                                      effective=effective))


def add_historic_cua_lo() -> None:
    """Add thị xã Cửa Lò and its seven wards as they were until 30/11/2024, linked to their
    Vinh-era versions (from 01/12/2024), which lead on to phường Cửa Lò (2025). Idempotent."""
    session = db.session
    province = session.execute(select(Unit).where(
        Unit.level == 1, Unit.code == NGHE_AN_CODE, Unit.valid_to.is_(None))).scalar_one_or_none()
    vinh = None
    if province is not None:
        vinh = session.execute(select(Unit).where(
            Unit.level == 2, Unit.code == VINH_CODE, Unit.source == SOURCE_2024,
            Unit.province_id == province.id)).scalar_one_or_none()
    if vinh is None:
        raise UnitsNotImported("Chưa nạp danh mục đơn vị hành chính tỉnh Nghệ An: chạy "
                               "import_units(\"Nghệ An\") (flask units import --province \"Nghệ An\") trước.")
    try:
        vinh_wards = {u.name: u for u in session.execute(select(Unit).where(
            Unit.parent_id == vinh.id, Unit.source == SOURCE_2024)).scalars()}
        absent = [name for name in CUA_LO_WARDS if name not in vinh_wards]
        if absent:
            raise UnitsNotImported("Danh mục trước 01/07/2025 không có dưới Thành phố Vinh: " + ", ".join(absent))
        wards = [vinh_wards[name] for name in CUA_LO_WARDS]

        # The package's records of these wards are their Vinh-era versions: they start on 01/12/2024.
        for ward in wards:
            if ward.valid_from < CUA_LO_MERGED:
                ward.valid_from = CUA_LO_MERGED
        session.flush()   # before the Cửa Lò-era records take the same (code, UNKNOWN_START)

        district = session.execute(select(Unit).where(
            Unit.code == CUA_LO_CODE, Unit.source == SOURCE_CUA_LO, Unit.level == 2)).scalar_one_or_none()
        if district is None:
            lats = [w.latitude for w in wards if w.latitude is not None]
            lons = [w.longitude for w in wards if w.longitude is not None]
            district = Unit(code=CUA_LO_CODE, name=CUA_LO_NAME, name_folded=fold(CUA_LO_NAME), type="thi_xa",
                            level=2, parent_id=province.id, province_id=province.id,
                            valid_from=UNKNOWN_START, valid_to=CUA_LO_LAST_DAY, source=SOURCE_CUA_LO,
                            latitude=sum(lats) / len(lats) if lats else None,
                            longitude=sum(lons) / len(lons) if lons else None)
            session.add(district)
            session.flush()
        old_by_code = {u.code: u for u in session.execute(select(Unit).where(
            Unit.source == SOURCE_CUA_LO, Unit.level == 3)).scalars()}
        for ward in wards:
            old = old_by_code.get(ward.code)
            if old is None:
                old = Unit(code=ward.code, name=ward.name, name_folded=ward.name_folded, type=ward.type,
                           level=3, parent_id=district.id, province_id=province.id,
                           valid_from=UNKNOWN_START, valid_to=CUA_LO_LAST_DAY, source=SOURCE_CUA_LO,
                           latitude=ward.latitude, longitude=ward.longitude)
                session.add(old)
                session.flush()
            _link(old, ward, CUA_LO_MERGED)
        _link(district, vinh, CUA_LO_MERGED)
        session.commit()
    except Exception:
        session.rollback()
        raise


# ---------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------

def _valid_on(day: date):
    return (Unit.valid_from <= day) & or_(Unit.valid_to.is_(None), Unit.valid_to >= day)


def _like_pattern(folded: str) -> str:
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# Unit names are few and reused by every search: their sort keys are worth keeping.
_name_key = lru_cache(maxsize=65536)(sort_key)


def _in_vietnamese_order(units) -> list[Unit]:
    return sorted(units, key=lambda u: (_name_key(u.name), u.level, u.valid_from, u.id))


def search_units(query: str, *, province_id: int | None = None, level: int | None = None,
                 on_date: date | None = None, limit: int = 50) -> list[Unit]:
    """Units whose name contains the query, ignoring case, accents and đ/d, in Vietnamese order."""
    folded = fold(query)
    if not folded or limit <= 0:
        return []
    stmt = select(Unit.id, Unit.name, Unit.level, Unit.valid_from).where(
        Unit.name_folded.like(_like_pattern(folded), escape="\\"))
    if province_id is not None:
        stmt = stmt.where(or_(Unit.province_id == province_id, Unit.id == province_id))
    if level is not None:
        stmt = stmt.where(Unit.level == level)
    if on_date is not None:
        stmt = stmt.where(_valid_on(on_date))
    # Light rows first, sorted here (SQL cannot sort Vietnamese), then whole units for the page.
    rows = sorted(db.session.execute(stmt).all(),
                  key=lambda r: (_name_key(r.name), r.level, r.valid_from, r.id))[:limit]
    ids = [r.id for r in rows]
    if not ids:
        return []
    units = {u.id: u for u in db.session.execute(select(Unit).where(Unit.id.in_(ids))).scalars()}
    return [units[i] for i in ids]


def units_imported() -> bool:
    """Whether any administrative unit is there to search (the made-up units of a synthetic
    benchmark campaign do not count): an empty result then means "no match", not "nothing imported"."""
    return db.session.execute(select(Unit.id).where(Unit.source != SOURCE_SYNTHETIC).limit(1)).first() is not None


def find_province(name: str, on_date: date | None = None) -> Unit:
    """The province record a name designates (full or short name, any case or accents, or code).

    Several records can carry a name (the old and the 2025 Tỉnh Lào Cai): the one valid on
    `on_date`, else the current one, else the latest."""
    wanted = fold(name)
    candidates = []
    for unit in db.session.execute(select(Unit).where(Unit.level == 1)).scalars():
        short = fold(unit.name)
        for prefix, _ in _PREFIXES[1]:
            if short.startswith(prefix + " "):
                short = short[len(prefix) + 1:]
                break
        if wanted in (fold(unit.name), short, unit.code):
            candidates.append(unit)
    if not candidates:
        raise UnknownProvince(name)
    if on_date is not None:
        valid = [u for u in candidates if u.valid_on(on_date)]
        if valid:
            return valid[0]
    current = [u for u in candidates if u.valid_to is None]
    return (current or sorted(candidates, key=lambda u: u.valid_to))[-1]


def successors(unit: Unit) -> list[Unit]:
    """The units `unit` was merged or divided into (one step)."""
    rows = db.session.execute(select(Unit).join(UnitSuccession, UnitSuccession.successor_id == Unit.id)
                              .where(UnitSuccession.predecessor_id == unit.id)).scalars()
    return _in_vietnamese_order(rows)


def predecessors(unit: Unit) -> list[Unit]:
    """The units merged or divided into `unit` (one step)."""
    rows = db.session.execute(select(Unit).join(UnitSuccession, UnitSuccession.predecessor_id == Unit.id)
                              .where(UnitSuccession.successor_id == unit.id)).scalars()
    return _in_vietnamese_order(rows)


def current_successors(unit: Unit, on_date: date) -> list[Unit]:
    """The units that carry `unit` on `on_date`: itself if still valid then, else its successors,
    followed link by link until units valid that day. Empty if the chain does not reach that day."""
    if unit.valid_on(on_date):
        return [unit]
    found: dict[int, Unit] = {}
    seen = {unit.id}
    frontier = [unit]
    while frontier:
        following = []
        for current in frontier:
            for nxt in successors(current):
                if nxt.id in seen:
                    continue
                seen.add(nxt.id)
                if nxt.valid_on(on_date):
                    found[nxt.id] = nxt
                elif nxt.valid_to is not None and nxt.valid_to < on_date:
                    following.append(nxt)
        frontier = following
    return _in_vietnamese_order(found.values())


def validity_text(unit: Unit) -> str:
    """'01/07/2025 – nay', '… – 30/06/2025' (the start of a pre-2025 unit is not known)."""
    start = "…" if unit.valid_from == UNKNOWN_START else f"{unit.valid_from:%d/%m/%Y}"
    end = "nay" if unit.valid_to is None else f"{unit.valid_to:%d/%m/%Y}"
    return f"{start} – {end}"
