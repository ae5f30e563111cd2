"""SQL statements per page and fragment, counted in-process with a SQLAlchemy `before_cursor_execute`
listener while Flask's test client makes each request (the second of two identical requests, so that
per-process caches are warm). Transaction control (BEGIN, COMMIT, ROLLBACK) is counted apart.

Usage: DATABASE_URL=... python bench/queries.py PASSWORD UNITS...   (prints JSON; asserts nothing)
The database must hold the demo data and one `flask synthetic --units N` campaign per size.
"""
from __future__ import annotations

import json
import re
import sys

TRANSACTION = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.I)


def main(password: str, sizes: list[int]) -> dict:
    from sqlalchemy import event

    from criteria_app import create_app
    from criteria_app.extensions import db

    app = create_app({"MODE": "development", "WTF_CSRF_ENABLED": False})
    statements: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    def count(client, method: str, path: str, data: dict | None = None, hx: bool = False) -> dict:
        headers = {"HX-Request": "true"} if hx else {}
        for _ in range(2):
            statements.clear()
            response = client.open(path, method=method, data=data, headers=headers)
        if response.status_code not in (200, 302):
            raise RuntimeError(f"{method} {path}: HTTP {response.status_code}")
        control = sum(1 for s in statements if TRANSACTION.match(s))
        return {"statements": len(statements) - control, "transaction_control": control}

    def logged_in(username: str):
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": password})
        if response.status_code != 302:
            raise RuntimeError(f"login of {username} refused ({response.status_code})")
        return client

    results: dict[str, dict] = {"ward (demo data)": {}, "province": {}}
    ward = logged_in("nghithu")
    aid = re.search(r'href="/danh-gia/(\d+)"', ward.get("/ho-so").get_data(as_text=True)).group(1)
    ward_pages = {
        "ward home": ("GET", "/ho-so", None, False),
        "assessment overview": ("GET", f"/danh-gia/{aid}", None, False),
        "criterion page": ("GET", f"/danh-gia/{aid}/tieu-chi/TC02", None, False),
        "autosave (fragment)": ("POST", f"/danh-gia/{aid}/chi-tieu/TC02.2", {"value": "3"}, True),
        "history": ("GET", f"/danh-gia/{aid}/lich-su", None, False),
    }
    for name, (method, path, data, hx) in ward_pages.items():
        results["ward (demo data)"][name] = count(ward, method, path, data, hx)

    for units in sizes:
        province = logged_in(f"tinh.thunghiem{units}")
        cid = re.search(r"/tinh/dot/(\d+)", province.get("/tinh/").headers["Location"]).group(1)
        # An inspected assessment when there is one (the review then shows the team's answers too).
        found = None
        for query in ("?status=inspected", ""):
            listing = province.get(f"/tinh/dot/{cid}{query}").get_data(as_text=True)
            found = found or re.search(r'href="/tinh/ho-so/(\d+)"', listing)
        review_id = found.group(1)
        pages = {
            "province home (redirect)": ("GET", "/tinh/", False),
            "province list": ("GET", f"/tinh/dot/{cid}", False),
            "province list, filtered (fragment)": ("GET", f"/tinh/dot/{cid}?status=submitted", True),
            "dashboard": ("GET", f"/tinh/dot/{cid}/tong-quan", False),
            "dashboard, filtered (fragment)": ("GET", f"/tinh/dot/{cid}/tong-quan?status=recognised", True),
            "review of one assessment": ("GET", f"/tinh/ho-so/{review_id}", False),
            "reports page": ("GET", f"/tinh/dot/{cid}/bao-cao", False),
        }
        for name, (method, path, hx) in pages.items():
            results["province"].setdefault(name, {})[str(units)] = count(province, method, path, None, hx)
    return results


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], [int(a) for a in sys.argv[2:]])))
