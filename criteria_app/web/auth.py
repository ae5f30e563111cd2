"""Log-in, log-out, and the landing page of each role."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..domain import permissions
from ..extensions import login_manager
from ..services import accounts
from ..services.uow import transaction
from .forms import ConfirmForm, LoginForm
from .htmx import is_htmx, render

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
login_manager.login_message_category = "info"


@login_manager.user_loader
def _load_user(session_id: str):
    return accounts.load_session_user(session_id)


@login_manager.unauthorized_handler
def _unauthorized():
    if is_htmx():
        # An expired session during an autosave: send the whole page to the log-in screen.
        response = Response("", status=401)
        response.headers["HX-Redirect"] = url_for("auth.login", next=request.headers.get("HX-Current-URL", ""))
        return response
    if request.accept_mimetypes.best == "application/json":
        abort(401)
    flash(login_manager.login_message, "info")
    return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("auth.home"))
        error = "Tên đăng nhập hoặc mật khẩu không đúng."
    return render("auth/login.html", form=form, error=error, http_status=200 if not error else 401)


@bp.post("/logout")
@login_required
def logout():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with transaction():
        accounts.end_sessions(current_user._get_current_object())
    logout_user()
    flash("Đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


@bp.get("/")
@login_required
def home():
    if permissions.can_use_admin(current_user.actor):
        return redirect(url_for("province.index"))
    return redirect(url_for("wards.index"))
