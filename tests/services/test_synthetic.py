"""`flask synthetic`: the same parameters again change nothing; a campaign that would collide with
another is refused in one line; an existing user is never moved."""
from criteria_app.domain.roles import Role
from criteria_app.extensions import db
from criteria_app.models import Answer, Assessment, Campaign, Unit, User
from criteria_app.services.accounts import authenticate, create_or_update_user
from tests.factories import one_line


def _counts():
    return tuple(db.session.query(m).count() for m in (Unit, Campaign, Assessment, Answer, User))


def _user(username="tinh.thunghiem4"):
    db.session.expire_all()
    return db.session.execute(db.select(User).filter_by(username=username)).scalar_one()


def test_the_same_parameters_twice_change_nothing(runner, app_ctx):
    first = runner.invoke(args=["synthetic", "--units", "4", "--password", "mat-khau-1"])
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("Đã tạo «Đợt thử nghiệm 4 đơn vị»")
    counts, password_hash = _counts(), _user().password_hash
    campaign_id = db.session.execute(db.select(Campaign.id)).scalar_one()

    again = runner.invoke(args=["synthetic", "--units", "4", "--password", "mat-khau-1"])
    assert again.exit_code == 0, again.output
    assert again.stdout.strip() == (f"Đã có sẵn «Đợt thử nghiệm 4 đơn vị» (mã đợt {campaign_id}), không thay đổi gì; "
                                    "đăng nhập tinh.thunghiem4 / mat-khau-1")
    assert _counts() == counts

    other_password = runner.invoke(args=["synthetic", "--units", "4", "--password", "mat-khau-2"])
    assert other_password.exit_code == 0
    assert "tinh.thunghiem4 (mật khẩu đặt ở lần chạy trước)" in other_password.stdout
    assert _counts() == counts and _user().password_hash == password_hash


def test_another_seed_for_the_same_units_is_refused_and_the_first_campaign_keeps_its_user(runner, app_ctx):
    assert runner.invoke(args=["synthetic", "--units", "4", "--password", "mat-khau-1"]).exit_code == 0
    counts = _counts()
    first_province = _user().unit_id

    line = one_line(runner.invoke(args=["synthetic", "--units", "4", "--seed", "7", "--password", "mat-khau-2"]))
    assert line == ("Tài khoản tinh.thunghiem4 đã thuộc một đợt thử nghiệm khác (mã tỉnh T06-4); không chuyển "
                    "tài khoản đó sang đợt mới: chạy lại với --seed 6 (không tạo thêm gì) hoặc chọn số đơn vị khác.")
    assert _counts() == counts
    assert _user().unit_id == first_province
    assert authenticate("tinh.thunghiem4", "mat-khau-1") is not None     # the first campaign still has its login

    other_units = runner.invoke(args=["synthetic", "--units", "5", "--seed", "7"])
    assert other_units.exit_code == 0, other_units.output                # another size is another campaign
    assert db.session.query(Campaign).count() == 2


def test_a_real_user_with_the_synthetic_name_is_never_touched(runner, app_ctx, world):
    real = create_or_update_user("tinh.thunghiem4", "mat-khau-that", Role.PROVINCE, unit=world.province)
    db.session.commit()
    counts = _counts()
    line = one_line(runner.invoke(args=["synthetic", "--units", "4"]))
    assert line == ("Tài khoản tinh.thunghiem4 đã có và không thuộc đợt thử nghiệm nào; "
                    "không đụng đến tài khoản đó: chọn số đơn vị khác.")
    assert _counts() == counts
    assert _user().unit_id == world.province.id and authenticate("tinh.thunghiem4", "mat-khau-that") == real


def test_the_service_returns_the_existing_campaign(app_ctx):
    from criteria_app.services.criteria_sets import load_set
    from criteria_app.services.synthetic import create_campaign
    from tests.factories import reference_data
    record, _ = load_set(reference_data())
    first = create_campaign(3, seed=9, criteria_set=record)
    counts = _counts()
    assert create_campaign(3, seed=9, criteria_set=record).id == first.id
    assert _counts() == counts
    with_login = create_campaign(3, seed=9, criteria_set=record, password="mat-khau-3")   # adds the missing login
    assert with_login.id == first.id and _user("tinh.thunghiem3").unit_id == first.province_id
