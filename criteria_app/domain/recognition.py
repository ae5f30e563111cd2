"""The recognition rule of a criteria set, stated in words, and what keeps a result from meeting it.

The rule itself is computed by the scoring engine (SetResult.recognised); these functions say it the
way a decision or a refusal must: the threshold and the mandatory criteria, then each failure.
"""
from __future__ import annotations

from .documents import score_text
from .scoring import SetResult


def rule_text(result: SetResult) -> str:
    """'đạt từ 90,00 điểm trở lên và đạt tất cả các tiêu chí bắt buộc (TC02, TC08, TC09, TC10)'."""
    if result.mode == "points":
        text = f"đạt từ {score_text(result.min_total)} điểm trở lên"
        if result.mandatory:
            text += f" và đạt tất cả các tiêu chí bắt buộc ({', '.join(result.mandatory)})"
        return text
    return f"đạt tất cả {len(result.criteria)} tiêu chí"


def failures(result: SetResult) -> list[str]:
    """Why a result does not meet the rule, one reason per entry; [] when it does."""
    if result.recognised:
        return []
    out = []
    if not result.complete:
        pending = [c.code for c in result.criteria if not c.complete]
        out.append("Chưa chấm đủ các chỉ tiêu của tiêu chí " + ", ".join(pending))
    if result.mode == "points":
        if result.total < result.min_total:
            out.append(f"Tổng điểm {score_text(result.total)} dưới mức {score_text(result.min_total)} điểm")
        failed = [c for c in result.mandatory if result.criterion(c).complete and not result.criterion(c).passed]
        if failed:
            out.append("Tiêu chí bắt buộc không đạt: " + ", ".join(failed))
    else:
        failed = [c.code for c in result.criteria if c.complete and not c.passed]
        if failed:
            out.append("Tiêu chí không đạt: " + ", ".join(failed))
    return out


def failures_text(result: SetResult) -> str:
    """'Tổng điểm 89,32 dưới mức 90,00 điểm; Tiêu chí bắt buộc không đạt: TC02, TC09, TC10'."""
    return "; ".join(failures(result))
