"""Writing the administrative units: one province (or the whole country) from the package's data
(dataset.py), and thị xã Cửa Lò as it was before 12/2024. Both are idempotent and only flush: the
command or the demo loader that calls them commits once.

Records: a province present in both lists under the same code and name is one record valid from
UNKNOWN_START with no end; a merged-away old province ends on 30/06/2025 and links to its 2025
province. Old districts and commune-level units are valid UNKNOWN_START..30/06/2025, the 2025
units from 01/07/2025. Every old commune-level unit links to its 2025 successor(s), effective
01/07/2025 (many-to-many).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import insert, or_, select

from ...domain.text import fold
from ...extensions import db
from ...models import Unit, UnitSuccession
from ..errors import ServiceError
from .dataset import LAST_OLD_DAY, REFORM_DAY, UNKNOWN_START, Row, UnknownProvince, dataset, unit_type

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

class UnitsNotImported(ServiceError, LookupError):
    """A step needs units that have not been imported yet."""


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------

def _unit_row(row: Row, *, source: str, valid_from: date, valid_to: date | None,
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
        prow = Row(newp.code, newp.name, unit_type(newp.name, 1), 1, newp.lat, newp.lon)
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
            orow = Row(oldp.code, oldp.name, unit_type(oldp.name, 1), 1, oldp.lat, oldp.lon)
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
    session.flush()
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
    session.flush()

