"""Inspection team screens (/quan-tri/doan-kiem-tra): the list, a new team, a team's lead, members and units."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from wtforms import SelectChoice, SelectField, SelectMultipleField, StringField

from ...domain import permissions
from ...domain.roles import Role
from ...domain.text import sort_key
from ...models import Team
from ...services import teams as svc
from ...services import users as users_svc
from ...services.administration import history, province_of, unit_in_scope
from ..forms import ConfirmForm
from ..loaders import actor, load_team, me
from . import bp, button, page, require, submit, unit_picker
from .forms import AdminForm


class TeamForm(AdminForm):
    name = StringField("Tên đoàn kiểm tra", render_kw={"required": True, "maxlength": svc.NAME_MAX})


class TeamMembersForm(AdminForm):
    lead = SelectField("Trưởng đoàn", coerce=int)
    members = SelectMultipleField("Thành viên", coerce=int)


@bp.get("/doan-kiem-tra")
def teams():
    return page("admin/teams.html", teams=svc.teams(me()), lead=svc.team_lead, members=svc.team_members,
                section="teams")


@bp.route("/doan-kiem-tra/moi", methods=["GET", "POST"])
def team_new():
    require(permissions.can_manage_people)
    form = TeamForm()
    if request.method == "POST":
        saved, team = submit(form, lambda: svc.create_team(form.name.data, province_of(me()), me()))
        if saved:
            flash(f"Đã tạo {team.name}. Chọn trưởng đoàn, thành viên và các đơn vị được giao.", "success")
            return redirect(url_for("admin.team_detail", team_id=team.id))
    status = 422 if request.method == "POST" else 200
    return page("admin/team_form.html", status=status, form=form, section="teams")


def _members_form(team: Team) -> TeamMembersForm:
    """Offers the active leads and inspectors of the province, and the team's own even when locked."""
    form = TeamMembersForm()
    leads = [u for u in users_svc.users(me(), role=Role.TEAM_LEAD) if u.active or u.team_id == team.id]
    inspectors = [u for u in users_svc.users(me(), role=Role.INSPECTOR) if u.active or u.team_id == team.id]
    form.lead.choices = [SelectChoice(0, "— Chưa có trưởng đoàn —")] + [SelectChoice(u.id, u.display_name)
                                                                         for u in leads]
    form.members.choices = [SelectChoice(u.id, u.display_name) for u in inspectors]
    form.people = {u.id: u for u in leads + inspectors}
    if request.method == "GET":
        lead = svc.team_lead(team)
        form.lead.data = lead.id if lead else 0
        form.members.data = [u.id for u in svc.team_members(team)]
    return form


def _picker(team: Team) -> unit_picker.UnitPicker:
    return unit_picker.UnitPicker(
        page_endpoint="admin.team_detail", page_args={"team_id": team.id}, anchor="giao-don-vi",
        search_endpoint="admin.team_unit_search", add_endpoint="admin.team_add_units",
        hint="Tìm trong các xã/phường tham gia đợt đánh giá đang mở, gõ có dấu hoặc không dấu.",
        already=frozenset(u.id for u in team.units), already_text="Đã giao", add_text="Giao các đơn vị đã chọn",
        can_add=permissions.can_manage_people(actor()), search=lambda q: svc.search_team_units(team, q))


def _detail(team: Team, *, form: TeamMembersForm | None = None, results: dict | None = None, status: int = 200):
    return page("admin/team_detail.html", status=status, team=team, lead=svc.team_lead(team),
                members=svc.team_members(team), assigned=sorted(team.units, key=lambda u: sort_key(u.name)),
                form=form or _members_form(team), history=history(f"team:{team.id}"), confirm=ConfirmForm(),
                section="teams", **(results or _picker(team).results(request.args.get("q", "").strip())))


@bp.get("/doan-kiem-tra/<int:team_id>")
def team_detail(team_id: int):
    return _detail(load_team(team_id))


@bp.post("/doan-kiem-tra/<int:team_id>/thanh-vien")
def team_members(team_id: int):
    team = load_team(team_id, manage=True)
    form = _members_form(team)
    lead = form.people.get(form.lead.data) if form.lead.data else None
    members = [form.people[i] for i in form.members.data or [] if i in form.people]
    moved = [u for u in ([lead] if lead else []) + members if u.team_id not in (None, team.id)]
    saved, _ = submit(form, lambda: svc.set_team_members(team, lead, members, me()))
    if saved:
        note = (" Đã chuyển sang đoàn này: " + ", ".join(u.display_name for u in moved) + ".") if moved else ""
        flash("Đã lưu trưởng đoàn và thành viên." + note, "success")
        return redirect(url_for("admin.team_detail", team_id=team.id))
    return _detail(team, form=form, status=422)


@bp.get("/doan-kiem-tra/<int:team_id>/tim-don-vi")
def team_unit_search(team_id: int):
    return unit_picker.search(_picker(load_team(team_id)))


@bp.post("/doan-kiem-tra/<int:team_id>/don-vi")
def team_add_units(team_id: int):
    team = load_team(team_id, manage=True)

    def done(added):
        if added:
            return f"Đã giao {len(added)} đơn vị cho đoàn: " + ", ".join(u.name for u in added) + ".", "success"
        return "Các đơn vị đã chọn đều đã được giao cho đoàn.", "info"
    return unit_picker.add(_picker(team), lambda units: svc.assign_units_to_team(team, units, me()),
                           lambda results, status: _detail(team, results=results, status=status), done)


@bp.post("/doan-kiem-tra/<int:team_id>/don-vi/<int:unit_id>/bo")
def team_remove_unit(team_id: int, unit_id: int):
    team = load_team(team_id, manage=True)
    unit = unit_in_scope(me(), unit_id) or abort(404)
    return button(lambda: svc.unassign_unit_from_team(team, unit, me()),
                  f"Đã bỏ {unit.name} khỏi các đơn vị của đoàn.", url_for("admin.team_detail", team_id=team.id))
