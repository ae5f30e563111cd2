"""`flask criteria validate|load|score`: criteria sets from the command line."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from .domain.answers import AnswerError, answer_from_json
from .domain.criteria import CriteriaSet, CriteriaSetError
from .domain.scoring import fmt, score_set

criteria_cli = AppGroup("criteria", help="Bộ tiêu chí: kiểm tra, nạp, chấm điểm.")


def _read_or_exit(path: str) -> tuple[dict, CriteriaSet]:
    from .services.criteria_sets import read_set_file
    try:
        return read_set_file(path)
    except CriteriaSetError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        sys.exit(1)


def _summary(cs: CriteriaSet) -> str:
    items = sum(len(c.items) for c in cs.criteria)
    rec = cs.recognition
    rule = (f"công nhận khi đạt ≥ {fmt(rec.min_total)} điểm và các tiêu chí bắt buộc "
            f"{', '.join(rec.mandatory) or '(không có)'}") if rec.mode == "points" else \
        "công nhận khi đạt tất cả tiêu chí"
    return (f"{cs.id} v{cs.version}: {len(cs.criteria)} tiêu chí, {items} chỉ tiêu, "
            f"{fmt(cs.max_points)} điểm; {rule}")


@criteria_cli.command("validate")
@click.argument("file", type=click.Path(dir_okay=False))
def validate_command(file: str) -> None:
    """Kiểm tra một tệp bộ tiêu chí (JSON)."""
    _, cs = _read_or_exit(file)
    click.echo(f"Hợp lệ: {_summary(cs)}")


@criteria_cli.command("load")
@click.argument("file", type=click.Path(dir_okay=False))
def load_command(file: str) -> None:
    """Kiểm tra và lưu một bộ tiêu chí; (id, version) đã có với nội dung khác thì từ chối."""
    from .services.criteria_sets import CriteriaSetConflict, load_set
    from .services.uow import transaction
    data, cs = _read_or_exit(file)
    try:
        with transaction():
            _, created = load_set(data)
    except CriteriaSetConflict as exc:
        click.echo(exc.message, err=True)
        sys.exit(1)
    click.echo(("Đã nạp: " if created else "Đã có sẵn, không thay đổi: ") + _summary(cs))


@criteria_cli.command("score")
@click.argument("set_file", type=click.Path(dir_okay=False))
@click.argument("answers_file", type=click.Path(dir_okay=False))
def score_command(set_file: str, answers_file: str) -> None:
    """Chấm điểm một tệp câu trả lời theo bộ tiêu chí; in kết quả JSON."""
    _, cs = _read_or_exit(set_file)
    try:
        raw = json.loads(Path(answers_file).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        click.echo(f"{answers_file}: không đọc được tệp câu trả lời ({exc})", err=True)
        sys.exit(1)
    if not isinstance(raw, dict):
        click.echo(f"{answers_file}: tệp câu trả lời phải là một đối tượng JSON (mã chỉ tiêu → câu trả lời)", err=True)
        sys.exit(1)
    answers, problems = {}, []
    for code, value in raw.items():
        if not cs.has_item(code):
            problems.append(f"{code}: không có chỉ tiêu này trong bộ tiêu chí {cs.id} v{cs.version}")
            continue
        try:
            answers[code] = answer_from_json(cs.item(code), value)
        except AnswerError as exc:
            problems.append(str(exc))
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        sys.exit(1)
    click.echo(json.dumps(score_set(cs, answers).to_json(), ensure_ascii=False))
