"""`flask criteria validate|load|score`: criteria sets from the command line (format: docs/criteria-format.md)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from .cli_support import Group, Refusal, uses_database
from .domain.answers import AnswerError, answer_from_json
from .domain.criteria import CriteriaSet, CriteriaSetError, parse_criteria_set
from .domain.scoring import fmt, score_set

criteria_cli = Group("criteria", help="Bộ tiêu chí: kiểm tra, nạp, chấm điểm.")


def read_json(path: str, what: str) -> Any:
    """A JSON file's content, or a one-line refusal saying why it cannot be read."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise Refusal(f"{path}: không tìm thấy {what}") from None
    except IsADirectoryError:
        raise Refusal(f"{path}: là một thư mục, không phải {what}") from None
    except PermissionError:
        raise Refusal(f"{path}: không có quyền đọc {what}") from None
    except UnicodeDecodeError:
        raise Refusal(f"{path}: {what} phải là văn bản UTF-8") from None
    except OSError as exc:
        raise Refusal(f"{path}: không đọc được {what} ({exc.strerror})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise Refusal(f"{path}: {what} không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno})") from None


def _read_set(path: str) -> tuple[dict, CriteriaSet]:
    data = read_json(path, "tệp bộ tiêu chí")
    try:
        return data, parse_criteria_set(data)
    except CriteriaSetError as exc:
        raise Refusal("\n".join(exc.problems)) from None   # one line per problem, each naming its code


def _summary(cs: CriteriaSet) -> str:
    items = sum(len(c.items) for c in cs.criteria)
    rec = cs.recognition
    rule = (f"công nhận khi đạt ≥ {fmt(rec.min_total)} điểm và các tiêu chí bắt buộc "
            f"{', '.join(rec.mandatory) or '(không có)'}") if rec.mode == "points" else \
        "công nhận khi đạt tất cả tiêu chí"
    return (f"{cs.id} v{cs.version}: {len(cs.criteria)} tiêu chí, {items} chỉ tiêu, "
            f"{fmt(cs.max_points)} điểm; {rule}")


@criteria_cli.command("validate")
@click.argument("file")
def validate_command(file: str) -> None:
    """Kiểm tra một tệp bộ tiêu chí (JSON)."""
    _, cs = _read_set(file)
    click.echo(f"Hợp lệ: {_summary(cs)}")


@criteria_cli.command("load")
@click.argument("file")
@uses_database
def load_command(file: str) -> None:
    """Kiểm tra và lưu một bộ tiêu chí; (id, version) đã có với nội dung khác thì từ chối."""
    from .services.criteria_sets import load_set
    data, cs = _read_set(file)
    _, created = load_set(data)
    click.echo(("Đã nạp: " if created else "Đã có sẵn, không thay đổi: ") + _summary(cs))


@criteria_cli.command("score")
@click.argument("set_file", metavar="SET")
@click.argument("answers_file", metavar="ANSWERS")
def score_command(set_file: str, answers_file: str) -> None:
    """Chấm điểm một tệp câu trả lời theo bộ tiêu chí; in kết quả JSON."""
    _, cs = _read_set(set_file)
    raw = read_json(answers_file, "tệp câu trả lời")
    if not isinstance(raw, dict):
        raise Refusal(f"{answers_file}: tệp câu trả lời phải là một đối tượng JSON "
                      "{\"mã chỉ tiêu\": câu trả lời, …}")
    answers, problems = {}, []
    for code, value in raw.items():
        if not cs.has_item(code):
            problems.append(f"{code}: không có chỉ tiêu này trong bộ tiêu chí {cs.id} v{cs.version}")
            continue
        try:
            answers[code] = answer_from_json(cs.item(code), value)
        except AnswerError as exc:
            where = f"{code} ({exc.field})" if exc.field in ("numerator", "denominator") else code
            problems.append(f"{where}: {exc.message}")
    if problems:
        raise Refusal("\n".join(problems))   # one line per answer at fault
    click.echo(json.dumps(score_set(cs, answers).to_json(), ensure_ascii=False))
