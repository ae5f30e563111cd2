"""Forms of the administration screens, with Vietnamese labels and messages.

WTForms ships no Vietnamese catalogue: the few built-in messages these fields can produce are
translated by AdminForm.Meta, so no English text ever reaches the page.
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (DateField, IntegerField, PasswordField, SelectChoice, SelectField, SelectMultipleField,
                     StringField)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange, Optional, Regexp

from ..domain.roles import ROLE_LABELS, Role
from ..services.accounts import PASSWORD_MIN_LENGTH

_VIETNAMESE = {
    "Not a valid integer value.": "Nhập một số nguyên.",
    "Not a valid date value.": "Ngày không hợp lệ.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Lựa chọn không hợp lệ.",
    "'%(value)s' is not a valid choice for this field.": "Lựa chọn không hợp lệ.",
    "'%(value)s' are not valid choices for this field.": "Lựa chọn không hợp lệ.",
    "This field is required.": "Trường này là bắt buộc.",
    "Invalid CSRF Token.": "Biểu mẫu đã hết hạn; tải lại trang rồi thử lại.",
    "CSRF token missing.": "Biểu mẫu đã hết hạn; tải lại trang rồi thử lại.",
    "CSRF failed.": "Biểu mẫu đã hết hạn; tải lại trang rồi thử lại.",
    "CSRF token expired.": "Biểu mẫu đã hết hạn; tải lại trang rồi thử lại.",
    "The CSRF token is missing.": "Biểu mẫu đã hết hạn; tải lại trang rồi thử lại.",
    "The CSRF token has expired.": "Biểu mẫu đã hết hạn; tải lại trang rồi thử lại.",
    "The CSRF token is invalid.": "Biểu mẫu đã hết hạn; tải lại trang rồi thử lại.",
    "The CSRF tokens do not match.": "Biểu mẫu đã hết hạn; tải lại trang rồi thử lại.",
}


class _Vietnamese:
    def gettext(self, string: str) -> str:
        return _VIETNAMESE.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


class AdminForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _Vietnamese()

    def add_error(self, field: str | None, message: str) -> None:
        """A refusal of the service, shown beside its field (or above the form)."""
        target = getattr(self, field, None) if field else None
        if target is not None and hasattr(target, "errors"):
            if isinstance(target.errors, tuple):
                target.errors = list(target.errors)
            target.errors.append(message)
        else:
            self.form_errors.append(message)


_optional_day = [Optional()]


class CampaignForm(AdminForm):
    name = StringField("Tên đợt đánh giá", validators=[
        DataRequired("Nhập tên đợt đánh giá."), Length(max=300, message="Tên đợt đánh giá tối đa 300 ký tự.")])
    year = IntegerField("Năm", validators=[
        InputRequired("Nhập năm đánh giá."), NumberRange(2020, 2100, "Năm đánh giá phải từ 2020 đến 2100.")])
    criteria_set_id = SelectField("Bộ tiêu chí và phiên bản", coerce=int,
                                  validators=[InputRequired("Chọn bộ tiêu chí.")])
    reference_date = DateField("Ngày tham chiếu danh mục đơn vị",
                               validators=[InputRequired("Nhập ngày tham chiếu.")])
    self_deadline = DateField("Hạn tự đánh giá", validators=_optional_day)
    inspection_deadline = DateField("Hạn kiểm tra thực tế", validators=_optional_day)
    decision_deadline = DateField("Hạn quyết định công nhận", validators=_optional_day)


class TeamForm(AdminForm):
    name = StringField("Tên đoàn kiểm tra", validators=[
        DataRequired("Nhập tên đoàn kiểm tra."), Length(max=200, message="Tên đoàn kiểm tra tối đa 200 ký tự.")])


class TeamMembersForm(AdminForm):
    lead = SelectField("Trưởng đoàn", coerce=int)
    members = SelectMultipleField("Thành viên", coerce=int)


USERNAME_MESSAGE = "Tên đăng nhập chỉ gồm chữ thường không dấu (a-z), chữ số và các dấu . _ -"
ROLE_CHOICES = [SelectChoice("", "— Chọn vai trò —")] + [SelectChoice(r.value, ROLE_LABELS[r]) for r in Role]


def _role_or_blank(value):
    return value or ""


class _UserFields(AdminForm):
    full_name = StringField("Họ và tên", validators=[
        DataRequired("Nhập họ và tên."), Length(max=200, message="Họ và tên tối đa 200 ký tự.")])
    position = StringField("Chức vụ, nơi công tác", validators=[
        Length(max=200, message="Chức vụ tối đa 200 ký tự.")])
    role = SelectField("Vai trò", choices=ROLE_CHOICES, coerce=_role_or_blank,
                       validators=[DataRequired("Chọn vai trò.")])
    unit_id = IntegerField("Xã/phường", validators=[Optional()])
    team_id = SelectField("Đoàn kiểm tra", coerce=int, validate_choice=False)


class UserCreateForm(_UserFields):
    username = StringField("Tên đăng nhập", validators=[
        DataRequired("Nhập tên đăng nhập."), Length(min=3, max=80, message="Tên đăng nhập dài từ 3 đến 80 ký tự."),
        Regexp(r"^[a-z0-9._-]+$", message=USERNAME_MESSAGE)])
    password = PasswordField("Mật khẩu", validators=[
        DataRequired("Nhập mật khẩu."), Length(min=PASSWORD_MIN_LENGTH, message=f"Mật khẩu phải có ít nhất {PASSWORD_MIN_LENGTH} ký tự.")])
    password_confirm = PasswordField("Nhập lại mật khẩu", validators=[
        EqualTo("password", "Hai lần nhập mật khẩu không khớp.")])


class UserEditForm(_UserFields):
    pass


class PasswordForm(AdminForm):
    password = PasswordField("Mật khẩu mới", validators=[
        DataRequired("Nhập mật khẩu mới."), Length(min=PASSWORD_MIN_LENGTH, message=f"Mật khẩu phải có ít nhất {PASSWORD_MIN_LENGTH} ký tự.")])
    password_confirm = PasswordField("Nhập lại mật khẩu mới", validators=[
        EqualTo("password", "Hai lần nhập mật khẩu không khớp.")])
