"""Realistic sample content for each document (Nghệ An, thị xã Cửa Lò, 2023), for tests,
template work and benchmarks. No database: scores come from domain.scoring on the reference
criteria set (seeds/criteria/de-an-06-kieu-mau-v1.json), figures from shared/domain.md §5.

Names of people are invented. Unit names beyond the seven Cửa Lò wards come from the
`vietnamadminunits` package's list in force before 1 July 2025 (Nghệ An first, then the other
provinces), so ``example_recognition_report(n_units=130)`` or ``n_units=3321`` look like the
real thing; without the package, names are generated.
"""
from __future__ import annotations

import json
import random
import sqlite3
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from criteria_app.domain.answers import NA, Ratio
from criteria_app.domain.criteria import CriteriaSet, parse_criteria_set
from criteria_app.domain.scoring import score_set
from criteria_app.paths import resource_dir
from criteria_app.reports import formatting as fmt
from criteria_app.reports.builders import build_self_assessment_report, compare_criteria
from criteria_app.reports.content import (
    AnnexHeading,
    Article,
    CriterionHeading,
    CriterionScore,
    DocumentFooter,
    DocumentHeader,
    InspectionMinutes,
    Person,
    RecognisedUnit,
    RecognitionDecision,
    RecognitionReport,
    SelfAssessmentReport,
    Signature,
    UnitResult,
)

YEAR = 2023
CUA_LO = "Thị xã Cửa Lò, Tỉnh Nghệ An"
CUA_LO_WARDS = ("Phường Nghi Thu", "Phường Nghi Hương", "Phường Nghi Hòa", "Phường Nghi Hải",
                "Phường Nghi Tân", "Phường Thu Thủy", "Phường Nghi Thủy")
NGHI_THU_PATH = "Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An"
CAMPAIGN = "Đợt đánh giá năm 2023"


@lru_cache(maxsize=1)
def reference_set() -> CriteriaSet:
    path = resource_dir("seeds") / "criteria" / "de-an-06-kieu-mau-v1.json"
    return parse_criteria_set(json.loads(path.read_text(encoding="utf-8")))


# Nghi Thu's self-assessment (07/2023): figures from the article (004) where it gives them.
NGHI_THU_SELF = {
    "TC01.1": True, "TC01.2": True, "TC01.3": Ratio(6, 6),
    "TC02.1": Ratio(4, 4), "TC02.2": 1, "TC02.3": True, "TC02.4": True, "TC02.5": True,
    "TC02.6": 1, "TC02.7": 2, "TC02.8": 1,
    "TC03.1": True, "TC03.2": True, "TC03.3": Ratio(1085, 1142),
    "TC04.1": Ratio(1186, 1245), "TC04.2": Ratio(212, 212),
    "TC05.1": Ratio(1245, 1245), "TC05.2": Ratio(1201, 1245),
    "TC06.1": Ratio(318, 702),
    "TC07.1": Ratio(4, 4), "TC07.2": True,
    "TC08.1": Ratio(27, 27), "TC08.2": NA,
    "TC09.1": Ratio(9874, 9874),
    "TC10.1": Ratio(8917, 9874), "TC10.2": Ratio(11, 12),
    "TC11.1": True, "TC11.2": Ratio(412, 468),
    "TC12.1": Ratio(2, 2), "TC12.2": Ratio(1342, 1518),
    "TC13.1": 6, "TC13.2": 14,
}

# What the inspection team found on site (differences from the ward's answers, with reasons).
NGHI_THU_TEAM = {**NGHI_THU_SELF,
                 "TC03.3": Ratio(1031, 1142),
                 "TC06.1": Ratio(290, 702),
                 "TC10.1": Ratio(8893, 9874),
                 "TC13.2": 10}
NGHI_THU_REASONS = {
    "TC03.3": "Phiếu đánh giá điện tử có 54 lượt trùng số điện thoại, đoàn loại khỏi số lượt hài lòng.",
    "TC06.1": "28 hồ sơ thanh toán qua chuyển khoản tại quầy, không qua Cổng Dịch vụ công.",
    "TC10.1": "Đối chiếu với hệ thống định danh: 24 tài khoản đã thu nhận nhưng chưa kích hoạt.",
    "TC13.2": "Chỉ có biên bản, hình ảnh của 10 đợt tuyên truyền; 4 đợt còn lại không có minh chứng.",
}

NGHI_THU_NOTES = {
    "TC02": ("Đã kiểm tra thực tế: 04 máy tính cán bộ tiếp nhận, 01 máy quét, 02 máy điều hòa, 01 camera.",),
    "TC09": ("Đối chiếu danh sách công dân đủ điều kiện với hệ thống cấp thẻ Căn cước: khớp.",),
}

NGHI_THU_EVIDENCE = {
    "TC01.1": ("QĐ 125-QĐ-UBND thành lập Tổ công tác Đề án 06 phường Nghi Thu.pdf",),
    "TC01.2": ("KH 48-KH-UBND xây dựng phường kiểu mẫu Đề án 06 năm 2023.pdf",),
    "TC01.3": ("Báo cáo tháng 01-06 năm 2023 (tổng hợp).pdf",),
    "TC02.1": ("Ảnh bộ phận Một cửa - máy tính cán bộ tiếp nhận.jpg",),
    "TC02.2": ("Ảnh máy quét dùng chung.jpg",),
    "TC02.3": ("Ảnh bộ nhận diện thương hiệu.jpg",),
    "TC02.4": ("Ảnh bảng niêm yết thủ tục hành chính.jpg",),
    "TC02.5": ("Ảnh khu vực ghế chờ, bàn viết.jpg",),
    "TC02.6": ("Ảnh máy tính phục vụ dịch vụ công trực tuyến.jpg",),
    "TC02.7": ("Ảnh 02 máy điều hòa.jpg",),
    "TC02.8": ("Ảnh camera giám sát.jpg",),
    "TC03.1": ("QĐ 131-QĐ-UBND phân công tổ hướng dẫn công dân.pdf",),
    "TC07.1": ("Danh sách cán bộ được cấp tài khoản khai thác dữ liệu dân cư.pdf",),
    "TC07.2": ("Văn bản 212-UBND không yêu cầu xuất trình giấy tờ.pdf",),
    "TC08.1": ("Danh sách 27 trường hợp sai cấu trúc số định danh đã lập hồ sơ hủy.pdf",),
    "TC11.1": ("QĐ 140-QĐ-UBND thành lập các tổ làm sạch dữ liệu chuyên ngành.pdf",),
    "TC12.1": ("Ảnh khám chữa bệnh bằng thẻ Căn cước tại Trạm Y tế phường.jpg",
               "Ảnh khám chữa bệnh bằng VNeID tại Phòng khám đa khoa khu vực.jpg"),
    "TC13.1": ("Báo cáo 06 mô hình điểm (dịch vụ công, an sinh xã hội, khám chữa bệnh, công dân số, "
               "tiếp đón, tuyên truyền).pdf",),
}
NGHI_THU_EXPLANATIONS = {
    "TC08.2": "Trong kỳ không phát sinh phiếu thu thập thông tin dân cư sai sót.",
    "TC06.1": "Thanh toán trực tuyến còn thấp do người cao tuổi chưa có tài khoản ngân hàng; "
              "phường đã phối hợp ngân hàng mở tài khoản tại chỗ.",
}

CHAIRMAN = "Hoàng Văn Minh"
POLICE_CHIEF = "Võ Văn Tuấn"
TEAM_LEAD = "Trần Quốc Bảo"
PROVINCE_SIGNER = "Trần Minh Đức"


def _results():
    cs = reference_set()
    return cs, score_set(cs, NGHI_THU_SELF), score_set(cs, NGHI_THU_TEAM)


# ---------------------------------------------------------------------------------------------
# a. Báo cáo tự đánh giá
# ---------------------------------------------------------------------------------------------

def example_self_assessment_report(*, number: str | None = "15") -> SelfAssessmentReport:
    """Phường Nghi Thu's self-assessment report of July 2023 (Số: 15/BC-UBND)."""
    cs, self_result, _ = _results()
    return build_self_assessment_report(
        criteria_set=cs, result=self_result, answers=NGHI_THU_SELF,
        unit_name="Phường Nghi Thu", unit_path=NGHI_THU_PATH, campaign_name=CAMPAIGN, year=YEAR,
        issued_on=date(2023, 7, 10), number=number,
        evidence=NGHI_THU_EVIDENCE, explanations=NGHI_THU_EXPLANATIONS, signer_name=CHAIRMAN)


# ---------------------------------------------------------------------------------------------
# b. Biên bản kiểm tra
# ---------------------------------------------------------------------------------------------

def example_inspection_minutes(*, signed: bool = True) -> InspectionMinutes:
    """The team's minutes at Phường Nghi Thu, 18/7/2023; both sides signed in the application."""
    cs, self_result, team_result = _results()
    criteria = compare_criteria(cs, self_result, team_result, NGHI_THU_SELF, NGHI_THU_TEAM, NGHI_THU_REASONS,
                                notes=NGHI_THU_NOTES)
    started = datetime(2023, 7, 18, 1, 30)      # 08:30 in Vietnam (stored as UTC)
    ended = datetime(2023, 7, 18, 4, 45)        # 11:45
    meets = team_result.recognised
    conclusion = (
        f"Phường Nghi Thu đạt {fmt.score(team_result.total)}/{fmt.score(team_result.max)} điểm theo kết quả "
        f"kiểm tra (tự chấm {fmt.score(self_result.total)} điểm), đạt {team_result.passed_count}/"
        f"{len(team_result.criteria)} tiêu chí, các tiêu chí bắt buộc "
        + ("đều đạt" if not team_result.mandatory_failed else "chưa đạt: " + ", ".join(team_result.mandatory_failed))
        + ("; đủ điều kiện đề nghị công nhận đơn vị điển hình, kiểu mẫu thực hiện Đề án 06." if meets
           else "; chưa đủ điều kiện đề nghị công nhận."))
    return InspectionMinutes(
        header=DocumentHeader(issuer=("UBND TỈNH NGHỆ AN", "ĐOÀN KIỂM TRA"), symbol="BB-ĐKT", number="12",
                              place="Nghệ An", issued_on=date(2023, 7, 18), title="BIÊN BẢN",
                              subtitle="Kiểm tra thực tế kết quả xây dựng đơn vị điển hình, kiểu mẫu "
                                       "thực hiện Đề án 06 tại phường Nghi Thu, thị xã Cửa Lò"),
        footer=DocumentFooter(signatures=(
            Signature(authority=("TM. UBND PHƯỜNG NGHI THU",), position="CHỦ TỊCH", name=CHAIRMAN,
                      signed_at=datetime(2023, 7, 18, 4, 52) if signed else None),
            Signature(position="TRƯỞNG ĐOÀN KIỂM TRA", name=TEAM_LEAD,
                      signed_at=datetime(2023, 7, 18, 4, 50) if signed else None),
        )),
        unit_name="Phường Nghi Thu", unit_path=NGHI_THU_PATH, campaign_name=CAMPAIGN,
        criteria_set_title=cs.title, started_at=started, ended_at=ended,
        location="Trụ sở UBND phường Nghi Thu, thị xã Cửa Lò, tỉnh Nghệ An (Bộ phận Một cửa)",
        basis=("Căn cứ Quyết định số 06/QĐ-TTg ngày 06 tháng 01 năm 2022 của Thủ tướng Chính phủ phê duyệt "
               "Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi "
               "số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030;",
               "Căn cứ Quyết định số 1875/QĐ-UBND ngày 03 tháng 7 năm 2023 của UBND tỉnh Nghệ An về việc thành "
               "lập Đoàn kiểm tra đánh giá, công nhận đơn vị điển hình, kiểu mẫu thực hiện Đề án 06."),
        team_members=(
            Person("Ông Trần Quốc Bảo", "Phó Giám đốc Công an tỉnh", "Trưởng đoàn"),
            Person("Bà Lê Thị Thu Hà", "Phó Chánh Văn phòng UBND tỉnh", "Phó Trưởng đoàn"),
            Person("Ông Phan Văn Long", "Phó Trưởng phòng Cảnh sát quản lý hành chính về trật tự xã hội, "
                                        "Công an tỉnh", "Thành viên"),
            Person("Ông Đinh Công Sơn", "Chuyên viên Sở Thông tin và Truyền thông", "Thành viên"),
            Person("Bà Nguyễn Thị Mai", "Cán bộ Công an tỉnh", "Thư ký"),
        ),
        ward_representatives=(
            Person(f"Ông {CHAIRMAN}", "Chủ tịch UBND phường Nghi Thu"),
            Person(f"Ông {POLICE_CHIEF}", "Trưởng Công an phường Nghi Thu"),
            Person("Bà Đặng Thị Lan", "Công chức Văn phòng - Thống kê, phụ trách Bộ phận Một cửa"),
        ),
        criteria=criteria, self_total=self_result.total, inspection_total=team_result.total,
        max_total=team_result.max, inspection_passed_count=team_result.passed_count,
        min_total=team_result.min_total, mandatory_failed=team_result.mandatory_failed,
        findings=(
            "Bộ phận Một cửa được bố trí khang trang, có máy tính kết nối internet cho từng cán bộ tiếp nhận, "
            "máy quét dùng chung, 02 máy điều hòa và camera giám sát toàn bộ khu vực làm việc; thủ tục hành "
            "chính được niêm yết đầy đủ, có ghế chờ, bàn viết và máy tính phục vụ người dân nộp hồ sơ trực tuyến.",
            "Tra cứu thông tin công dân qua Cơ sở dữ liệu quốc gia về dân cư và ứng dụng VNeID được thực hiện "
            "thường xuyên; 100% công dân đủ điều kiện đã được cấp thẻ Căn cước công dân gắn chip.",
            "Thanh toán trực tuyến phí, lệ phí còn thấp; một số đợt tuyên truyền chưa lưu đủ minh chứng.",
        ),
        recommendations=(
            "Đẩy mạnh hướng dẫn người dân thanh toán trực tuyến phí, lệ phí qua Cổng Dịch vụ công quốc gia.",
            "Rà soát, kích hoạt các tài khoản định danh điện tử mức độ 2 đã thu nhận; hoàn thành trước ngày "
            "31 tháng 8 năm 2023.",
            "Lưu trữ đầy đủ biên bản, hình ảnh các đợt tuyên truyền.",
        ),
        conclusion=conclusion,
        closing="Biên bản kết thúc lúc 11 giờ 45 phút cùng ngày, được lập thành 03 bản có giá trị như nhau, "
                "Đoàn kiểm tra giữ 02 bản, UBND phường Nghi Thu giữ 01 bản; các thành phần dự họp đã nghe đọc lại "
                "biên bản, thống nhất nội dung và cùng ký tên dưới đây./.",
    )


# ---------------------------------------------------------------------------------------------
# c. Báo cáo kết quả thẩm định (many units)
# ---------------------------------------------------------------------------------------------

def _clean(name: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", name).split())
    for word in ("Thị Xã", "Thị Trấn", "Thành Phố"):
        if name.startswith(word + " "):
            name = word[:4] + word[4:].lower() + name[len(word):]
    return name


@lru_cache(maxsize=1)
def _legacy_units() -> tuple[tuple[str, str], ...]:
    """(unit name, 'district, province') of the list in force before 07/2025, Nghệ An first."""
    spec = find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        return ()
    db_path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
    if not db_path.exists():
        return ()
    conn = sqlite3.connect(db_path.as_uri() + "?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT province, district, ward FROM admin_units_legacy WHERE ward IS NOT NULL "
            "ORDER BY CASE WHEN provinceShort = 'Nghệ An' THEN 0 ELSE 1 END, rowid").fetchall()
    finally:
        conn.close()
    cua_lo = {w.removeprefix("Phường ") for w in CUA_LO_WARDS}
    out = []
    for province, district, ward in rows:
        ward, district, province = _clean(ward), _clean(district), _clean(province)
        if province == "Tỉnh Nghệ An" and ward.removeprefix("Phường ") in cua_lo:
            continue   # listed first, with their 2023 district
        out.append((ward, f"{district}, {province}"))
    return tuple(out)


def sample_units(n_units: int) -> list[tuple[str, str]]:
    """n (unit name, area) pairs: the seven Cửa Lò wards, then real units (or generated ones)."""
    units = [(w, CUA_LO) for w in CUA_LO_WARDS][:n_units]
    rest = _legacy_units()
    i = 0
    while len(units) < n_units:
        if i < len(rest):
            units.append(rest[i])
        else:
            units.append((f"Xã Mẫu {i + 1}", "Huyện Mẫu, Tỉnh Mẫu"))
        i += 1
    return units


def _criterion_headings(cs: CriteriaSet) -> tuple[CriterionHeading, ...]:
    mandatory = set(cs.recognition.mandatory)
    return tuple(CriterionHeading(c.code, c.title, fmt.quantize(c.points), c.code in mandatory)
                 for c in cs.criteria)


def _nghi_thu_result() -> UnitResult:
    cs, self_result, team_result = _results()
    scores = tuple(CriterionScore(t.code, t.max, s.score, t.score, t.passed, s.passed)
                   for s, t in zip(self_result.criteria, team_result.criteria))
    return UnitResult("Phường Nghi Thu", CUA_LO, self_result.total, team_result.total,
                      not team_result.mandatory_failed, team_result.recognised, scores,
                      team_result.mandatory_failed)


def _generated_result(rng: random.Random, name: str, area: str, headings, threshold: Decimal,
                      quality: float, floor: float = 0.35) -> UnitResult:
    """Plausible scores: a criterion has full points with probability ``quality``, else a share
    of its maximum between ``floor`` and 95% (passed from 80%)."""
    scores = []
    for h in headings:
        maxf = float(h.max)
        if rng.random() < quality:
            team = h.max
        else:
            team = fmt.quantize(max(round(maxf * rng.uniform(floor, 0.95) * 4) / 4, 0))
            if floor >= 0.8 and team < h.max * Decimal("0.8"):
                team = fmt.quantize(h.max * Decimal("0.8"))
        self_score = min(h.max, fmt.quantize(float(team) + rng.choice((0, 0, 0, 0.5, 1, 1.5))))
        passed = team >= h.max * Decimal("0.8")
        scores.append(CriterionScore(h.code, h.max, self_score, team, passed, self_score >= h.max * Decimal("0.8")))
    team_total = sum((s.inspection_score for s in scores), Decimal("0.00"))
    self_total = sum((s.self_score for s in scores), Decimal("0.00"))
    failed = tuple(s.code for s, h in zip(scores, headings) if h.mandatory and not s.passed)
    return UnitResult(name, area, self_total, team_total, not failed,
                      team_total >= threshold and not failed, tuple(scores), failed)


def example_units(n_units: int = 7, *, seed: int = 2023) -> tuple[UnitResult, ...]:
    cs = reference_set()
    headings = _criterion_headings(cs)
    threshold = cs.recognition.min_total or Decimal(90)
    rng = random.Random(seed)
    out = []
    for i, (name, area) in enumerate(sample_units(n_units)):
        if name == "Phường Nghi Thu" and area == CUA_LO:
            out.append(_nghi_thu_result())
        elif area == CUA_LO and name != "Phường Nghi Thủy":
            # Six Cửa Lò wards were among the province's pilots (domain.md §1): they pass.
            out.append(_generated_result(rng, name, area, headings, threshold, 0.85, floor=0.8))
        else:
            quality = rng.choice((0.55, 0.7, 0.8, 0.9))
            out.append(_generated_result(rng, name, area, headings, threshold, quality))
    return tuple(out)


def example_recognition_report(n_units: int = 7, *, show_unit_annexes: bool = True,
                               show_charts: bool = True) -> RecognitionReport:
    """Công an tỉnh Nghệ An's appraisal report proposing recognition to the UBND tỉnh (21/7/2023)."""
    cs = reference_set()
    units = example_units(n_units)
    recognised = sum(1 for u in units if u.recognised)
    header = DocumentHeader(
        issuer=("BỘ CÔNG AN", "CÔNG AN TỈNH NGHỆ AN"), symbol="BC-CAT-PC06", number="245", place="Nghệ An",
        issued_on=date(2023, 7, 21), title="BÁO CÁO",
        subtitle="Kết quả thẩm định, đề nghị công nhận đơn vị điển hình, kiểu mẫu thực hiện Đề án 06 năm 2023")
    mandatory = ", ".join(cs.recognition.mandatory)
    n = fmt.integer(len(units))
    return RecognitionReport(
        header=header,
        footer=DocumentFooter(
            signatures=(Signature(authority=("KT. GIÁM ĐỐC",), position="PHÓ GIÁM ĐỐC", name=TEAM_LEAD),),
            recipients=("UBND tỉnh (để b/c);", "Đồng chí Giám đốc (để b/c);",
                        "UBND thị xã Cửa Lò;", "Lưu: VT, PC06.")),
        campaign_name=CAMPAIGN, criteria_set_title=cs.title, criteria=_criterion_headings(cs),
        units=units, max_total=fmt.quantize(cs.max_points), min_total=cs.recognition.min_total,
        mandatory=tuple(cs.recognition.mandatory),
        basis=("Căn cứ Quyết định số 06/QĐ-TTg ngày 06 tháng 01 năm 2022 của Thủ tướng Chính phủ;",
               "Căn cứ Kế hoạch số 402/KH-UBND ngày 12 tháng 5 năm 2023 của UBND tỉnh Nghệ An về xây dựng "
               "đơn vị điển hình, kiểu mẫu thực hiện Đề án 06;"),
        summary=(
            f"Thực hiện {CAMPAIGN.lower()}, {n} đơn vị cấp xã đã tự đánh giá và gửi hồ sơ đề nghị công nhận "
            f"theo {cs.title[0].lower() + cs.title[1:]}. Đoàn kiểm tra của tỉnh đã thẩm định hồ sơ và kiểm tra "
            f"thực tế tại từng đơn vị; kết quả chấm điểm của từng đơn vị được tổng hợp tại bảng dưới đây và "
            f"các phụ lục kèm theo.",
            f"Điều kiện công nhận: tổng điểm thẩm định đạt từ {fmt.score(cs.recognition.min_total)} điểm trở lên "
            f"(trên tổng số {fmt.score(cs.max_points)} điểm) và đạt tất cả các tiêu chí bắt buộc ({mandatory}).",
            f"Kết quả: {fmt.integer(recognised)}/{n} đơn vị đạt đủ điều kiện; "
            f"{fmt.integer(len(units) - recognised)} đơn vị chưa đạt.",
        ),
        proposal=(
            f"Công an tỉnh kính đề nghị UBND tỉnh xem xét, ban hành Quyết định công nhận "
            f"{fmt.integer(recognised)} đơn vị đạt chuẩn đơn vị điển hình, kiểu mẫu thực hiện Đề án 06 năm 2023 "
            f"(có danh sách kèm theo).",
            "Đối với các đơn vị chưa đạt, đề nghị UBND các huyện, thị xã, thành phố chỉ đạo khắc phục các tiêu chí "
            "chưa đạt, đăng ký đánh giá lại trong đợt tiếp theo.",
        ),
        show_charts=show_charts, show_unit_annexes=show_unit_annexes,
        annex_note=header.attached_note("Báo cáo", "Công an tỉnh Nghệ An"),
    )


# ---------------------------------------------------------------------------------------------
# d. Quyết định công nhận
# ---------------------------------------------------------------------------------------------

def example_recognition_decision(n_units: int = 7) -> RecognitionDecision:
    """The Chairman's decision of 24/7/2023 recognising the units that passed (annex list)."""
    report = example_recognition_report(n_units)
    units = tuple(RecognisedUnit(u.unit_name, u.area, u.inspection_total) for u in report.recognised_units)
    header = DocumentHeader(
        issuer=("UBND TỈNH NGHỆ AN",), symbol="QĐ-UBND", number="2156", place="Nghệ An",
        issued_on=date(2023, 7, 24), title="QUYẾT ĐỊNH",
        subtitle="Về việc công nhận đơn vị điển hình, kiểu mẫu thực hiện Đề án 06 năm 2023")
    count = fmt.integer(len(units))
    return RecognitionDecision(
        header=header,
        footer=DocumentFooter(
            signatures=(Signature(authority=("KT. CHỦ TỊCH",), position="PHÓ CHỦ TỊCH", name=PROVINCE_SIGNER),),
            recipients=("Như Điều 3;", "Bộ Công an (C06) (để b/c);", "Thường trực Tỉnh ủy (để b/c);",
                        "Thường trực HĐND tỉnh (để b/c);", "Chủ tịch, các PCT UBND tỉnh;", "Lưu: VT, NC.")),
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
        legal_bases=(
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số "
            "điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
            "Căn cứ Quyết định số 06/QĐ-TTg ngày 06 tháng 01 năm 2022 của Thủ tướng Chính phủ phê duyệt Đề án "
            "phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia "
            "giai đoạn 2022 - 2025, tầm nhìn đến năm 2030;",
            "Căn cứ Kế hoạch số 402/KH-UBND ngày 12 tháng 5 năm 2023 của UBND tỉnh về xây dựng đơn vị điển hình, "
            "kiểu mẫu thực hiện Đề án 06;",
            "Theo đề nghị của Giám đốc Công an tỉnh tại Báo cáo số 245/BC-CAT-PC06 ngày 21 tháng 7 năm 2023.",
        ),
        articles=(
            Article(1, f"Công nhận {count} xã, phường có tên tại Phụ lục kèm theo Quyết định này đạt chuẩn đơn vị "
                       f"điển hình, kiểu mẫu thực hiện Đề án 06 năm 2023."),
            Article(2, "Quyết định này có hiệu lực kể từ ngày ký. Kết quả công nhận có giá trị đến khi có kết quả "
                       "đánh giá năm 2024.",
                    ("Đơn vị được công nhận có trách nhiệm duy trì và nâng cao chất lượng các tiêu chí; trường hợp "
                     "không duy trì được, UBND tỉnh xem xét thu hồi Quyết định công nhận.",)),
            Article(3, "Chánh Văn phòng UBND tỉnh; Giám đốc Công an tỉnh; Giám đốc các sở, ban, ngành có liên quan; "
                       "Chủ tịch UBND các huyện, thành phố, thị xã và Chủ tịch UBND các xã, phường có tên tại "
                       "Điều 1 chịu trách nhiệm thi hành Quyết định này./."),
        ),
        annex=AnnexHeading(
            label="Phụ lục",
            title="DANH SÁCH ĐƠN VỊ ĐƯỢC CÔNG NHẬN ĐẠT CHUẨN ĐƠN VỊ ĐIỂN HÌNH, KIỂU MẪU THỰC HIỆN ĐỀ ÁN 06 NĂM 2023",
            note=header.attached_note("Quyết định", "Chủ tịch UBND tỉnh Nghệ An")),
        units=units,
    )
