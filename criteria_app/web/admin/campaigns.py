"""Campaign screens (/quan-tri/dot-danh-gia): the list, the form, a campaign's page with its units."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from wtforms import SelectChoice, StringField

from ...domain import permissions
from ...extensions import db
from ...models import Campaign, CriteriaSetRecord
from ...services import campaigns as svc
from ...services import teams as teams_svc
from ...services.administration import history, unit_in_scope
from ..forms import ConfirmForm
from ..loaders import actor, load_campaign, me
from . import bp, button, page, require, submit, unit_picker
from .forms import AdminForm, DayField, RecordField, WholeNumberField


class CampaignForm(AdminForm):
    name = StringField("Tên đợt đánh giá", render_kw={"required": True, "maxlength": svc.NAME_MAX})
    year = WholeNumberField("Năm", render_kw={"required": True, "min": svc.YEAR_MIN, "max": svc.YEAR_MAX})
    criteria_set_id = RecordField("Bộ tiêu chí và phiên bản", render_kw={"required": True})
    reference_date = DayField("Ngày tham chiếu danh mục đơn vị", render_kw={"required": True})
    self_deadline = DayField("Hạn tự đánh giá")
    inspection_deadline = DayField("Hạn kiểm tra thực tế")
    decision_deadline = DayField("Hạn quyết định công nhận")


@bp.get("/dot-danh-gia")
def campaigns():
    rows = svc.campaigns(me())
    sizes = {c.id: len(svc.participants(c)) for c in rows}
    return page("admin/campaigns.html", campaigns=rows, sizes=sizes, section="campaigns")


def _form(campaign: Campaign | None = None) -> CampaignForm:
    form = CampaignForm(obj=campaign)
    form.criteria_set_id.choices = [SelectChoice(r.id, f"{r.title} – {r.set_id}, phiên bản {r.version}")
                                    for r in svc.criteria_sets()]
    return form


def _values(form: CampaignForm) -> dict:
    record_id = form.criteria_set_id.data
    return dict(name=form.name.data, year=form.year.data,
                criteria_set_record=db.session.get(CriteriaSetRecord, record_id) if record_id is not None else None,
                reference_date=form.reference_date.data, self_deadline=form.self_deadline.data,
                inspection_deadline=form.inspection_deadline.data, decision_deadline=form.decision_deadline.data)


@bp.route("/dot-danh-gia/moi", methods=["GET", "POST"])
def campaign_new():
    require(permissions.can_manage_campaigns)
    form = _form()
    if request.method == "GET" and form.criteria_set_id.choices:
        form.criteria_set_id.data = form.criteria_set_id.choices[0].value
    if request.method == "POST":
        saved, campaign = submit(form, lambda: svc.create_campaign(me(), **_values(form)))
        if saved:
            flash(f"Đã tạo đợt đánh giá «{campaign.name}». Thêm các xã/phường tham gia.", "success")
            return redirect(url_for("admin.campaign_detail", campaign_id=campaign.id))
    status = 422 if request.method == "POST" else 200
    return page("admin/campaign_form.html", status=status, form=form, campaign=None, section="campaigns")


@bp.route("/dot-danh-gia/<int:campaign_id>/sua", methods=["GET", "POST"])
def campaign_edit(campaign_id: int):
    campaign = load_campaign(campaign_id, manage=True)
    form = _form(campaign)
    if request.method == "GET":
        form.criteria_set_id.data = campaign.criteria_set_id
    if request.method == "POST":
        saved, changed = submit(form, lambda: svc.update_campaign(campaign, me(), **_values(form)))
        if saved:
            flash("Đã lưu đợt đánh giá." if changed else "Không có thay đổi.", "success" if changed else "info")
            return redirect(url_for("admin.campaign_detail", campaign_id=campaign.id))
    status = 422 if request.method == "POST" else 200
    return page("admin/campaign_form.html", status=status, form=form, campaign=campaign,
                locked_set=svc.has_answers(campaign), section="campaigns")


def _picker(campaign: Campaign, participants: list[svc.Participant]) -> unit_picker.UnitPicker:
    return unit_picker.UnitPicker(
        page_endpoint="admin.campaign_detail", page_args={"campaign_id": campaign.id}, anchor="them-don-vi",
        search_endpoint="admin.campaign_unit_search", add_endpoint="admin.campaign_add_units",
        hint=(f"Tìm theo tên, gõ có dấu hoặc không dấu. Chỉ hiện các đơn vị cấp xã của {campaign.province.name} "
              f"có hiệu lực ngày {campaign.reference_date:%d/%m/%Y}."),
        already=frozenset(p.assessment.unit_id for p in participants), already_text="Đã tham gia",
        add_text="Thêm các đơn vị đã chọn", can_add=permissions.can_manage_campaigns(actor()) and campaign.is_open,
        search=lambda q: svc.search_campaign_units(campaign, q))


def _detail(campaign: Campaign, results: dict | None = None, status: int = 200):
    participants = svc.participants(campaign)
    picker = _picker(campaign, participants)
    return page("admin/campaign_detail.html", status=status, campaign=campaign, participants=participants,
                teams_by_unit=teams_svc.teams_by_unit(campaign.province_id),
                history=history(f"campaign:{campaign.id}"), confirm=ConfirmForm(), section="campaigns",
                **(results or picker.results(request.args.get("q", "").strip())))


@bp.get("/dot-danh-gia/<int:campaign_id>")
def campaign_detail(campaign_id: int):
    return _detail(load_campaign(campaign_id))


@bp.get("/dot-danh-gia/<int:campaign_id>/tim-don-vi")
def campaign_unit_search(campaign_id: int):
    campaign = load_campaign(campaign_id)
    return unit_picker.search(_picker(campaign, svc.participants(campaign)))


@bp.post("/dot-danh-gia/<int:campaign_id>/don-vi")
def campaign_add_units(campaign_id: int):
    campaign = load_campaign(campaign_id, manage=True)

    def done(created):
        if created:
            return f"Đã thêm {len(created)} đơn vị: " + ", ".join(a.unit_name for a in created) + ".", "success"
        return "Các đơn vị đã chọn đều đã tham gia đợt đánh giá.", "info"
    return unit_picker.add(_picker(campaign, svc.participants(campaign)),
                           lambda units: svc.add_units_to_campaign(campaign, units, me()),
                           lambda results, status: _detail(campaign, results, status), done)


@bp.post("/dot-danh-gia/<int:campaign_id>/don-vi/<int:unit_id>/bo")
def campaign_remove_unit(campaign_id: int, unit_id: int):
    campaign = load_campaign(campaign_id, manage=True)
    unit = unit_in_scope(me(), unit_id) or abort(404)
    return button(lambda: svc.remove_unit_from_campaign(campaign, unit, me()),
                  f"Đã bỏ {unit.name} khỏi đợt đánh giá.", url_for("admin.campaign_detail", campaign_id=campaign.id))


@bp.post("/dot-danh-gia/<int:campaign_id>/dong")
def campaign_close(campaign_id: int):
    campaign = load_campaign(campaign_id, manage=True)
    return button(lambda: svc.close_campaign(campaign, me()), "Đã đóng đợt đánh giá.",
                  url_for("admin.campaign_detail", campaign_id=campaign.id))


@bp.post("/dot-danh-gia/<int:campaign_id>/mo-lai")
def campaign_reopen(campaign_id: int):
    campaign = load_campaign(campaign_id, manage=True)
    return button(lambda: svc.reopen_campaign(campaign, me()), "Đã mở lại đợt đánh giá.",
                  url_for("admin.campaign_detail", campaign_id=campaign.id))
