"""The figures behind the demo: each ward's answers and what the inspection team found.

Nghi Thu's answers follow the article of 24/07/2023 on the ward (one internet PC per receiving official,
a shared scanner, 2 air conditioners, 1 camera, 90–100% of procedures online and digitised, every eligible
citizen with a chip ID card, over 90% level-2 e-ID). The other wards of thị xã Cửa Lò use the same
profile scaled to their size, with the differences that give each its place in the story; phường Cửa Lò
(2025) uses the town's figures of 03/2024 (34,400 level-2 e-ID accounts, online payment still weak).
Numbers of documents and names of people are made up for the demo.
"""
from __future__ import annotations

from ..domain.answers import NA, Ratio

# Nghi Thu, 07/2023 (the ward's own answers).
NGHI_THU = {
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

EXPLANATIONS = {
    "TC01.1": "Quyết định thành lập Tổ công tác Đề án 06 lưu tại Văn phòng UBND phường.",
    "TC01.2": "Kế hoạch xây dựng đơn vị kiểu mẫu lưu tại Văn phòng UBND phường.",
    "TC08.2": "Trong kỳ không phát sinh phiếu thu thập thông tin dân cư sai sót.",
}


def scaled(base: dict, factor: float) -> dict:
    """The profile for a ward of another size: counts of people and dossiers scaled, rates kept."""
    out = {}
    for code, value in base.items():
        if isinstance(value, Ratio) and value.denominator >= 50:
            d = max(1, round(value.denominator * factor))
            n = d if value.numerator == value.denominator else min(d, round(value.numerator * factor))
            out[code] = Ratio(n, d)
        else:
            out[code] = value
    return out


def ward(factor: float, **changes) -> dict:
    return {**scaled(NGHI_THU, factor), **changes}


# What each 2023 ward answered, and (for those inspected) what the team found, with the team's reasons.
NGHI_HUONG = ward(0.8, **{"TC06.1": Ratio(241, 562), "TC13.2": 12, "TC03.3": Ratio(790, 914)})
NGHI_HOA = ward(0.7, **{"TC05.1": Ratio(640, 872), "TC13.2": 12})
NGHI_HAI = ward(0.9, **{"TC06.1": Ratio(290, 632), "TC12.2": Ratio(1150, 1366)})
NGHI_HAI_TEAM = {
    "TC02.7": (1, "Khu vực tiếp nhận chỉ có 01 máy điều hòa hoạt động; máy thứ hai đã hỏng từ tháng 6."),
    "TC06.1": (Ratio(90, 632), "Đối chiếu Cổng Dịch vụ công: 200 hồ sơ nộp phí bằng tiền mặt tại quầy."),
    "TC09.1": (Ratio(8620, 8887), "Đối chiếu hệ thống cấp thẻ Căn cước: 267 công dân đủ điều kiện chưa được thu nhận."),
    "TC10.1": (Ratio(6982, 8887), "Đối chiếu hệ thống định danh: tài khoản đã kích hoạt mới đạt 78,6%."),
    "TC13.2": (10, "Chỉ có minh chứng của 10 đợt tuyên truyền."),
}
NGHI_TAN = ward(0.85, **{"TC06.1": Ratio(262, 597), "TC12.2": Ratio(1020, 1290)})
NGHI_TAN_TEAM = {
    "TC03.3": (Ratio(858, 971), "Loại 65 phiếu đánh giá trùng số điện thoại."),
}
THU_THUY = ward(1.1, **{"TC06.1": Ratio(452, 772), "TC13.1": 7})
THU_THUY_TEAM = {
    "TC12.2": (Ratio(1236, 1670), "Số lượt khám bằng thẻ Căn cước theo báo cáo tháng 7 của Trạm Y tế phường."),
}
NGHI_THUY = ward(0.6, **{"TC06.1": Ratio(96, 421), "TC13.1": 3, "TC13.2": 6, "TC11.2": Ratio(190, 281)})
NGHI_THUY_TEAM = {
    "TC13.1": (2, "Mô hình khám chữa bệnh bằng thẻ Căn cước chưa duy trì từ tháng 5/2023."),
    "TC04.1": (Ratio(610, 747), "Đối chiếu Cổng Dịch vụ công: 137 hồ sơ tiếp nhận trực tiếp được cập nhật như "
                                "trực tuyến."),
}

# Phường Cửa Lò (2025): the town's figures of 03/2024 (34,400 level-2 e-ID accounts, payment online weak).
CUA_LO = {**scaled(NGHI_THU, 3.8), "TC10.1": Ratio(34400, 37521), "TC06.1": Ratio(1520, 2668),
          "TC13.1": 16, "TC13.2": 24, "TC02.1": Ratio(12, 12), "TC02.7": 4, "TC02.8": 2, "TC02.2": 3, "TC02.6": 2}
CUA_LO_TEAM = {
    "TC03.3": (Ratio(3760, 4340), "Loại các phiếu đánh giá trùng số điện thoại."),
}
VINH_HUNG = {**scaled(NGHI_THU, 2.6), "TC06.1": Ratio(780, 1825), "TC13.1": 8}
VINH_HUNG_TEAM = {
    "TC12.2": (Ratio(2950, 3947), "Số lượt khám theo báo cáo của Trung tâm Y tế khu vực."),
}
