"""The six roles of domain.md section 2."""
from __future__ import annotations

import enum


class Role(str, enum.Enum):
    ADMIN = "admin"
    PROVINCE = "province"
    TEAM_LEAD = "team_lead"
    INSPECTOR = "inspector"
    WARD_OFFICER = "ward_officer"
    WARD_CHAIRMAN = "ward_chairman"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def is_ward(self) -> bool:
        return self in (Role.WARD_OFFICER, Role.WARD_CHAIRMAN)

    @property
    def is_team(self) -> bool:
        return self in (Role.TEAM_LEAD, Role.INSPECTOR)

    @property
    def is_province_wide(self) -> bool:
        return self in (Role.ADMIN, Role.PROVINCE)


ROLE_LABELS = {
    Role.ADMIN: "Quản trị",
    Role.PROVINCE: "Lãnh đạo tỉnh (phê duyệt)",
    Role.TEAM_LEAD: "Trưởng đoàn kiểm tra",
    Role.INSPECTOR: "Thành viên đoàn kiểm tra",
    Role.WARD_OFFICER: "Cán bộ xã/phường",
    Role.WARD_CHAIRMAN: "Chủ tịch UBND xã/phường",
}
