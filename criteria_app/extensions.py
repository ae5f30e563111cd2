"""Extensions created here and bound to the app in create_app."""
from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData

# Stable constraint names, so migrations behave the same on SQLite and PostgreSQL.
naming = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
# Objects stay loaded after commit: a save commits, then renders from the same objects without
# re-fetching them. Queries whose rows a core statement may have changed use populate_existing.
db = SQLAlchemy(metadata=MetaData(naming_convention=naming), session_options={"expire_on_commit": False})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = HTMX()
# Limits are declared on the routes that check a password (web/limits.py); none applies elsewhere.
# Storage: Redis when REDIS_URL is set (shared by every worker), else this process's memory; when
# Redis is unreachable the limiter falls back to memory rather than refusing to log anyone in.
limiter = Limiter(key_func=get_remote_address, in_memory_fallback_enabled=True)
