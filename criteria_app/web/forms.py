"""WTForms classes, with messages in Vietnamese."""
from flask_wtf import FlaskForm
from wtforms import DateField, PasswordField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget


class LoginForm(FlaskForm):
    username = StringField("Tên đăng nhập", validators=[DataRequired("Nhập tên đăng nhập."), Length(max=80)])
    password = PasswordField("Mật khẩu", validators=[DataRequired("Nhập mật khẩu.")])


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for actions behind a button."""


class VnDateField(DateField):
    """A date typed or picked as YYYY-MM-DD, with a Vietnamese message when it is not a date."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Ngày không hợp lệ.") from None


class ReturnForm(FlaskForm):
    criteria = SelectMultipleField("Tiêu chí cần bổ sung", choices=[], widget=ListWidget(prefix_label=False),
                                   option_widget=CheckboxInput(), render_kw={"required": False},
                                   validators=[DataRequired("Chọn ít nhất một tiêu chí cần bổ sung.")])
    reason = TextAreaField("Lý do trả lại", validators=[DataRequired("Nêu lý do trả lại."), Length(max=5000)])


class ProposeForm(FlaskForm):
    note = TextAreaField("Ý kiến thẩm định", validators=[Optional(), Length(max=5000)])


class ApproveForm(FlaskForm):
    number = StringField("Số quyết định", validators=[DataRequired("Nhập số quyết định."), Length(max=100)])
    decided_on = VnDateField("Ngày quyết định", validators=[InputRequired("Nhập ngày quyết định.")])
    signer = StringField("Người ký", validators=[DataRequired("Nhập người ký quyết định."), Length(max=200)])
    valid_from = VnDateField("Có hiệu lực từ", validators=[InputRequired("Nhập ngày có hiệu lực.")])
    valid_to = VnDateField("Đến ngày", validators=[Optional()])


class RefuseForm(FlaskForm):
    reason = TextAreaField("Lý do không công nhận", validators=[DataRequired("Nêu lý do không công nhận."), Length(max=5000)])
    decided_on = VnDateField("Ngày quyết định", validators=[InputRequired("Nhập ngày quyết định.")])
    number = StringField("Số văn bản (nếu có)", validators=[Optional(), Length(max=100)])


class ReasonForm(FlaskForm):
    reason = TextAreaField("Lý do", validators=[DataRequired("Nêu lý do."), Length(max=5000)])
