"""Throttling of the routes that check a password: log-in and the confirmation of the minutes.

Each is limited per account and per client address (the limits are in config.py). Log-in counts
only wrong passwords; past the limit even the right one is refused until the window ends, and the
page says when to try again. The counters live in Redis when REDIS_URL is set.
"""
from __future__ import annotations

import math
import time
from datetime import datetime, timedelta, timezone

from flask import current_app, flash, redirect, request, url_for
from flask_babel import format_time
from flask_limiter import RequestLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user

from ..extensions import limiter


def _config(name: str):
    return lambda: current_app.config[name]


def _account() -> str:
    return "account:" + (request.form.get("username") or "").strip().casefold()[:80]


def _signed_in_account() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return "address:" + get_remote_address()


def retry_message(limit: RequestLimit, what: str) -> str:
    """'… Vui lòng thử lại sau 45 giây (lúc 14:05:30).' in the app's time zone."""
    seconds = max(1, math.ceil(limit.reset_at - time.time()))
    at = format_time(datetime.now(timezone.utc) + timedelta(seconds=seconds), "HH:mm:ss")
    wait = f"{seconds} giây" if seconds < 120 else f"{math.ceil(seconds / 60)} phút"
    return f"{what} Vui lòng thử lại sau {wait} (lúc {at})."


def _retry_after(response, limit: RequestLimit):
    response.headers["Retry-After"] = str(max(1, math.ceil(limit.reset_at - time.time())))
    return response


def _login_refused(limit: RequestLimit):
    from .auth import login_page
    message = retry_message(limit, "Đã nhập sai mật khẩu quá nhiều lần.")
    return _retry_after(login_page(password_error=message, http_status=429), limit)


def _confirmation_refused(limit: RequestLimit):
    flash(retry_message(limit, "Đã nhập mật khẩu xác nhận quá nhiều lần."), "error")
    minutes = url_for("inspections.minutes", assessment_id=(request.view_args or {}).get("assessment_id", 0))
    return _retry_after(redirect(minutes, code=303), limit)


def _wrong_password(response) -> bool:
    return response.status_code == 401


def login_limits(view):
    """Wrong passwords on POST /login, by the account typed and by the client's address."""
    for name, key in (("LOGIN_LIMIT_PER_ACCOUNT", _account), ("LOGIN_LIMIT_PER_ADDRESS", get_remote_address)):
        view = limiter.limit(_config(name), key_func=key, methods=["POST"], deduct_when=_wrong_password,
                             on_breach=_login_refused, scope=name)(view)
    return view


def password_confirmation_limits(view):
    """Every attempt at re-entering one's password to confirm, by account and by address."""
    for name, key in (("PASSWORD_CONFIRM_LIMIT_PER_ACCOUNT", _signed_in_account),
                      ("PASSWORD_CONFIRM_LIMIT_PER_ADDRESS", get_remote_address)):
        view = limiter.limit(_config(name), key_func=key, methods=["POST"], on_breach=_confirmation_refused,
                             scope=name)(view)
    return view
