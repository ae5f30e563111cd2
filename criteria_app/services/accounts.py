"""Users: password hashing (Argon2id), log-in, session invalidation."""
from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..domain.roles import Role
from ..extensions import db
from ..models import Team, Unit, User

_hasher = PasswordHasher()
# Verified against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


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
