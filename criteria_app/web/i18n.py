"""Language choice: Vietnamese by default, English on request (?lang=en, kept in the session)."""
from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale

# Each language named in itself, as the switch in the top bar shows it.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def select_locale() -> str:
    wanted = request.args.get("lang")
    if wanted in current_app.config["LANGUAGES"]:
        session["lang"] = wanted
    return session.get("lang", current_app.config["BABEL_DEFAULT_LOCALE"])


def current_lang() -> str:
    """'vi' or 'en': the language of this request (the default outside one)."""
    locale = get_locale() if has_request_context() else None
    return locale.language if locale is not None else current_app.config["BABEL_DEFAULT_LOCALE"]


def is_english() -> bool:
    return current_lang() == "en"


def lang_url(code: str) -> str:
    """The current page in another language: same path and query, with lang=<code>."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", code)]
    return f"{request.script_root}{quote(request.path)}?{urlencode(args)}"
