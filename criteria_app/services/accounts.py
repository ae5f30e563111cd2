"""Users: password hashing (Argon2id), password policy, log-in, session invalidation."""
from __future__ import annotations

import secrets
import unicodedata
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..domain.roles import Role
from ..extensions import db
from ..models import Team, Unit, User

_hasher = PasswordHasher()
# Verified against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 200
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt")


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def _plain(text: str) -> str:
    """Lower case, no diacritics, no spaces (not domain.text.fold: that one caches what it folds)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and not ch.isspace()).casefold()


def password_problem(password: str, username: str = "") -> str | None:
    """Why a new password is refused (in Vietnamese), or None when it is acceptable: at least 12
    characters, not one of the shipped common passwords, not built on the username."""
    password = password or ""
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"Mật khẩu phải có ít nhất {PASSWORD_MIN_LENGTH} ký tự."
    if len(password) > PASSWORD_MAX_LENGTH:
        return f"Mật khẩu tối đa {PASSWORD_MAX_LENGTH} ký tự."
    folded = _plain(password)
    name = _plain(username or "")
    if name and (folded == name or (len(name) >= 4 and name in folded)):
        return "Mật khẩu không được chứa tên đăng nhập."
    if password.casefold() in _common_passwords() or folded in _common_passwords() or len(set(folded)) < 4:
        return "Mật khẩu này quá phổ biến, dễ bị đoán. Chọn mật khẩu khác (ví dụ một câu ngắn dễ nhớ)."
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_or_update_user(username: str, password: str, role: Role, *, full_name: str = "",
                          position: str = "", unit: Unit | None = None, team: Team | None = None,
                          password_hash: str | None = None) -> User:
    """password_hash: a hash of `password` already made (demo data gives many users one password)."""
    user = db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none()
    if user is None:
        user = User(username=username)
        db.session.add(user)
    user.password_hash = password_hash or hash_password(password)
    user.role = role.value
    user.full_name = full_name
    user.position = position
    user.unit = unit
    user.team = team
    user.active = True
    return user


def authenticate(username: str, password: str) -> User | None:
    user = db.session.execute(db.select(User).filter_by(username=username.strip())).scalar_one_or_none()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    return user


def verify_password(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def end_sessions(user: User) -> None:
    """Invalidate every session cookie issued to this user (logout, password change)."""
    user.session_nonce = secrets.token_hex(16)
    db.session.flush()


def load_session_user(session_id: str) -> User | None:
    user_id, _, nonce = session_id.partition(":")
    if not user_id.isdigit() or not nonce:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not secrets.compare_digest(user.session_nonce, nonce) or not user.active:
        return None
    return user
