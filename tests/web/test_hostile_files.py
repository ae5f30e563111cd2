"""Files and signatures from a hostile device: what the hardening review reproduced, refused or neutralised."""
from __future__ import annotations

import base64
import io
import struct
import zlib

from PIL import Image

from criteria_app.extensions import db
from criteria_app.models import Evidence, Inspection
from criteria_app.services.uow import transaction
from tests.factories import PNG, minutes_fields, scored, submitted

HX = {"HX-Request": "true"}


def png_header_only(width: int, height: int, mode_byte: int = 0, depth: int = 1) -> bytes:
    """A PNG that claims width × height (a decompression bomb's header) with a tiny, valid IDAT."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, depth, mode_byte, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def jpeg(size=(40, 30), exif_orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, (10, 120, 200))
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0110] = "Máy tính bảng của đoàn"            # device model: metadata that must not survive
    if exif_orientation:
        exif[0x0112] = exif_orientation
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _upload(client, aid, item, blob, name, field="file", url=None):
    url = url or f"/danh-gia/{aid}/chi-tieu/{item}/minh-chung"
    return client.post(url, data={field: (io.BytesIO(blob), name)}, headers=HX, content_type="multipart/form-data")


def _live(aid):
    db.session.rollback()
    return db.session.execute(db.select(Evidence).filter_by(assessment_id=aid, deleted_at=None)).scalars().all()


def test_a_decompression_bomb_is_refused_before_decoding_and_stores_nothing(app, world, login):
    client = login("nghithu")
    aid = world.nghi_thu_assessment.id
    response = _upload(client, aid, "TC02.1", png_header_only(20000, 20000), "bom.png")
    assert response.status_code == 422 and "Ảnh quá lớn" in response.get_data(as_text=True)
    assert "tối đa 40 triệu điểm ảnh" in response.get_data(as_text=True)
    assert _live(aid) == []
    from pathlib import Path
    assert [p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()] == []


def test_an_image_is_re_encoded_upright_without_metadata_and_pages_show_its_thumbnail(app, world, login):
    client = login("nghithu")
    aid = world.nghi_thu_assessment.id
    assert _upload(client, aid, "TC02.1", jpeg((40, 30), exif_orientation=6), "anh.jpg").status_code == 200
    evidence = _live(aid)[0]
    stored = client.get(f"/danh-gia/{aid}/minh-chung/{evidence.id}")
    image = Image.open(io.BytesIO(stored.data))
    assert image.size == (30, 40)                        # orientation 6 applied: now portrait
    assert not image.getexif()                           # no device, no GPS
    page = client.get(f"/danh-gia/{aid}/tieu-chi/TC02").get_data(as_text=True)
    assert f"/minh-chung/{evidence.id}/anh-nho" in page
    thumb = client.get(f"/danh-gia/{aid}/minh-chung/{evidence.id}/anh-nho")
    assert thumb.status_code == 200 and thumb.mimetype == "image/jpeg"
    assert max(Image.open(io.BytesIO(thumb.data)).size) <= 320


def test_names_lose_control_and_bidi_characters_and_take_the_detected_type(world, login):
    client = login("nghithu")
    aid = world.nghi_thu_assessment.id
    assert _upload(client, aid, "TC02.1", PNG, "=cmd|' \u202e gnp.pdf").status_code == 200
    assert _upload(client, aid, "TC02.2", b"%PDF-1.4\n%%EOF\n", "bao-cao.html").status_code == 200
    names = sorted(e.original_name for e in _live(aid))
    assert names == ["=cmd|' gnp.png", "bao-cao.pdf"]
    assert not any("\u202e" in n for n in names)


def test_a_scripted_pdf_is_only_ever_downloaded(world, login):
    client = login("nghithu")
    aid = world.nghi_thu_assessment.id
    pdf = b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF\n"
    assert _upload(client, aid, "TC02.1", pdf, "ke-hoach.pdf").status_code == 200
    evidence = _live(aid)[0]
    for url in (f"/danh-gia/{aid}/minh-chung/{evidence.id}", f"/danh-gia/{aid}/minh-chung/{evidence.id}?xem=1"):
        response = client.get(url)
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/danh-gia/{aid}/minh-chung/{evidence.id}/anh-nho").status_code == 404


def test_an_oversized_request_says_how_large_a_file_may_be(app, world, login):
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    client = login("nghithu")
    aid = world.nghi_thu_assessment.id
    response = _upload(client, aid, "TC02.1", b"%PDF-1.4\n" + b"0" * (100 * 1024), "to.pdf")
    assert response.status_code == 413
    assert "Tệp quá lớn (tối đa 64 KB)." in response.get_data(as_text=True)
    assert _live(aid) == []


def _inspecting(world):
    from criteria_app.services import inspections
    with transaction():
        a = submitted(world)
        inspection = inspections.start_inspection(a, world.users["truongdoan"])
        scored(world, inspection)
    return a, inspection


def test_inspection_photos_take_images_only(world, login):
    a, _ = _inspecting(world)
    client = login("kiemtra1")
    url = f"/kiem-tra/{a.id}/chi-tieu/TC02.3/anh"
    refused = _upload(client, a.id, None, b"%PDF-1.4\n%%EOF\n", "anh.pdf", field="photo", url=url)
    assert refused.status_code == 422 and "Chỉ nhận ảnh JPEG hoặc PNG" in refused.get_data(as_text=True)
    assert _upload(client, a.id, None, jpeg(), "anh.jpg", field="photo", url=url).status_code == 200
    assert [e.content_type for e in _live(a.id)] == ["image/jpeg"]


def _finalised(world):
    from criteria_app.services import inspections
    a, inspection = _inspecting(world)
    lead = world.users["truongdoan"]
    with transaction():
        inspections.save_member_reason(inspection, "TC02.2", "Máy quét hỏng", world.users["kiemtra1"])
        inspections.adopt_unanimous(inspection, lead)
        inspections.set_team_answer(inspection, "TC02.2", 0, "Máy quét hỏng", lead)
        inspections.finalise(inspection, lead, place="Bộ phận Một cửa", ward_representatives="Ông Chủ – Chủ tịch",
                             findings="", conclusion="Đạt", **minutes_fields())
    return a, inspection


SVG_AS_PNG = "data:image/png;base64," + base64.b64encode(
    b'<svg xmlns="http://www.w3.org/2000/svg"><g id="a"><use href="#a"/><use href="#a"/></g></svg>').decode()


def test_a_signature_that_is_svg_or_huge_is_refused_and_a_drawn_one_is_re_encoded(world, login):
    a, inspection = _finalised(world)
    client = login("truongdoan")
    url = f"/kiem-tra/{a.id}/bien-ban/xac-nhan"
    giant = "data:image/png;base64," + base64.b64encode(png_header_only(13000, 13000)).decode()
    for signature in (SVG_AS_PNG, giant, "data:image/png;base64,!!!"):
        refused = client.post(url, data={"password": "pw", "signature": signature})
        assert refused.status_code == 422 and "Chữ ký không hợp lệ." in refused.get_data(as_text=True)
        db.session.rollback()
        assert db.session.get(Inspection, inspection.id).lead_confirmed_at is None
    drawn = Image.new("RGBA", (600, 180), (0, 0, 0, 0))
    drawn.putpixel((10, 10), (0, 0, 0, 255))
    out = io.BytesIO()
    drawn.save(out, "PNG", pnginfo=None)
    sent = "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
    assert client.post(url, data={"password": "pw", "signature": sent}).status_code == 302
    db.session.rollback()
    stored = db.session.get(Inspection, inspection.id).lead_signature
    image = Image.open(io.BytesIO(base64.b64decode(stored.split(",", 1)[1])))
    assert image.format == "PNG" and image.size == (600, 180)


def test_a_signature_stored_before_the_check_prints_nothing(world, login):
    """Signed minutes are locked: an SVG stored earlier must not reach WeasyPrint on every download."""
    a, inspection = _finalised(world)
    stored = db.session.get(Inspection, inspection.id)
    stored.lead_signature = SVG_AS_PNG
    db.session.commit()
    from criteria_app.reports.builders import inspection_minutes
    content = inspection_minutes(stored)
    assert all(s.image_src == "" for s in content.footer.signatures)
