"""Atomic transitions: a status version on assessments, one decision per status change, one live
evidence file per item and content.

Revision ID: a1c4e7d20b31
Revises: 19dfeb904143
Create Date: 2026-12-01 16:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a1c4e7d20b31'
down_revision = '19dfeb904143'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_version', sa.Integer(), server_default=sa.text('0'), nullable=False))
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_version', sa.Integer(), server_default=sa.text('0'), nullable=False))
    # decisions made before this revision: each its own change
    op.execute("UPDATE decision SET status_version = id")
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_decision_assessment_change', ['assessment_id', 'status_version'])
    # duplicates stored by concurrent uploads before this revision: keep the first, as the ward saw it
    op.execute("""
        UPDATE evidence SET deleted_at = uploaded_at
        WHERE deleted_at IS NULL AND EXISTS (
            SELECT 1 FROM evidence AS first
            WHERE first.deleted_at IS NULL AND first.id < evidence.id
              AND first.assessment_id = evidence.assessment_id AND first.item_code = evidence.item_code
              AND first.stage = evidence.stage AND first.sha256 = evidence.sha256
              AND COALESCE(first.inspection_id, 0) = COALESCE(evidence.inspection_id, 0))
    """)
    op.create_index('uq_evidence_live_content', 'evidence',
                    ['assessment_id', 'item_code', 'stage', sa.text('coalesce(inspection_id, 0)'), 'sha256'],
                    unique=True, sqlite_where=sa.text('deleted_at IS NULL'),
                    postgresql_where=sa.text('deleted_at IS NULL'))


def downgrade():
    op.drop_index('uq_evidence_live_content', table_name='evidence')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_constraint('uq_decision_assessment_change', type_='unique')
        batch_op.drop_column('status_version')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_column('status_version')
