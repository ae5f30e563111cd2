"""Error pages in Vietnamese; HTMX requests get a short fragment instead of a whole page."""
from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFError

from .htmx import is_htmx, render

MESSAGES = {
    400: ("Yêu cầu không hợp lệ", "Yêu cầu không hợp lệ. Tải lại trang rồi thử lại."),
    401: ("Chưa đăng nhập", "Vui lòng đăng nhập."),
    403: ("Không có quyền", "Bạn không có quyền truy cập trang này."),
    404: ("Không tìm thấy", "Không tìm thấy trang hoặc hồ sơ này."),
    405: ("Không hỗ trợ", "Thao tác này không được hỗ trợ."),
    413: ("Tệp quá lớn", "Tệp gửi lên quá lớn."),
    500: ("Lỗi hệ thống", "Đã có lỗi xảy ra. Dữ liệu đã lưu trước đó không bị mất; vui lòng thử lại."),
}


def _page(code: int, message: str | None = None):
    title, default = MESSAGES.get(code, MESSAGES[500])
    template = "errors/_error.html" if is_htmx() else "errors/error.html"
    return render(template, code=code, title=title, message=message or default, http_status=code)


def register(app: Flask) -> None:
    for code in MESSAGES:
        app.register_error_handler(code, lambda e, code=code: _page(code))

    @app.errorhandler(CSRFError)
    def _csrf(e):
        return _page(400, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Tải lại trang rồi thử lại; "
                          "dữ liệu đã lưu không bị mất.")
