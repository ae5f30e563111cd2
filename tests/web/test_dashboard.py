"""The province dashboard and list cost the same number of SQL queries for 10 units as for 500; the
dashboard's filters each keep exactly the rows they name."""
import re
from contextlib import contextmanager

from sqlalchemy import event

from criteria_app.extensions import db
from criteria_app.services.synthetic import create_campaign
from tests.factories import reference_data


@contextmanager
def counting():
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _queries(app, client, units, path):
    from criteria_app.services.criteria_sets import load_set
    from criteria_app.services.uow import transaction
    with app.app_context(), transaction():
        record, _ = load_set(reference_data())
        campaign = create_campaign(units, seed=units, criteria_set=record, password="pw-12345678")
        cid = campaign.id
    client.post("/login", data={"username": f"tinh.thunghiem{units}", "password": "pw-12345678"})
    client.get(path.format(cid))           # warm-up: first-request work is not the page's cost
    with app.app_context(), counting() as statements:
        response = client.get(path.format(cid))
    assert response.status_code == 200
    client.post("/logout")
    return response, len(statements)


def test_dashboard_query_count_does_not_grow_with_units(app, client):
    small, few = _queries(app, client, 10, "/tinh/dot/{}/tong-quan")
    large, many = _queries(app, client, 500, "/tinh/dot/{}/tong-quan")
    assert few == many, (few, many)
    html = large.get_data(as_text=True)
    assert 'data-testid="heatmap"' in html and "<svg" in html and "Tổng số đơn vị" in html


def test_list_query_count_does_not_grow_with_units(app, client):
    _, few = _queries(app, client, 10, "/tinh/dot/{}")
    _, many = _queries(app, client, 500, "/tinh/dot/{}")
    assert few == many, (few, many)


def _heatmap(html: str) -> dict[str, dict[str, str]]:
    """The rows the heatmap shows: unit name -> {criterion code: 'passed' | 'failed' | 'pending'}."""
    body = html.split('data-testid="heatmap"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = {}
    for row in body.split("<tr>")[1:]:
        name = re.search(r"<a [^>]*>([^<]+)</a>", row).group(1)
        assert name not in rows, name
        rows[name] = dict((code, status) for status, code in re.findall(r'class="hm hm-(\w+)" title="(TC\d+):', row))
    return rows


def test_dashboard_filters_each_keep_only_their_rows(app, client):
    from criteria_app.models import Assessment, Campaign
    response, _ = _queries(app, client, 40, "/tinh/dot/{}/tong-quan")
    cid = int(response.request.path.split("/")[3])
    with app.app_context():
        assessments = db.session.execute(db.select(Assessment).filter_by(campaign_id=cid)
                                         .order_by(Assessment.id)).scalars().all()
        recognised = {a.unit_name for a in assessments if a.status == "recognised"}
        # Two districts, so that the area filter has a choice to make.
        in_first = set()
        for i, a in enumerate(assessments):
            district = "Huyện Một" if i % 3 == 0 else "Huyện Hai"
            a.unit_path = f"{a.unit_name}, {district}, {db.session.get(Campaign, cid).province.name}"
            if district == "Huyện Một":
                in_first.add(a.unit_name)
        db.session.commit()
    client.post("/login", data={"username": "tinh.thunghiem40", "password": "pw-12345678"})

    def shown(query=""):
        return _heatmap(client.get(f"/tinh/dot/{cid}/tong-quan{query}").get_data(as_text=True))

    everything = shown()
    assert len(everything) == 40

    assert 0 < len(recognised) < 40
    assert set(shown("?status=recognised")) == recognised

    failing = {code: {name for name, cells in everything.items() if cells[code] == "failed"}
               for code in next(iter(everything.values()))}
    code = max((c for c in failing if len(failing[c]) < 40), key=lambda c: len(failing[c]))
    assert failing[code]
    assert set(shown(f"?failing={code}")) == failing[code]

    assert 0 < len(in_first) < 40
    assert set(shown("?area=Huy%E1%BB%87n%20M%E1%BB%99t")) == in_first

    assert set(shown("?status=recognised&area=Huy%E1%BB%87n%20M%E1%BB%99t")) == recognised & in_first


def test_dashboard_search_without_diacritics(app, client):
    response, _ = _queries(app, client, 40, "/tinh/dot/{}/tong-quan")
    client.post("/login", data={"username": "tinh.thunghiem40", "password": "pw-12345678"})
    cid = int(response.request.path.split("/")[3])
    names = set(_heatmap(client.get(f"/tinh/dot/{cid}/tong-quan?q=HOA%20BINH").get_data(as_text=True)))
    assert names and all("Hòa Bình" in name for name in names)
