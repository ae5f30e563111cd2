"""Hostile input on every form and HTMX endpoint: bad types, huge and control-laden text, NFD, numbers of
thousands of digits, ids beyond any column, other bodies than forms. Nothing answers 500, and a refused
request changes nothing.

Generated from the URL map (a new POST route is fuzzed without editing this file), each route posted by a
user whose role may use it, on SQLite and PostgreSQL. Derandomised so a run in CI is reproducible.
"""
from __future__ import annotations

import hashlib
import io
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria_app.extensions import db
from criteria_app.services.uow import transaction
from tests.factories import PNG, submitted

# who posts each area's forms: Nghi Hương is still self-assessing (its officer's saves reach the
# services), Nghi Thu is being inspected (its team's saves do)
OWNER = {"assessments": "nghihuong", "inspections": "truongdoan", "province": "tinh", "admin": "admin"}
OWNER_OF = {"assessments.submit": "chutich.nghihuong"}
SKIP = {"auth.logout", "static"}          # logging out would end the other examples' sessions
FIELDS = ["value", "numerator", "denominator", "na", "explanation", "reason", "note", "password", "signature",
          "place", "ward_representatives", "findings", "conclusion", "taken_at", "q",
          "ret-criteria", "ret-reason", "pro-note", "app-number", "app-decided_on", "app-signer", "app-valid_from",
          "app-valid_to", "ref-reason", "ref-decided_on", "ref-number", "rev-reason", "reo-reason",
          "name", "year", "criteria_set_id", "reference_date", "self_deadline", "inspection_deadline",
          "decision_deadline", "username", "full_name", "position", "role", "unit_id", "team_id", "lead",
          "members", "chosen"]
HUGE_IDS = [0, 2**31, 2**63, 2**64 + 1, 10**30]

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=31), max_size=10),
    st.sampled_from(["\x00", "a\x00b", "=HYPERLINK(\"x\")", "‮gnp.exe", "yes", "no", "na", "on", "1", "-1",
                     "2023-02-30", "31/12/2023", "9" * 5000, "1" + "0" * 30, str(2**63), "Ủy ban nhân dân",
                     unicodedata.normalize("NFD", "Phường Nghi Thu"), "x" * 6000, " ", ""]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)


def _snapshot() -> str:
    """Every row of every table, as one digest; of report jobs only which exist (a report started by an
    earlier accepted request goes on updating its own progress in the background)."""
    digest = hashlib.sha256()
    for table in db.metadata.sorted_tables:
        columns = [table.c.id] if table.name == "job" else [table]
        rows = db.session.execute(db.select(*columns).order_by(*table.primary_key.columns)).all()
        digest.update(repr((table.name, rows)).encode())
    return digest.hexdigest()


@pytest.fixture
def stage(app, world):
    """Nghi Thu submitted with an inspection under way; Nghi Hương still in self-assessment."""
    from criteria_app.services import inspections
    with transaction():
        a = submitted(world)
        inspection = inspections.start_inspection(a, world.users["truongdoan"])
        inspections.save_member_answer(inspection, "TC01.1", False, world.users["kiemtra1"])
        inspections.add_photo(inspection, "TC02.3", io.BytesIO(PNG), "p.png", None, world.users["kiemtra1"])
    return a


def _post_endpoints() -> list[str]:
    """Every POST endpoint of the app, read from its URL map at collection time."""
    from criteria_app import create_app
    app = create_app({"MODE": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    return sorted({r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods and r.endpoint not in SKIP})


# The fields each kind of form sends (others are drawn too, from FIELDS); an unknown endpoint still gets
# fuzzed with every field name.
FIELDS_OF = {
    "assessments.save_item": ["value", "numerator", "denominator", "na"],
    "assessments.save_explanation": ["explanation"],
    "inspections.save_answer": ["value", "numerator", "denominator", "na"],
    "inspections.set_team_answer": ["value", "numerator", "denominator", "na", "reason"],
    "inspections.save_reason": ["reason"], "inspections.save_note": ["note"],
    "inspections.add_photo": ["taken_at"],
    "inspections.minutes": ["place", "ward_representatives", "findings", "conclusion"],
    "inspections.confirm": ["password", "signature"],
    "auth.login": ["username", "password"],
}
FIELDS_OF_AREA = {
    "province": ["ret-criteria", "ret-reason", "pro-note", "app-number", "app-decided_on", "app-signer",
                 "app-valid_from", "app-valid_to", "ref-reason", "ref-decided_on", "ref-number", "rev-reason",
                 "reo-reason"],
    "admin": ["name", "year", "criteria_set_id", "reference_date", "self_deadline", "inspection_deadline",
              "decision_deadline", "username", "full_name", "position", "role", "unit_id", "team_id", "lead",
              "members", "password", "password2", "q", "chosen"],
}
NUMERIC = {"value", "numerator", "denominator", "taken_at", "year", "unit_id", "team_id", "lead", "members",
           "criteria_set_id", "chosen"}
HOSTILE_VALUES = ["a\x00b", "\x00", "x\x1by", "\u202e", "9" * 5000, "1" + "0" * 30, str(2**63), "1000000000",
                  "-5", "１２", "x" * 6000, "<script>", "=1+1", unicodedata.normalize("NFD", "Cửa Lò"), "", " "]
HOSTILE = st.sampled_from(HOSTILE_VALUES)
NUMBERS = st.sampled_from(["9" * 5000, "1" + "0" * 30, str(2**63), "-5", "1e9", "١٢", "３", "999999999",
                           "1000000000", " 7 ", "0", "00000000000000000001"])


def _values(world, stage):
    from criteria_app.models import Evidence, LegalText
    evidence = db.session.execute(db.select(Evidence.id)).scalars().first()
    text = db.session.execute(db.select(LegalText.id)).scalars().first() or 1
    return {"assessment_id": [world.nghi_huong_assessment.id, stage.id], "campaign_id": [world.campaign.id],
            "code": ["TC01", "TC02"], "item_code": ["TC01.1", "TC02.2", "TC04.1"], "evidence_id": [evidence],
            "verb": ["tra-lai", "de-nghi", "cong-nhan", "khong-cong-nhan", "thu-hoi", "mo-lai"],
            "kind": ["recognition_pdf", "recognition_xlsx"], "job_id": ["a" * 32], "fmt": ["pdf", "xlsx"],
            "team_id": [1], "user_id": [1, 5], "unit_id": [3], "text_id": [text]}


@pytest.mark.parametrize("endpoint", _post_endpoints())
def test_no_hostile_request_answers_500_or_changes_anything_when_refused(app, world, stage, endpoint):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint and "POST" in r.methods]
    values = _values(world, stage)
    if not endpoint.startswith("assessments."):     # the team and the province work on Nghi Thu
        values["assessment_id"] = [stage.id, world.nghi_huong_assessment.id]
    user = OWNER_OF.get(endpoint) or OWNER.get(endpoint.split(".")[0])
    client = app.test_client()
    if user:
        assert client.post("/login", data={"username": user, "password": "pw"}).status_code == 302
    own_fields = FIELDS_OF.get(endpoint) or FIELDS_OF_AREA.get(endpoint.split(".")[0], [])

    def post(url, fields, headers=None, **kw):
        before = _snapshot()
        response = client.post(url, data=fields, headers=headers or {}, **kw)
        assert response.status_code < 500, (url, fields, response.status_code)
        if response.status_code >= 400:
            db.session.rollback()
            assert _snapshot() == before, (url, response.status_code)
        db.session.rollback()
        return response

    # Every hostile value in every field of the form, on the record the user may change: a fixed matrix,
    # so no hostile value is left to chance…
    for rule in rules:
        known_args = {arg: (values.get(arg) or ["x"])[0] for arg in rule.arguments}
        assert set(rule.arguments) <= set(values), f"teach the fuzz test a value for {set(rule.arguments) - set(values)}"
        urls = [rule.build(known_args, append_unknown=False)[1]]
        if "item_code" in rule.arguments:
            urls = [rule.build({**known_args, "item_code": code}, append_unknown=False)[1]
                    for code in values["item_code"]]
        for url in urls:
            for name in own_fields:
                for hostile in HOSTILE_VALUES:
                    post(url, {name: hostile}, {"HX-Request": "true"})
    value_strategy = st.one_of(HOSTILE, texts, NUMBERS, st.lists(texts, max_size=3))

    @settings(max_examples=30, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    # …then Hypothesis: any route arguments, any fields, any kind of body.
    @given(st.data())
    def post_something(data):
        rule = data.draw(st.sampled_from(rules), label="rule")
        args = {}
        for arg in sorted(rule.arguments):
            known = values.get(arg) or ["x"]
            if arg.endswith("_id") and arg != "job_id":      # mostly the record the user may change
                args[arg] = data.draw(st.one_of(st.just(known[0]), st.sampled_from(known + HUGE_IDS)), label=arg)
            else:
                args[arg] = data.draw(st.one_of(st.sampled_from(known), st.sampled_from(known),
                                                st.text(min_size=1, max_size=12).filter(
                                                    lambda t: "/" not in t and t.strip() not in ("", ".", ".."))),
                                      label=arg)
        try:
            url = rule.build(args, append_unknown=False)[1]
        except Exception:  # noqa: BLE001 - a value the converter itself refuses: the route cannot be reached
            return
        names = st.sampled_from(own_fields or FIELDS)
        fields = data.draw(st.dictionaries(names, value_strategy, min_size=1, max_size=4), label="form")
        for name in NUMERIC & set(fields):   # numbers' fields get mostly numbers' troubles
            fields[name] = data.draw(st.one_of(NUMBERS, value_strategy), label=name)
        fields.update(data.draw(st.dictionaries(st.sampled_from(FIELDS), value_strategy, max_size=3), label="more"))
        body_kind = data.draw(st.sampled_from(["form", "form", "multipart", "json", "upload"]), label="body")
        headers = {"HX-Request": "true"} if data.draw(st.booleans(), label="htmx") else {}
        before = _snapshot()
        if body_kind == "json":
            response = client.post(url, json=fields, headers=headers)
        elif body_kind == "upload":
            blob = data.draw(st.sampled_from([PNG, b"%PDF-1.4\n/OpenAction << /JS (app.alert(1)) >>", b"GIF89a",
                                              b"<svg onload=alert(1)>", b""]), label="file")
            name = data.draw(st.sampled_from(["a.png", "\u202egnp.pdf", "x.html", "\x00.png", "a" * 400 + ".pdf"]))
            form = {**fields, "file": (io.BytesIO(blob), name), "photo": (io.BytesIO(blob), name)}
            response = client.post(url, data=form, headers=headers, content_type="multipart/form-data")
        else:
            response = client.post(url, data=fields, headers=headers,
                                   content_type="multipart/form-data" if body_kind == "multipart" else None)
        assert response.status_code < 500, (url, body_kind, fields, response.status_code)
        if response.status_code >= 400:
            db.session.rollback()
            assert _snapshot() == before, (url, response.status_code)
        db.session.rollback()

    post_something()
