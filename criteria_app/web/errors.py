"""App-wide error handling: Vietnamese error pages, short fragments for HTMX requests.

Views never catch PermissionDenied or NotFound: they reach these handlers (403, 404). A refusal
(ServiceError, TransitionRefused) that a view does not show beside a field becomes a message: a
fragment for HTMX, a flash on the page the user came from for a posted form, a page otherwise.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, flash, redirect, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..domain.workflow import TransitionRefused
from ..extensions import db
from ..services.errors import NotFound, PermissionDenied, ServiceError
from .htmx import is_htmx, render

MESSAGES = {
    400: ("Yêu cầu không hợp lệ", "Yêu cầu không hợp lệ. Tải lại trang rồi thử lại."),
    401: ("Chưa đăng nhập", "Vui lòng đăng nhập."),
    403: ("Không có quyền", "Bạn không có quyền truy cập trang này."),
    404: ("Không tìm thấy", "Không tìm thấy trang hoặc hồ sơ này."),
    405: ("Không hỗ trợ", "Thao tác này không được hỗ trợ."),
    413: ("Tệp quá lớn", "Tệp gửi lên quá lớn."),
    415: ("Không hỗ trợ", "Chỉ nhận dữ liệu gửi từ biểu mẫu."),
    422: ("Không thực hiện được", "Không thực hiện được thao tác này."),
    500: ("Lỗi hệ thống", "Đã có lỗi xảy ra. Dữ liệu đã lưu trước đó không bị mất; vui lòng thử lại."),
}


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{max(1, limit // 1024)} KB"


def _page(code: int, message: str | None = None):
    title, default = MESSAGES.get(code, MESSAGES[422 if 400 <= code < 500 else 500])
    template = "errors/_error.html" if is_htmx() else "errors/error.html"
    return render(template, code=code, title=title, message=message or default, http_status=code)


def _back_url() -> str | None:
    """The same-site page a form was posted from."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def refusal(message: str):
    """A use case refused: say why where the user is."""
    if is_htmx() or request.method == "GET":
        return _page(422, message)
    back = _back_url()
    if back is None:
        return _page(422, message)
    flash(message, "error")
    return redirect(back)


def register(app: Flask) -> None:
    for code in MESSAGES:
        if code not in (413, 500):
            app.register_error_handler(code, lambda e, code=code: _page(code))

    @app.errorhandler(413)
    def _too_large(e):
        return _page(413, f"Tệp quá lớn (tối đa {_size(app.config['MAX_CONTENT_LENGTH'])}).")

    @app.errorhandler(500)
    def _server_error(e):
        db.session.rollback()   # a failed transaction must not break the error page itself
        return _page(500)

    @app.errorhandler(PermissionDenied)
    def _forbidden(e):
        db.session.rollback()
        return _page(403)

    @app.errorhandler(NotFound)
    def _not_found(e):
        db.session.rollback()
        return _page(404)

    @app.errorhandler(ServiceError)
    def _service_error(e):
        db.session.rollback()
        return refusal(e.message)

    @app.errorhandler(TransitionRefused)
    def _transition_refused(e):
        db.session.rollback()
        return refusal(e.message)

    @app.errorhandler(CSRFError)
    def _csrf(e):
        return _page(400, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Tải lại trang rồi thử lại; "
                          "dữ liệu đã lưu không bị mất.")

    @app.errorhandler(HTTPException)
    def _other_http(e):
        if getattr(e, "response", None) is not None:   # a response made for it (e.g. the log-in throttle's)
            return e.response
        return _page(e.code or 500)
