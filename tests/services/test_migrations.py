"""Production paths use migrations, never create_all: the migrations must build exactly the models' schema."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from criteria_app.extensions import db


def test_migrations_build_the_schema_of_the_models(app):
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == [], diff


def test_existing_decisions_become_one_decision_per_number_with_an_entry_per_unit(app):
    """Two approvals under one number and date, a refusal, and an approval revoked later (recorded on it)."""
    from sqlalchemy import text
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(revision="a1c4e7d20b31")
        with db.engine.begin() as conn:
            run = lambda sql, **kw: conn.execute(text(sql), kw)  # noqa: E731
            run("INSERT INTO unit (id, code, name, name_folded, type, level, valid_from, source) "
                "VALUES (1, '40', 'Tỉnh Nghệ An', 'tinh nghe an', 'tinh', 1, '2000-01-01', 't')")
            for i in (2, 3, 4):
                run("INSERT INTO unit (id, code, name, name_folded, type, level, parent_id, province_id, valid_from, "
                    "source) VALUES (:i, :c, :n, :n, 'phuong', 3, 1, 1, '2000-01-01', 't')", i=i, c=str(i), n=f"P{i}")
            run("INSERT INTO criteria_set (id, set_id, version, title, content, content_hash, loaded_at) "
                "VALUES (1, 's', 1, 't', '{}', 'h', '2023-01-01')")
            run("INSERT INTO campaign (id, name, year, province_id, criteria_set_id, reference_date, is_open) "
                "VALUES (1, 'Đợt 2023', 2023, 1, 1, '2023-07-24', true)")
            for i in (2, 3, 4):
                run("INSERT INTO assessment (id, campaign_id, unit_id, status, status_version, unit_name, unit_path, "
                    "returned_criteria, created_at) VALUES (:i, 1, :i, 'recognised', 5, :n, :n, '[]', '2023-01-01')",
                    i=i, n=f"P{i}")
            rows = [(1, 2, "approve", "12/QĐ-UBND", "2023-12-01", None), (2, 3, "approve", "12/QĐ-UBND", "2023-12-01",
                    None), (3, 4, "refuse", "40/UBND", "2023-12-05", None), (4, 4, "approve", "15/QĐ-UBND", "2023-12-09",
                    "2024-03-01 08:00:00")]
            for i, a, kind, number, day, revoked in rows:
                run("INSERT INTO decision (id, assessment_id, status_version, kind, number, decided_on, signer, reason, "
                    "created_at, revoked_at, revoked_reason) VALUES (:i, :a, :v, :k, :n, :d, 'Người ký', :r, "
                    "'2023-12-01', :rv, :rr)", i=i, a=a, v=i + 2, k=kind, n=number, d=day,
                    r="lý do" if kind == "refuse" else None, rv=revoked, rr="không duy trì" if revoked else None)
            if conn.dialect.name == "postgresql":    # rows written with their ids: the sequence follows
                run("SELECT setval(pg_get_serial_sequence('decision', 'id'), (SELECT max(id) FROM decision))")
        upgrade()
        with db.engine.connect() as conn:
            decisions = conn.execute(text("SELECT id, kind, number, campaign_id, signer_name, revokes_id FROM decision "
                                          "ORDER BY id")).all()
            entries = conn.execute(text("SELECT decision_id, assessment_id, status_version FROM decision_entry "
                                        "ORDER BY decision_id, assessment_id")).all()
        assert [(d.kind, d.number, d.campaign_id, d.signer_name) for d in decisions] == [
            ("approve", "12/QĐ-UBND", 1, "Người ký"), ("refuse", "40/UBND", 1, "Người ký"),
            ("approve", "15/QĐ-UBND", 1, "Người ký"), ("revoke", None, 1, None)]
        revocation = decisions[-1]
        assert revocation.revokes_id == decisions[2].id
        assert [tuple(e) for e in entries] == [(1, 2, 3), (1, 3, 4), (3, 4, 5), (4, 4, 6), (revocation.id, 4, -4)]
