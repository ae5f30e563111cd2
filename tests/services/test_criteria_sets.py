"""`flask criteria validate|load|score` and the immutability of a stored (id, version)."""
import json

from criteria_app.extensions import db
from criteria_app.models import CriteriaSetRecord
from tests.conftest import REFERENCE_SET
from tests.factories import full_answers, reference_data


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_validate_prints_a_one_line_summary(runner):
    result = runner.invoke(args=["criteria", "validate", str(REFERENCE_SET)])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "de-an-06-kieu-mau v1" in lines[0] and "13 tiêu chí" in lines[0] and "32 chỉ tiêu" in lines[0]


def test_validate_lists_one_message_per_problem_naming_the_code(runner, tmp_path):
    data = reference_data()
    data["criteria"][0]["items"][0]["points"] = "3"          # TC01 no longer adds up
    data["criteria"][1]["items"][0]["target"] = "1.5"        # TC02.1 target outside (0, 1]
    data["recognition"]["mandatory"].append("TC99")          # names no criterion
    result = runner.invoke(args=["criteria", "validate", _write(tmp_path, "bad.json", data)])
    assert result.exit_code == 1
    problems = result.stderr.strip().splitlines()
    assert any(p.startswith("TC01:") for p in problems)
    assert any(p.startswith("TC02.1:") for p in problems)
    assert any(p.startswith("TC99:") for p in problems)
    assert len(problems) == 3
    assert "Traceback" not in result.output


def test_validate_refuses_a_file_that_is_not_json(runner, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{ not json", encoding="utf-8")
    result = runner.invoke(args=["criteria", "validate", str(path)])
    assert result.exit_code == 1
    assert "JSON" in result.output


def test_load_is_a_no_op_for_identical_content_and_refuses_changed_content(runner, app_ctx, tmp_path):
    first = runner.invoke(args=["criteria", "load", str(REFERENCE_SET)])
    assert first.exit_code == 0, first.output
    again = runner.invoke(args=["criteria", "load", str(REFERENCE_SET)])
    assert again.exit_code == 0
    assert "không thay đổi" in again.output
    assert db.session.query(CriteriaSetRecord).count() == 1
    stored = db.session.query(CriteriaSetRecord).one().content

    changed = reference_data()
    changed["title"] = "Tiêu đề khác"
    refused = runner.invoke(args=["criteria", "load", _write(tmp_path, "changed.json", changed)])
    assert refused.exit_code == 1
    assert "de-an-06-kieu-mau" in refused.output
    db.session.expire_all()
    assert db.session.query(CriteriaSetRecord).one().content == stored

    changed["version"] = 2
    newer = runner.invoke(args=["criteria", "load", _write(tmp_path, "v2.json", changed)])
    assert newer.exit_code == 0
    assert db.session.query(CriteriaSetRecord).count() == 2


def test_score_prints_the_result_as_json(runner, tmp_path):
    from criteria_app.domain.criteria import parse_criteria_set
    answers = full_answers(parse_criteria_set(reference_data()))
    answers["TC04.1"] = {"numerator": 72, "denominator": 100}   # 6 × 0.72 / 0.9 = 4.80
    answers["TC08.1"] = "na"
    result = runner.invoke(args=["criteria", "score", str(REFERENCE_SET), _write(tmp_path, "a.json", answers)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert set(out) == {"set", "version", "total", "max", "complete", "recognised", "passed_count", "criteria"}
    assert out["total"] == "98.80" and out["max"] == "100.00"
    assert out["complete"] is True and out["recognised"] is True and out["passed_count"] == 12
    tc04 = next(c for c in out["criteria"] if c["code"] == "TC04")
    assert tc04 == {"code": "TC04", "score": "8.80", "max": "10.00", "passed": False, "complete": True}


def test_score_refuses_invalid_answers_naming_the_item_without_traceback(runner, tmp_path):
    answers = {"TC01.3": {"numerator": 5, "denominator": 3}, "TC99.9": True, "TC04.1": "na"}
    result = runner.invoke(args=["criteria", "score", str(REFERENCE_SET), _write(tmp_path, "bad.json", answers)])
    assert result.exit_code == 1
    assert "TC01.3" in result.output and "TC99.9" in result.output and "TC04.1" in result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert "TC01.3" in result.stderr


def test_score_names_what_each_kind_of_item_accepts_and_shows_values_as_json(runner, tmp_path):
    answers = {"TC01.1": "yes", "TC02.3": None, "TC02.2": 2.5, "TC13.1": -1, "TC04.1": 0.72, "TC04.2": "90%",
               "TC01.3": {"numerator": -1, "denominator": 12}, "TC09.1": {"numerator": 9}}
    result = runner.invoke(args=["criteria", "score", str(REFERENCE_SET), _write(tmp_path, "kinds.json", answers)])
    assert result.exit_code == 1 and result.stdout == ""
    ratio = 'tỷ lệ {"numerator": n, "denominator": d} với n, d là số nguyên, 0 ≤ n ≤ d'
    assert result.stderr.splitlines() == [
        'TC01.1: Câu trả lời không hợp lệ "yes"; chỉ tiêu này nhận Có/Không: true hoặc false.',
        "TC02.3: Câu trả lời không hợp lệ null; chỉ tiêu này nhận Có/Không: true hoặc false.",
        "TC02.2: Câu trả lời không hợp lệ 2.5; chỉ tiêu này nhận số nguyên không âm, ví dụ 3.",
        "TC13.1: Câu trả lời không hợp lệ -1; chỉ tiêu này nhận số nguyên không âm, ví dụ 3.",
        f"TC04.1: Câu trả lời không hợp lệ 0.72; chỉ tiêu này nhận {ratio}.",
        f'TC04.2: Câu trả lời không hợp lệ "90%"; chỉ tiêu này nhận {ratio}, hoặc "na" (không phát sinh).',
        "TC01.3 (numerator): Không được là số âm.",
        'TC09.1: Tỷ lệ phải có đúng hai khóa "numerator" và "denominator", nhận {"numerator": 9}.',
    ]
