"""Log-in, log-out, and the landing page of each role."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..domain import permissions
from ..extensions import login_manager
from ..services import accounts
from ..services.uow import transaction
from .forms import ConfirmForm, LoginForm
from .htmx import is_htmx, render
from .limits import login_limits

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
        # The page the user was on, not the fragment's URL: HX-Current-URL, kept to its path and query.
        back = _same_site(request.headers.get("HX-Current-URL", ""))
        response.headers["HX-Redirect"] = url_for("auth.login", next=back) if back else url_for("auth.login")
        return response
    if request.accept_mimetypes.best == "application/json":
        abort(401)
    flash(login_manager.login_message, "info")
    return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))


def _same_site(url: str) -> str | None:
    """The path and query of a URL of this site (absolute or not), or None for another site."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc != request.host):
        return None
    return _safe_next(parts.path + ("?" + parts.query if parts.query else ""))


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def login_page(form: LoginForm | None = None, *, error: str | None = None, password_error: str | None = None,
               http_status: int = 200):
    """The log-in page, keeping what was typed (never the password)."""
    return render("auth/login.html", form=form or LoginForm(), error=error, password_error=password_error,
                  http_status=http_status)


def _start_session(user) -> None:
    """A new session for a new log-in: nothing of the anonymous one is kept (a fixed session or
    CSRF token planted before log-in is worthless after), except the language chosen."""
    lang = session.get("lang")
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)   # Flask-WTF's cached token
    if lang:
        session["lang"] = lang
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@login_limits
def login():
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is not None:
            _start_session(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("auth.home"))
        return login_page(form, error="Tên đăng nhập hoặc mật khẩu không đúng.", http_status=401)
    return login_page(form)


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
