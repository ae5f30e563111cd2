"""What the administration forms share: Vietnamese for WTForms' own messages, and fields that only
parse what the browser sent.

What is required, how long a text may be and which values make sense are the services' rules
(services/campaigns.py, teams.py, users.py): their refusals are shown beside the fields by
web/forms.py show_service_error. A field here refuses only a value it cannot read (a number, a date,
a choice that was not offered); nothing typed reads as None. The `required`, `maxlength`... attributes
of the inputs come from the services' limits, for the browser and for assistive technology. Typing a new
password twice is the form's own check: the service gets one password.

WTForms ships no Vietnamese catalogue: the few built-in messages these fields can produce are
translated by AdminForm.Meta, so no English text ever reaches the page.
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField

from ..converters import parse_id

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


def _blank(valuelist) -> bool:
    return bool(valuelist) and not " ".join(valuelist).strip()


class WholeNumberField(IntegerField):
    """A whole number of at most nine digits (a year, an id); nothing typed is None."""

    def process_formdata(self, valuelist):
        if _blank(valuelist):
            self.data = None
            return
        text = valuelist[0].strip() if valuelist else ""
        if len(text.lstrip("+-0")) > 9:       # before int(): thousands of digits are refused, not parsed
            self.data = None
            raise ValueError(self.gettext("Not a valid integer value."))
        super().process_formdata(valuelist)


class DayField(DateField):
    """A date (YYYY-MM-DD, as a date input sends it); nothing typed is None."""

    def process_formdata(self, valuelist):
        if _blank(valuelist):
            self.data = None
            return
        super().process_formdata(valuelist)


def id_or_none(value):
    """Coerce a select's value to a record id; the empty value is None; anything that cannot be an id
    of a record (text, a number beyond the column) is refused as a choice not offered."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    parsed = parse_id(str(value))
    if parsed is None:
        raise ValueError("not an id")
    return parsed


class RecordField(SelectField):
    """A record chosen among those offered, by id (coerce=id_or_none); the empty value is None."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, coerce=id_or_none, **kwargs)

    def pre_validate(self, form):
        if self.data is not None:
            super().pre_validate(form)
