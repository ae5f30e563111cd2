"""Documents built from the records: the XLSX read back gives the database's numbers; PDFs carry
the snapshotted unit names; a request never renders more than 10 pages."""
import io
import subprocess
from decimal import Decimal

from openpyxl import load_workbook

from criteria_app.domain.answers import Ratio
from criteria_app.extensions import db
from criteria_app.services import assessments as svc
from criteria_app.services.uow import transaction
from tests.factories import signed


def _numbers(ws):
    header = [c.value for c in ws[1]]
    return header, [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]


def test_self_assessment_xlsx_reads_back_as_the_database(world, login, client):
    a = world.nghi_thu_assessment
    user = world.users["nghithu"]
    with transaction():
        svc.save_answer(a, "TC01.3", Ratio(11, 12), user)
        svc.save_answer(a, "TC04.1", Ratio(72, 100), user)
        svc.save_answer(a, "TC02.2", 3, user)
    login("nghithu")
    response = client.get(f"/danh-gia/{a.id}/bao-cao.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert ws.freeze_panes == "A2"
    header, rows = _numbers(ws)
    result = svc.result(a)
    by_code = {r[header[0]]: r for r in rows if r[header[0]]}
    points_col = next(h for h in header if h and h.startswith("Điểm") and "tối đa" not in h)
    for code in ("TC01.3", "TC04.1", "TC02.2"):
        assert Decimal(str(by_code[code][points_col])).quantize(Decimal("0.01")) == result.item(code).score


def test_request_rendered_pdfs_are_short_and_print_the_snapshot(world, login, client, tmp_path):
    from datetime import date

    from criteria_app.services import review
    a, _ = signed(world)
    with transaction():
        letter = review.refuse(a, world.users["tinh"], reason="Chưa đạt TC02", decided_on=date(2023, 12, 1),
                               number="4120", signer=world.users["tinh"])
    world.cua_lo.name = "Thành phố Vinh"      # renamed since: documents keep the name of the time
    db.session.commit()
    login("tinh")
    for url in (f"/danh-gia/{a.id}/bao-cao.pdf", f"/kiem-tra/{a.id}/bien-ban.pdf",
                f"/tinh/dot/{world.campaign.id}/van-ban/{letter.id}.pdf"):
        response = client.get(url)
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
        path = tmp_path / "doc.pdf"
        path.write_bytes(response.data)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[-1])
        assert pages <= 10, (url, pages)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Nghi Thu" in text
        assert "Vinh" not in text
