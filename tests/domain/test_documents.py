"""Decree 30 rules as plain functions: signature blocks from who issues and who signs, issuing body lines,
place names, unit types in running text, abbreviations spelled out, document numbers, the recognition rule."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from criteria_app.domain import documents as d
from criteria_app.domain import recognition
from criteria_app.domain.answers import Ratio
from criteria_app.domain.criteria import parse_criteria_set
from criteria_app.domain.documents import Authority, Rank
from criteria_app.domain.scoring import score_set
from tests.conftest import REFERENCE_SET

# ---- signature blocks ---------------------------------------------------------------------------

@pytest.mark.parametrize("authority,rank,lines", [
    (Authority.INDIVIDUAL, Rank.CHU_TICH, ("CHỦ TỊCH",)),
    (Authority.INDIVIDUAL, Rank.PHO_CHU_TICH, ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    (Authority.COLLECTIVE, Rank.CHU_TICH, ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
    (Authority.COLLECTIVE, Rank.PHO_CHU_TICH, ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
])
def test_the_committee_signature_follows_the_authority_and_the_rank(authority, rank, lines):
    assert d.committee_signature(authority, rank) == lines


def test_tm_is_only_for_the_collective():
    for rank in (Rank.CHU_TICH, Rank.PHO_CHU_TICH):
        assert not any(line.startswith("TM.") for line in d.committee_signature(Authority.INDIVIDUAL, rank))


@pytest.mark.parametrize("rank,lines", [(Rank.GIAM_DOC, ("GIÁM ĐỐC",)),
                                        (Rank.PHO_GIAM_DOC, ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"))])
def test_the_standing_bodys_deputy_signs_for_its_director(rank, lines):
    assert d.director_signature(rank) == lines


def test_a_rank_that_cannot_sign_for_the_body_is_refused():
    with pytest.raises(d.SignatureRefused):
        d.committee_signature(Authority.INDIVIDUAL, Rank.PHO_GIAM_DOC)
    with pytest.raises(d.SignatureRefused):
        d.committee_signature(Authority.COLLECTIVE, None)
    with pytest.raises(d.SignatureRefused):
        d.director_signature(Rank.CHU_TICH)


def test_the_deciding_authority_under_the_title():
    assert d.deciding_authority(Authority.INDIVIDUAL, "Tỉnh Nghệ An") == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN"
    assert d.deciding_authority(Authority.COLLECTIVE, "Tỉnh Nghệ An") == "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN"
    assert d.authority_in_sentence(Authority.INDIVIDUAL, "Tỉnh Nghệ An") == "Chủ tịch UBND tỉnh Nghệ An"
    assert d.authority_in_sentence(Authority.COLLECTIVE, "Tỉnh Nghệ An", "Ủy ban nhân dân") \
        == "Ủy ban nhân dân tỉnh Nghệ An"


# ---- issuing body, places, names in sentences ---------------------------------------------------

def test_a_wards_committee_in_full_under_its_abbreviated_district():
    issuer = d.people_committee("Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An")
    assert issuer.parent == "UBND THỊ XÃ CỬA LÒ"
    assert issuer.body == ("ỦY BAN NHÂN DÂN", "PHƯỜNG NGHI THU")


def test_after_july_2025_a_ward_and_a_province_have_no_parent_line():
    assert d.people_committee("Phường Cửa Lò, Tỉnh Nghệ An") == d.Issuer("", ("ỦY BAN NHÂN DÂN", "PHƯỜNG CỬA LÒ"))
    assert d.people_committee("Tỉnh Nghệ An") == d.Issuer("", ("ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN"))


def test_a_body_under_its_parent():
    issuer = d.body_with_parent("Công an tỉnh Nghệ An", "Bộ Công an")
    assert issuer.lines == ("BỘ CÔNG AN", "CÔNG AN TỈNH NGHỆ AN")
    assert d.abbreviate_parent("Ủy ban nhân dân tỉnh Nghệ An") == "UBND TỈNH NGHỆ AN"
    assert d.abbreviate_parent("UBND tỉnh Nghệ An") == "UBND TỈNH NGHỆ AN"


@pytest.mark.parametrize("unit,place", [
    ("Phường Nghi Thu", "Nghi Thu"), ("Tỉnh Nghệ An", "Nghệ An"), ("Thị xã Cửa Lò", "Cửa Lò"),
    ("Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"), ("Phường 1", "Phường 1"), ("Đặc khu Côn Đảo", "Côn Đảo"),
])
def test_the_place_of_the_date_line_is_where_the_issuer_sits(unit, place):
    assert d.place_name(unit) == place


def test_unit_types_are_lower_case_in_running_text():
    assert d.path_in_sentence("Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An") \
        == "phường Nghi Thu, thị xã Cửa Lò, tỉnh Nghệ An"
    assert d.in_sentence("Thành phố Vinh") == "thành phố Vinh"
    assert d.area_text("Thị xã Cửa Lò, Tỉnh Nghệ An") == "Thị xã Cửa Lò, tỉnh Nghệ An"
    assert d.short_body("Công an tỉnh Nghệ An", "Tỉnh Nghệ An") == "Công an tỉnh"


def test_the_abbreviation_is_spelled_out_at_its_first_use_only():
    texts = ["Căn cứ Quyết định số 12/QĐ-UBND ngày 10/7/2023;", "của Chủ tịch UBND tỉnh;", "UBND phường"]
    assert d.spell_out_first(texts) == ["Căn cứ Quyết định số 12/QĐ-UBND ngày 10/7/2023;",
                                        "của Chủ tịch Ủy ban nhân dân (UBND) tỉnh;", "UBND phường"]
    already = ["Ủy ban nhân dân (UBND) tỉnh", "UBND"]
    assert d.spell_out_first(already) == already
    first = d.FirstUse()
    assert (first("UBND"), first("UBND")) == ("Ủy ban nhân dân (UBND)", "UBND")


# ---- numbers and dates --------------------------------------------------------------------------

def test_a_number_typed_alone_takes_the_documents_symbol():
    assert d.reference("12", "QĐ-UBND") == "12/QĐ-UBND"
    assert d.reference(" 012 / QĐ-UBND ", "BB-ĐKT") == "12/QĐ-UBND"
    assert d.split_reference("245/TTr-CAT-PC06") == ("245", "TTr-CAT-PC06")
    for bad in ("", "QĐ 12", "/QĐ-UBND", "12//x"):
        with pytest.raises(d.NumberRefused):
            d.reference(bad, "QĐ-UBND")


def test_dates_take_a_leading_zero_below_ten_and_for_january_and_february():
    assert d.long_date(date(2022, 1, 6)) == "ngày 06 tháng 01 năm 2022"
    assert d.long_date(date(2023, 7, 24)) == "ngày 24 tháng 7 năm 2023"
    assert d.date_line("Nghi Thu", date(2023, 12, 5)) == "Nghi Thu, ngày 05 tháng 12 năm 2023"
    assert d.short_date(date(2024, 2, 5)) == "05/02/2024"
    assert d.count_text(3) == "03" and d.count_text(12) == "12"


def test_honorifics_come_from_the_recorded_gender():
    assert (d.honorific("nam"), d.honorific("nu"), d.honorific(None)) == ("Ông", "Bà", "Ông/Bà")


# ---- the recognition rule -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def criteria_set():
    return parse_criteria_set(json.loads(REFERENCE_SET.read_text(encoding="utf-8")))


def _all_passing(cs) -> dict:
    out = {}
    for item in cs.items():
        out[item.code] = True if item.kind == "check" else (item.min if item.kind == "count_at_least" else Ratio(1, 1))
    return out


def test_the_rule_in_words_and_what_fails(criteria_set):
    answers = _all_passing(criteria_set)
    result = score_set(criteria_set, answers)
    assert recognition.rule_text(result) == ("đạt từ 90,00 điểm trở lên và đạt tất cả các tiêu chí bắt buộc "
                                             "(TC02, TC08, TC09, TC10)")
    assert recognition.failures(result) == []
    failing = score_set(criteria_set, {**answers, "TC02.7": 1, "TC09.1": Ratio(95, 100), "TC10.1": Ratio(60, 100),
                                       "TC13.2": 0, "TC13.1": 0})
    assert failing.total < Decimal(90)
    assert recognition.failures(failing) == [f"Tổng điểm {d.score_text(failing.total)} dưới mức 90,00 điểm",
                                             "Tiêu chí bắt buộc không đạt: TC02, TC09, TC10"]
    incomplete = score_set(criteria_set, {k: v for k, v in answers.items() if not k.startswith("TC05")})
    assert recognition.failures(incomplete)[0] == "Chưa chấm đủ các chỉ tiêu của tiêu chí TC05"
