"""criteria_app.domain is plain Python: no framework, no database, no PDF, no I/O.

Two checks, each with a self-test proving it fails on an impure module:
- dynamic: import every module of the package in a fresh interpreter and look at sys.modules;
- static: read every file with `ast` and refuse forbidden imports and I/O calls.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "criteria_app"
DOMAIN_DIR = PACKAGE_DIR / "domain"
EXPECTED_MODULES = {"criteria", "answers", "scoring", "text", "workflow", "roles", "permissions"}

FRAMEWORKS = {"flask", "sqlalchemy", "flask_sqlalchemy", "weasyprint", "werkzeug", "jinja2"}
FORBIDDEN_IMPORTS = FRAMEWORKS | {
    # I/O, processes, network
    "os", "pathlib", "socket", "requests", "urllib", "sqlite3", "subprocess", "io", "shutil",
    "tempfile", "http", "importlib",
    # the rest of the stack
    "psycopg", "psycopg2", "redis", "rq", "openpyxl", "alembic", "wtforms", "markupsafe",
    "flask_login", "flask_wtf", "flask_babel", "flask_migrate", "flask_htmx",
}
FORBIDDEN_CALLS = {"open", "input", "__import__", "exec", "eval", "compile", "breakpoint"}

# Runs in a fresh interpreter. criteria_app/__init__.py is the Flask application factory, so the
# parent package is replaced by an empty stand-in: only criteria_app.domain itself gets imported.
PROBE = textwrap.dedent("""
    import importlib, json, pkgutil, sys, types
    package_dir, frameworks = sys.argv[1], json.loads(sys.argv[2])
    parent = types.ModuleType("criteria_app")
    parent.__path__ = [package_dir]
    sys.modules["criteria_app"] = parent
    domain = importlib.import_module("criteria_app.domain")
    names = []
    def failed(name):
        raise ImportError(name)
    for info in pkgutil.walk_packages(domain.__path__, "criteria_app.domain.", onerror=failed):
        importlib.import_module(info.name)
        names.append(info.name)
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in frameworks)
    print(json.dumps({"modules": names, "loaded": loaded}))
""")


def probe(package_dir: Path) -> dict:
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, str(package_dir), json.dumps(sorted(FRAMEWORKS))],
        capture_output=True, text=True, timeout=60, cwd=str(package_dir.parent),
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_importing_every_domain_module_loads_no_framework():
    result = probe(PACKAGE_DIR)
    imported = {name.rsplit(".", 1)[-1] for name in result["modules"]}
    assert EXPECTED_MODULES <= imported, imported
    assert result["loaded"] == [], f"criteria_app.domain pulls in {result['loaded']}"


def test_import_probe_catches_a_framework_import(tmp_path):
    """The same probe, on a stand-in package whose domain module imports flask, reports it."""
    fake = tmp_path / "src" / "criteria_app"
    (fake / "domain").mkdir(parents=True)
    (fake / "__init__.py").write_text("raise RuntimeError('the parent package must not run')\n")
    (fake / "domain" / "__init__.py").write_text("")
    (fake / "domain" / "rules.py").write_text("import json\n")
    (fake / "domain" / "helpers.py").write_text("from werkzeug.utils import secure_filename\n")
    result = probe(fake)
    assert {"criteria_app.domain.rules", "criteria_app.domain.helpers"} <= set(result["modules"])
    assert "werkzeug" in result["loaded"]


# ---------------------------------------------------------------- static check

def _resolve(module_parts: list[str], level: int, module: str | None) -> str:
    """Absolute name of a relative import made from a module in package `module_parts`."""
    base = module_parts[: len(module_parts) - (level - 1)] if level > 1 else module_parts
    return ".".join(base + ([module] if module else []))


def impurities(source: str, package_parts: list[str]) -> list[str]:
    """Forbidden imports and calls in the source of a module of package `package_parts`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in FORBIDDEN_IMPORTS:
                    found.append(f"line {node.lineno}: import {alias.name}")
                elif alias.name.split(".")[0] == "criteria_app" and not alias.name.startswith("criteria_app.domain"):
                    found.append(f"line {node.lineno}: import {alias.name} (outside the domain)")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                target = _resolve(package_parts, node.level, node.module)
                if not (target == "criteria_app.domain" or target.startswith("criteria_app.domain.")):
                    found.append(f"line {node.lineno}: from {'.' * node.level}{node.module or ''} (outside the domain)")
            else:
                top = (node.module or "").split(".")[0]
                if top in FORBIDDEN_IMPORTS:
                    found.append(f"line {node.lineno}: from {node.module} import ...")
                elif top == "criteria_app" and not node.module.startswith("criteria_app.domain"):
                    found.append(f"line {node.lineno}: from {node.module} (outside the domain)")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name in FORBIDDEN_CALLS or name in {"read_text", "write_text", "read_bytes", "write_bytes"}:
                found.append(f"line {node.lineno}: call {name}()")
    return found


def domain_files() -> list[Path]:
    files = sorted(DOMAIN_DIR.rglob("*.py"))
    assert {f.stem for f in files} >= EXPECTED_MODULES | {"__init__"}
    return files


@pytest.mark.parametrize("path", domain_files(), ids=lambda p: str(p.relative_to(DOMAIN_DIR)))
def test_domain_file_imports_no_framework_and_does_no_io(path):
    relative = path.relative_to(PACKAGE_DIR.parent).with_suffix("")
    package_parts = list(relative.parts[:-1])  # for __init__.py too: its package is its folder
    assert impurities(path.read_text(encoding="utf-8"), package_parts) == []


DOMAIN = ["criteria_app", "domain"]


@pytest.mark.parametrize(
    "source",
    [
        "import flask",
        "import flask_sqlalchemy as fsa",
        "from flask import current_app",
        "from sqlalchemy.orm import Session",
        "import os.path",
        "from pathlib import Path",
        "import urllib.request",
        "import sqlite3",
        "import subprocess",
        "import socket",
        "import requests",
        "from jinja2 import Template",
        "import weasyprint",
        "from werkzeug.utils import secure_filename",
        "def load():\n    with open('x.json') as f:\n        return f.read()",
        "def load(p):\n    return p.read_text()",
        "mod = __import__('flask')",
        "from ..models import Answer",
        "from .. import db",
        "from criteria_app.models import Answer",
        "import criteria_app.extensions",
    ],
)
def test_static_check_catches(source):
    assert impurities(source, DOMAIN), source


@pytest.mark.parametrize(
    "source",
    [
        "from .criteria import Item",
        "from . import scoring",
        "from criteria_app.domain.answers import NA",
        "import json, hashlib, unicodedata",
        "from decimal import Decimal\nfrom fractions import Fraction",
    ],
)
def test_static_check_allows_pure_imports(source):
    assert impurities(source, DOMAIN) == []
