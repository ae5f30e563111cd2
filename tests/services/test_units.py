"""Administrative units: import from vietnamadminunits, thị xã Cửa Lò before 12/2024, succession,
search and the `flask units` commands. Tests taking `app_ctx`/`runner` run on SQLite and PostgreSQL."""
from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from criteria_app.domain.text import fold, sort_key
from criteria_app.extensions import db
from criteria_app.models import Unit, UnitSuccession, UnitType
from criteria_app.services.units.dataset import UNKNOWN_START, UnknownProvince, dataset
from criteria_app.services.units.importer import (
    CUA_LO_CODE,
    CUA_LO_WARDS,
    UnitsNotImported,
    add_historic_cua_lo,
    import_units,
)
from criteria_app.services.units.queries import current_successors, predecessors, search_units, successors

BEFORE = date(2025, 6, 30)
AFTER = date(2025, 7, 1)
PILOT_DAY = date(2023, 7, 24)
NGHE_AN_SUMMARY = {"provinces": 1, "units_2025": 130, "districts_2024": 20, "units_2024": 412,
                   "successions": 412}


def _province(name: str = "Tỉnh Nghệ An") -> Unit:
    return db.session.execute(select(Unit).where(Unit.level == 1, Unit.name == name)).scalar_one()


def _count(level: int, day: date, province: Unit | None = None) -> int:
    stmt = select(func.count(Unit.id)).where(
        Unit.level == level, Unit.valid_from <= day, (Unit.valid_to.is_(None)) | (Unit.valid_to >= day))
    if province is not None:
        stmt = stmt.where(Unit.province_id == province.id)
    return db.session.execute(stmt).scalar_one()


def _totals() -> tuple[int, int]:
    return (db.session.execute(select(func.count(Unit.id))).scalar_one(),
            db.session.execute(select(func.count()).select_from(UnitSuccession)).scalar_one())


def _unit(name: str, day: date, level: int = 3) -> Unit:
    found = [u for u in db.session.execute(select(Unit).where(Unit.name == name, Unit.level == level)).scalars()
             if u.valid_on(day)]
    assert len(found) == 1, (name, day, found)
    return found[0]


# --- the package's data, read without the database (runs once) -------------------------------

def test_package_data_country_wide_numbers():
    ds = dataset()
    assert len(ds.new_provinces) == 34
    assert len(ds.old_provinces) == 63
    assert sum(len(v) for v in ds.new_units.values()) == 3321
    assert sum(len(v) for v in ds.old_units.values()) == 10035   # + 5 island districts = 10,040 rows
    assert sum(len(v) for v in ds.old_districts.values()) == 696
    assert len(ds.new_units["tinhnghean"]) == 130 and len(ds.old_units["tinhnghean"]) == 412
    new_types = Counter(u.type for units in ds.new_units.values() for u in units)
    assert new_types == {"xa": 2621, "phuong": 687, "dac_khu": 13}
    # Every old commune-level unit has a successor, some several (divided); all successors exist.
    new_codes = {u.code for units in ds.new_units.values() for u in units}
    old_codes = {u.code for units in ds.old_units.values() for u in units}
    assert set(ds.ward_successors) == old_codes
    assert all(codes and set(codes) <= new_codes for codes in ds.ward_successors.values())
    assert sum(len(c) > 1 for c in ds.ward_successors.values()) > 400
    assert len(ds.district_successors) == 5   # island districts that became đặc khu
    for units in [*ds.new_units.values(), *ds.old_units.values(), *ds.old_districts.values()]:
        for u in units:
            assert UnitType.LEVEL[u.type] == u.level
            assert u.name.startswith(UnitType.LABELS[u.type] + " ")
    assert ds.resolve("nghe an") == ds.resolve("Tỉnh NGHỆ AN") == ds.resolve("40") == ["tinhnghean"]
    assert ds.resolve("Hà Giang") == ["tinhtuyenquang"]   # an old province: its 2025 province
    assert ds.resolve("Atlantis") == []


# --- import --------------------------------------------------------------------------------------

def test_import_nghe_an_counts_records_and_is_idempotent(app_ctx):
    summary = import_units("Nghệ An")
    assert summary == {**NGHE_AN_SUMMARY, "created": 1 + 130 + 20 + 412 + 412}
    province = _province()
    assert (province.code, province.type, province.level) == ("40", "tinh", 1)
    assert province.valid_from == UNKNOWN_START and province.valid_to is None   # in both lists: one record
    assert province.province_id is None and province.parent_id is None
    assert _count(3, AFTER, province) == 130
    assert _count(3, BEFORE, province) == 412
    assert _count(2, BEFORE, province) == 20 and _count(2, AFTER, province) == 0

    cua_lo = _unit("Phường Cửa Lò", AFTER)
    assert (cua_lo.code, cua_lo.type, cua_lo.source) == ("16732", "phuong", "vietnamadminunits:2025")
    assert cua_lo.parent_id == province.id and cua_lo.province_id == province.id
    assert (cua_lo.valid_from, cua_lo.valid_to) == (AFTER, None)
    assert cua_lo.latitude == pytest.approx(18.788) and cua_lo.longitude == pytest.approx(105.726)
    nghi_thu = _unit("Phường Nghi Thu", BEFORE)
    assert nghi_thu.code == "16735" and nghi_thu.source == "vietnamadminunits:2024"
    assert (nghi_thu.valid_from, nghi_thu.valid_to) == (UNKNOWN_START, BEFORE)
    assert nghi_thu.path_name() == "Phường Nghi Thu, Thành phố Vinh, Tỉnh Nghệ An"
    assert nghi_thu.parent.type == "thanh_pho" and nghi_thu.parent.code == "412"
    assert nghi_thu.province_id == province.id

    units = db.session.execute(select(Unit)).scalars().all()
    for unit in units:
        assert unit.type in UnitType.LABELS and UnitType.LEVEL[unit.type] == unit.level
        assert unit.name == unicodedata.normalize("NFC", unit.name) and unit.name_folded == fold(unit.name)
        assert (unit.province_id is None) == (unit.level == 1)
    assert {u.type for u in units} >= {"tinh", "thanh_pho", "thi_xa", "huyen", "phuong", "xa", "thi_tran"}

    totals = _totals()
    assert totals == (1 + 130 + 20 + 412, 412)
    assert import_units("nghe an") == {**NGHE_AN_SUMMARY, "created": 0}
    assert _totals() == totals
    assert _count(3, AFTER, province) == 130 and _count(3, BEFORE, province) == 412


def test_every_old_nghe_an_unit_has_a_2025_successor(app_ctx):
    import_units("Nghệ An")
    province = _province()
    old_units = db.session.execute(select(Unit).where(
        Unit.province_id == province.id, Unit.level == 3, Unit.valid_to == BEFORE)).scalars().all()
    assert len(old_units) == 412
    reached = set()
    for unit in old_units:
        current = current_successors(unit, AFTER)
        assert current, unit.name
        assert all(u.valid_on(AFTER) and u.level == 3 and u.province_id == province.id for u in current)
        reached.update(u.id for u in current)
    assert len(reached) == 130    # and every 2025 unit comes from some old one
    cua_lo = _unit("Phường Cửa Lò", AFTER)
    assert [u.name for u in predecessors(cua_lo)] == sorted(CUA_LO_WARDS, key=sort_key)
    assert successors(_unit("Phường Nghi Thu", BEFORE)) == [cua_lo]
    assert current_successors(cua_lo, AFTER) == [cua_lo]
    assert current_successors(cua_lo, date(2020, 1, 1)) == []


def test_import_whole_country_once(app_ctx):
    import_units("Nghệ An")      # a province first, then the rest: no duplicates
    summary = import_units(None)
    ds = dataset()
    # 27 provinces unchanged (one record each), 36 merged away, 7 new 2025 records.
    assert summary == {"provinces": 27 + 36 + 7, "units_2025": 3321, "districts_2024": 696,
                       "units_2024": 10035,
                       "successions": 36 + sum(map(len, ds.ward_successors.values())) + 5,
                       "created": summary["created"]}
    assert _count(1, AFTER) == 34 and _count(1, BEFORE) == 63
    assert _count(3, AFTER) == 3321 and _count(3, BEFORE) == 10035
    assert _count(2, BEFORE) == 696 and _count(2, AFTER) == 0
    totals = _totals()
    assert totals[0] == 70 + 3321 + 696 + 10035
    assert summary["created"] == totals[0] + totals[1] - (1 + 130 + 20 + 412 + 412)
    # Every old commune-level unit links to at least one unit valid on 01/07/2025.
    old = select(Unit.id).where(Unit.level == 3, Unit.valid_to == BEFORE)
    linked = (select(UnitSuccession.predecessor_id).join(Unit, Unit.id == UnitSuccession.successor_id)
              .where(Unit.valid_from <= AFTER, Unit.valid_to.is_(None)))
    assert db.session.execute(select(func.count()).select_from(
        old.where(Unit.id.not_in(linked)).subquery())).scalar_one() == 0

    # Provinces: merged-away ones end on 30/06/2025 and lead to their 2025 province.
    ha_giang = _province("Tỉnh Hà Giang")
    assert ha_giang.valid_to == BEFORE
    assert [u.name for u in successors(ha_giang)] == ["Tỉnh Tuyên Quang"]
    assert _province("Tỉnh Tuyên Quang").valid_to is None
    lao_cai = db.session.execute(select(Unit).where(Unit.level == 1, Unit.name == "Tỉnh Lào Cai")
                                 .order_by(Unit.valid_from)).scalars().all()
    assert [(u.code, u.valid_to) for u in lao_cai] == [("10", BEFORE), ("15", None)]
    assert successors(lao_cai[0]) == [lao_cai[1]]
    assert {u.name for u in predecessors(lao_cai[1])} == {"Tỉnh Lào Cai", "Tỉnh Yên Bái"}
    assert _province("Thành phố Hà Nội").type == "thanh_pho_tw"
    # Divided: phường Đại Nài (Hà Tĩnh) went to two 2025 wards.
    dai_nai = _unit("Phường Đại Nài", BEFORE)
    assert [u.name for u in successors(dai_nai)] == ["Phường Hà Huy Tập", "Phường Thành Sen"]
    # Island district without communes -> đặc khu.
    con_co = _unit("Huyện Cồn Cỏ", BEFORE, level=2)
    assert [(u.name, u.type) for u in current_successors(con_co, AFTER)] == [("Đặc khu Cồn Cỏ", "dac_khu")]
    # Idempotent.
    again = import_units(None)
    assert again == {**summary, "created": 0}
    assert _totals() == totals


def test_unknown_province_is_refused(app_ctx):
    with pytest.raises(ValueError, match="^Không tìm thấy tỉnh/thành phố «Atlantis»$") as raised:
        import_units("Atlantis")
    assert isinstance(raised.value, UnknownProvince) and raised.value.message == str(raised.value)
    assert _totals() == (0, 0)


# --- thị xã Cửa Lò before 12/2024 ----------------------------------------------------------------

def test_historic_cua_lo(app_ctx):
    with pytest.raises(UnitsNotImported):
        add_historic_cua_lo()
    import_units("Nghệ An")
    add_historic_cua_lo()
    totals = _totals()
    add_historic_cua_lo()
    assert _totals() == totals == (1 + 130 + 20 + 412 + 8, 412 + 8)

    province = _province()
    nghi_thu = _unit("Phường Nghi Thu", PILOT_DAY)
    assert nghi_thu.path_name() == "Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An"
    assert nghi_thu.code == "16735" and nghi_thu.valid_to == date(2024, 11, 30)
    assert [u.name for u in current_successors(nghi_thu, AFTER)] == ["Phường Cửa Lò"]
    assert current_successors(nghi_thu, AFTER)[0].code == "16732"
    vinh_era = current_successors(nghi_thu, date(2025, 1, 1))
    assert [(u.name, u.valid_from, u.valid_to, u.parent.name) for u in vinh_era] == [
        ("Phường Nghi Thu", date(2024, 12, 1), BEFORE, "Thành phố Vinh")]
    assert successors(nghi_thu) == vinh_era

    district = _unit("Thị xã Cửa Lò", PILOT_DAY, level=2)
    assert (district.type, district.code, district.parent_id, district.province_id) == (
        "thi_xa", CUA_LO_CODE, province.id, province.id)
    assert (district.valid_from, district.valid_to) == (UNKNOWN_START, date(2024, 11, 30))
    assert [u.name for u in successors(district)] == ["Thành phố Vinh"]
    cua_lo_era = db.session.execute(select(Unit).where(Unit.parent_id == district.id)).scalars().all()
    assert sorted(u.name for u in cua_lo_era) == sorted(CUA_LO_WARDS)
    for ward in cua_lo_era:
        later = _unit(ward.name, BEFORE)
        assert later.code == ward.code and later.valid_from == date(2024, 12, 1)
        assert later.parent.name == "Thành phố Vinh"
        assert [u.name for u in current_successors(ward, AFTER)] == ["Phường Cửa Lò"]
    assert _count(3, PILOT_DAY, province) == 412 and _count(3, BEFORE, province) == 412
    assert _count(2, PILOT_DAY, province) == 21 and _count(2, BEFORE, province) == 20
    # A re-import keeps the hand-made history.
    assert import_units("Nghệ An")["created"] == 0
    assert _unit("Phường Nghi Thu", BEFORE).valid_from == date(2024, 12, 1)


# --- search --------------------------------------------------------------------------------------

def test_search_ignores_case_diacritics_and_normal_form(app_ctx):
    import_units("Nghệ An")
    add_historic_cua_lo()
    forms = ["cua lo", "CỬA LÒ", "Cửa Lò", unicodedata.normalize("NFD", "Cửa Lò"), "  cửa   lò "]
    results = [search_units(q) for q in forms]
    assert all([u.id for u in r] == [u.id for u in results[0]] for r in results)
    assert [(u.name, u.code) for u in results[0]] == [("Phường Cửa Lò", "16732"), ("Thị xã Cửa Lò", "413")]
    assert [u.name for u in search_units("cua lo", on_date=AFTER)] == ["Phường Cửa Lò"]
    assert [u.name for u in search_units("cua lo", on_date=PILOT_DAY)] == ["Thị xã Cửa Lò"]

    found = search_units("nghi thu", level=3, on_date=PILOT_DAY)
    assert "Phường Nghi Thu" in [u.name for u in found]
    assert [u.path_name() for u in found if u.name == "Phường Nghi Thu"] == [
        "Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An"]
    assert len([u for u in search_units("nghi thu") if u.name == "Phường Nghi Thu"]) == 2  # both eras

    # "d" finds "Đ", and "đ" finds it too.
    do_luong = search_units("do luong")
    assert [u.name for u in do_luong] == ["Huyện Đô Lương", "Thị trấn Đô Lương", "Xã Đô Lương"]
    assert [u.id for u in search_units("ĐÔ LƯƠNG")] == [u.id for u in do_luong]
    assert search_units("đô lương", level=3, on_date=AFTER)[0].name == "Xã Đô Lương"
    assert search_units("dong", level=3, on_date=AFTER) == search_units("Đông", level=3, on_date=AFTER)


def test_search_order_filters_and_limits(app_ctx):
    import_units("Nghệ An")
    province = _province()
    hung = [u.name for u in search_units("hung", level=3, on_date=BEFORE)]
    assert hung == sorted(hung, key=sort_key) != sorted(hung)
    # Vietnamese order: Đ comes after D and before E, whatever the code points say.
    assert hung.index("Phường Hưng Đông") < hung.index("Phường Hưng Lộc") < hung.index("Phường Hưng Phúc")
    son = [u.name for u in search_units("son", level=3, on_date=BEFORE)]
    assert son.index("Xã Bắc Sơn") < son.index("Xã Bình Sơn")
    nghi = [u.name for u in search_units("phuong nghi", on_date=BEFORE)]
    assert nghi[:3] == ["Phường Nghi Đức", "Phường Nghi Hải", "Phường Nghi Hòa"]

    everything = search_units("xa", limit=1000)
    assert len(everything) == len({u.id for u in everything}) > 300
    assert [u.id for u in search_units("xa", limit=7)] == [u.id for u in everything[:7]]
    assert search_units("vinh", level=2)[0].name == "Thành phố Vinh"
    assert all(u.level == 2 for u in search_units("vinh", level=2))
    assert {u.id for u in search_units("nghe an", province_id=province.id)} == {province.id}
    assert search_units("nghi", province_id=province.id + 1000) == []
    # LIKE wildcards in a query are taken literally.
    assert search_units("%") == [] and search_units("_") == [] and search_units("") == []


# --- flask units ---------------------------------------------------------------------------------

def test_cli_import_and_search(runner):
    result = runner.invoke(args=["units", "import", "--province", "Nghệ An"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "Đã nạp 1 tỉnh/thành phố; 130 đơn vị cấp xã từ 01/07/2025; 20 đơn vị cấp huyện và 412 "
        "đơn vị cấp xã trước 01/07/2025; 412 liên kết kế thừa (975 bản ghi mới).")
    again = runner.invoke(args=["units", "import", "--province", "nghe an"])
    assert again.exit_code == 0 and "(0 bản ghi mới)" in again.output

    unknown = runner.invoke(args=["units", "import", "--province", "Atlantis"])
    assert unknown.exit_code == 1
    assert "Không tìm thấy tỉnh/thành phố «Atlantis»" in unknown.output
    assert runner.invoke(args=["units", "import"]).exit_code == 2

    found = runner.invoke(args=["units", "search", "cua lo", "--province", "nghe an", "--date", "2025-07-01"])
    assert found.exit_code == 0, found.output
    assert found.output.splitlines() == ["16732\tPhường Cửa Lò\tPhường Cửa Lò, Tỉnh Nghệ An\t01/07/2025 – nay"]
    old = runner.invoke(args=["units", "search", "Nghi Thu", "--date", "2025-06-30"])
    assert "16735\tPhường Nghi Thu\tPhường Nghi Thu, Thành phố Vinh, Tỉnh Nghệ An\t… – 30/06/2025" \
        in old.output.splitlines()
    missing = runner.invoke(args=["units", "search", "cua lo", "--province", "Atlantis"])
    assert missing.exit_code == 1 and "«Atlantis»" in missing.output
    no_match = runner.invoke(args=["units", "search", "Atlantis"])   # units are there, none by that name
    assert no_match.exit_code == 0 and no_match.output == "Không tìm thấy đơn vị nào khớp «Atlantis».\n"


def test_cli_search_on_an_empty_unit_table_says_to_import_the_units(runner):
    result = runner.invoke(args=["units", "search", "cua lo"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("Chưa nhập danh mục đơn vị hành chính: chạy "
                             "«flask --app wsgi units import --province \"Nghệ An\"» (hoặc --all) trước.\n")
