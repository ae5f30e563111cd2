"""The province dashboard and list cost the same number of SQL queries for 10 units as for 500."""
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


def test_dashboard_filters_and_search_without_diacritics(app, client):
    response, _ = _queries(app, client, 40, "/tinh/dot/{}/tong-quan")
    client.post("/login", data={"username": "tinh.thunghiem40", "password": "pw-12345678"})
    cid = int(response.request.path.split("/")[3])
    html = client.get(f"/tinh/dot/{cid}/tong-quan?q=HOA%20BINH").get_data(as_text=True)
    assert "Hòa Bình" in html and "Đông Sơn" not in html
    html = client.get(f"/tinh/dot/{cid}/tong-quan?status=recognised").get_data(as_text=True)
    body = html.split('data-testid="heatmap"', 1)[1]
    assert body.count("<tr>") >= 1
