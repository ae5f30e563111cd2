"""`flask demo`: loads everything once, again without duplicates, and prints the log-ins."""
from criteria_app.extensions import db
from criteria_app.models import Assessment, Campaign, CriteriaSetRecord, Unit, User


def _counts():
    return tuple(db.session.query(m).count() for m in (Unit, User, Campaign, Assessment, CriteriaSetRecord))


def test_demo_is_idempotent_and_prints_the_logins(runner, app_ctx):
    first = runner.invoke(args=["demo", "--password", "mật-khẩu-demo"])
    assert first.exit_code == 0, first.output
    for username in ("admin", "tinh", "truongdoan", "kiemtra1", "kiemtra2", "nghithu", "chutich.nghithu", "nghihuong"):
        assert username in first.output
    assert "mật-khẩu-demo" in first.output
    counts = _counts()
    again = runner.invoke(args=["demo", "--password", "mật-khẩu-demo"])
    assert again.exit_code == 0 and _counts() == counts
    nghi_thu = db.session.execute(db.select(User).filter_by(username="nghithu")).scalar_one().unit
    assert nghi_thu.path_name() == "Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An"
    province = db.session.execute(db.select(Unit).filter_by(name="Tỉnh Nghệ An")).scalar_one()
    current = db.session.query(Unit).filter(Unit.province_id == province.id, Unit.level == 3,
                                            Unit.valid_to.is_(None)).count()
    assert current == 130
    cua_lo_wards = db.session.query(Unit).filter(Unit.parent_id == nghi_thu.parent_id).count()
    assert cua_lo_wards == 7
    assert db.session.query(Assessment).count() == 7
