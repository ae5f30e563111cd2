"""WTForms classes, with messages in Vietnamese."""
from flask_wtf import FlaskForm
from wtforms import DateField, PasswordField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
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


def show_service_error(form: FlaskForm, error) -> None:
    """A service's refusal beside the field it names (the service holds the rule and the message).

    A field whose value could not be read keeps that message alone."""
    for name, message in (getattr(error, "errors", None) or {error.field: error.message}).items():
        field = getattr(form, name, None) if name else None
        if field is None:
            form.form_errors.append(message)
        elif not field.errors:
            field.errors = [message]


# The province's forms parse what the browser sent (dates); what is required and how long a text may
# be are the services' rules (services/review.py), shown beside the field by show_service_error.

class ReturnForm(FlaskForm):
    criteria = SelectMultipleField("Tiêu chí cần bổ sung", choices=[], widget=ListWidget(prefix_label=False),
                                   option_widget=CheckboxInput(), render_kw={"required": False},
                                   validate_choice=False)
    reason = TextAreaField("Lý do trả lại")


class SignerField(SelectField):
    """The person who signs, chosen among those whose rank can sign for the body (choices set by the view)."""

    def __init__(self, label="Người ký", **kwargs):
        super().__init__(label, choices=[], validate_choice=False, **kwargs)


class ProposeForm(FlaskForm):
    number = StringField("Số tờ trình")
    issued_on = VnDateField("Ngày tờ trình", validators=[Optional()])
    signer = SignerField("Người ký tờ trình")
    note = TextAreaField("Ý kiến thẩm định")


class ApproveForm(FlaskForm):
    number = StringField("Số quyết định")
    decided_on = VnDateField("Ngày ký", validators=[Optional()])
    signer = SignerField()
    valid_from = VnDateField("Có hiệu lực từ", validators=[Optional()])
    valid_to = VnDateField("Đến ngày", validators=[Optional()])


class RefuseForm(FlaskForm):
    reason = TextAreaField("Lý do không công nhận")
    number = StringField("Số công văn")
    decided_on = VnDateField("Ngày ký", validators=[Optional()])
    signer = SignerField()


class RevokeForm(FlaskForm):
    reason = TextAreaField("Lý do thu hồi")
    number = StringField("Số quyết định thu hồi")
    decided_on = VnDateField("Ngày ký", validators=[Optional()])
    signer = SignerField()


class ReasonForm(FlaskForm):
    reason = TextAreaField("Lý do")


class IssueProposalForm(FlaskForm):
    number = StringField("Số tờ trình")
    issued_on = VnDateField("Ngày tờ trình", validators=[Optional()])
    signer = SignerField("Người ký tờ trình")


class SubmitForm(FlaskForm):
    """The chairman numbers and dates the self-assessment report sent with the submission."""
    report_number = StringField("Số báo cáo")
    report_date = VnDateField("Ngày báo cáo", validators=[Optional()])
