"""Vietnamese first, English on request: the language switch, the English pages and the catalogue."""
import re
from pathlib import Path

import flask_babel
import pytest
from babel.messages.pofile import read_po
from babel.support import Translations

import criteria_app
from criteria_app.domain.roles import ROLE_LABELS
from criteria_app.domain.workflow import ACTION_LABELS, STATUS_LABELS
from criteria_app.services.history import ACTIONS
from criteria_app.web.errors import MESSAGES
from criteria_app.web.filters import STATUS_TEXT
from tests.factories import reference_data

TRANSLATIONS = Path(criteria_app.__file__).resolve().parent / "translations"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.mo"
HX = {"HX-Request": "true"}
PLACEHOLDER = re.compile(r"%\(\w+\)s|%%")


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([a-z]+)">', html).group(1)


def fresh(client):
    """The client, after forgetting the locale Flask-Babel cached in `g`.

    Tests that use `world` hold one app context open for the whole test, and requests reuse it, so
    the locale of the first page would stick to every later request; a real server gives each
    request its own app context.
    """
    flask_babel.refresh()
    return client


def _catalog():
    with PO.open("rb") as f:
        return read_po(f, locale="en")


# --------------------------------------------------------------------------- pages

def test_the_login_page_is_vietnamese_by_default(client):
    html = client.get("/login").get_data(as_text=True)
    assert html_lang(html) == "vi"
    assert "<h1>Đăng nhập</h1>" in html and "Tên đăng nhập" in html and "Mật khẩu" in html
    assert "Log in" not in html
    # the switch: English is a link, Vietnamese is the current language
    assert 'href="/login?lang=en"' in html
    assert '<span class="btn btn-quiet" aria-current="true" lang="vi">Tiếng Việt</span>' in html


def test_lang_en_switches_to_english_and_the_choice_stays_until_lang_vi(client):
    html = client.get("/login?lang=en").get_data(as_text=True)
    assert html_lang(html) == "en"
    assert "<h1>Log in</h1>" in html and "Username" in html and "Password" in html
    assert "Đăng nhập" not in html
    assert 'href="/login?lang=vi"' in html

    html = client.get("/login").get_data(as_text=True)          # no lang: the session remembers
    assert html_lang(html) == "en" and "<h1>Log in</h1>" in html

    html = client.post("/login", data={"username": "", "password": ""}).get_data(as_text=True)
    assert "Enter your username." in html and "Enter your password." in html

    html = client.get("/login?lang=vi").get_data(as_text=True)
    assert html_lang(html) == "vi" and "<h1>Đăng nhập</h1>" in html
    html = client.get("/login").get_data(as_text=True)
    assert html_lang(html) == "vi" and "Log in" not in html


def test_an_unknown_language_is_ignored(client):
    html = client.get("/login?lang=fr").get_data(as_text=True)
    assert html_lang(html) == "vi" and "<h1>Đăng nhập</h1>" in html


def test_the_switch_keeps_the_rest_of_the_query(client):
    html = client.get("/login?next=/ho-so&lang=vi").get_data(as_text=True)
    assert 'href="/login?next=%2Fho-so&amp;lang=en"' in html


def test_the_criterion_page_in_english_then_back_in_vietnamese(world, login):
    client = login("nghithu")
    url = f"/danh-gia/{world.nghi_thu_assessment.id}/tieu-chi/TC01"
    tc01 = reference_data()["criteria"][0]
    assert tc01["code"] == "TC01" and tc01["title_en"]

    html = fresh(client).get(url + "?lang=en").get_data(as_text=True)
    assert html_lang(html) == "en"
    assert f"TC01. {tc01['title_en']}" in html and tc01["title"] not in html
    for item in tc01["items"]:
        assert item["label_en"] in html and item["label"] not in html
    assert '<span class="status status-self_assessment" data-testid="status">Self-assessment in progress</span>' in html
    assert 'data-testid="criterion-status">Not scored</span>' in html
    for text in ("Overview of the 13 criteria", "Attach evidence (PDF, JPEG, PNG)", "Explanation (if there is no file)",
                 "<span>Yes</span>", "<span>No</span>", "Not answered", "Self-assessed total score",
                 "0/32 indicators answered", "Log out", "Commune/ward officer", "evidence required", "Dossiers"):
        assert text in html, text
    assert "<strong>0.00</strong> / 5.00 points" in html           # decimal point in English
    assert "Đang tự đánh giá" not in html and "Đính kèm minh chứng" not in html and "Chưa chấm" not in html

    # an autosave answers in the language of the session
    fragment = client.post(f"/danh-gia/{world.nghi_thu_assessment.id}/chi-tieu/TC01.3",
                           data={"numerator": "11", "denominator": "12"}, headers=HX).get_data(as_text=True)
    assert "Saved" in fragment and "1.83/2.00 points" in fragment and "Rate 91.7%" in fragment
    assert "1/32 indicators answered" in fragment

    html = fresh(client).get(url + "?lang=vi").get_data(as_text=True)
    assert html_lang(html) == "vi"
    assert f"TC01. {tc01['title']}" in html and tc01["title_en"] not in html
    assert 'data-testid="status">Đang tự đánh giá</span>' in html
    assert "Đính kèm minh chứng (PDF, JPEG, PNG)" in html and "Tổng quan 13 tiêu chí" in html
    assert "1,83/2,00 điểm" in html and "Tỷ lệ 91,7%" in html
    assert "Self-assessment" not in html and "Attach evidence" not in html


def test_the_other_ward_pages_in_english(world, login):
    client = login("chutich.nghithu")
    aid = world.nghi_thu_assessment.id
    html = fresh(client).get("/ho-so?lang=en").get_data(as_text=True)
    assert "<h1>Assessment dossiers</h1>" in html and "Self-assessment in progress" in html and ">Open</a>" in html
    html = client.get(f"/danh-gia/{aid}").get_data(as_text=True)
    assert "★ mandatory" in html and "Leadership, direction and organisation" in html and "Submit dossier…" in html
    html = client.get(f"/danh-gia/{aid}/gui").get_data(as_text=True)
    items = [i for c in reference_data()["criteria"] for i in c["items"]]
    missing = len(items) + sum(i["evidence"] == "required" for i in items)
    assert f"Cannot submit yet: {missing} items are incomplete." in html
    assert "TC01.1</strong> – Not answered" in html and "Evidence missing (attached file or explanation)" in html
    html = client.get(f"/danh-gia/{aid}/lich-su").get_data(as_text=True)
    assert "No actions recorded yet." in html and "Download CSV" in html
    response = client.get(f"/danh-gia/{aid}/tieu-chi/XX")
    assert response.status_code == 404 and "<h1>Not found</h1>" in response.get_data(as_text=True)


# --------------------------------------------------------------------------- catalogue

def test_the_english_catalogue_is_complete_and_compiled():
    catalog = _catalog()
    messages = [m for m in catalog if m.id]
    assert len(messages) > 100
    problems = []
    for m in messages:
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if not all(strings):
            problems.append(f"untranslated: {m.id!r}")
        if m.fuzzy:
            problems.append(f"fuzzy: {m.id!r}")
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        wanted = set(PLACEHOLDER.findall(ids[0]))
        for text in strings:
            if set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"placeholders differ: {m.id!r} -> {text!r}")
    for message, errors in catalog.check():      # Babel's own checks (format types, plural forms)
        problems += [f"{message.id!r}: {e}" for e in errors]
    assert not problems, "\n".join(problems)

    # the .mo in the repository is the compiled .po: the app works from a fresh clone
    with MO.open("rb") as f:
        compiled = Translations(f)
    for m in messages:
        if m.pluralizable:
            got = tuple(compiled.unpgettext(m.context, m.id[0], m.id[1], n) if m.context else
                        compiled.ungettext(m.id[0], m.id[1], n) for n in (1, 2))
        else:
            got = compiled.upgettext(m.context, m.id) if m.context else compiled.ugettext(m.id)
        assert got == m.string, f"{m.id!r}: the .mo says {got!r}; run `make translations`"


@pytest.mark.parametrize("labels", [STATUS_LABELS, ACTION_LABELS, ROLE_LABELS, STATUS_TEXT, ACTIONS],
                         ids=["status", "action", "role", "result", "history"])
def test_every_data_label_is_in_the_catalogue(labels):
    ids = {m.id for m in _catalog() if m.id and not m.context}
    missing = sorted(set(labels.values()) - ids)
    assert not missing, f"add these to criteria_app/web/labels_i18n.py and run `make translations`: {missing}"


def test_every_error_page_text_is_in_the_catalogue():
    ids = {m.id for m in _catalog() if m.id}
    missing = sorted({text for pair in MESSAGES.values() for text in pair} - ids)
    assert not missing, missing

