"""Every (status, action, role) against a real record: allowed moves happen and are audited,
every other one is refused with a message and leaves the record and the audit trail unchanged."""
import json

from criteria_app.domain.roles import Role
from criteria_app.domain.workflow import TRANSITIONS, Action, Facts, Status, TransitionRefused
from criteria_app.extensions import db
from criteria_app.models import AuditEvent
from criteria_app.services import workflow

ACTOR = {Role.ADMIN: "admin", Role.PROVINCE: "tinh", Role.TEAM_LEAD: "truongdoan", Role.INSPECTOR: "kiemtra1",
         Role.WARD_OFFICER: "nghithu", Role.WARD_CHAIRMAN: "chutich.nghithu"}


def test_every_status_action_and_role(world, monkeypatch):
    # guards are tested on their own; here every guard passes so the table alone decides
    monkeypatch.setattr(workflow, "facts_for", lambda a: Facts(inspection_signed=True, minutes_confirmed=True))
    a = world.nghi_thu_assessment
    allowed = {(t.source, t.action, role): t.target for t in TRANSITIONS for role in t.roles}
    moved = refused = 0
    for status in Status:
        for action in Action:
            for role, username in ACTOR.items():
                a.status = status.value
                db.session.commit()
                events = db.session.query(AuditEvent).count()
                try:
                    workflow.apply(a, action, world.users[username])
                except TransitionRefused as exc:
                    db.session.rollback()
                    assert (status, action, role) not in allowed
                    assert exc.message
                    db.session.expire_all()
                    assert a.status == status.value and db.session.query(AuditEvent).count() == events
                    refused += 1
                else:
                    db.session.commit()
                    assert allowed[(status, action, role)].value == a.status
                    event = db.session.query(AuditEvent).order_by(AuditEvent.id.desc()).first()
                    assert event.target == action.value and json.loads(event.before) == status.value
                    assert event.actor_id == world.users[username].id
                    moved += 1
    assert moved == len(allowed) and moved + refused == len(Status) * len(Action) * len(Role)
