"""Search and add units: the box on a campaign's page (units taking part) and on a team's page (units it
inspects). One template (admin/_unit_picker.html, its results admin/_unit_results.html), one search
route behaviour and one add behaviour; each page says what it searches and which use case adds.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import flash, redirect, request, url_for

from ...extensions import db
from ...models import Unit
from ...services.errors import ServiceError
from ...services.uow import transaction
from ..converters import parse_id
from ..htmx import is_htmx
from . import page


@dataclass(frozen=True)
class UnitPicker:
    page_endpoint: str                  # the page with the box (the search submits to it without JavaScript)
    page_args: dict
    anchor: str                         # the box's id on that page
    search_endpoint: str
    add_endpoint: str
    hint: str
    already: frozenset[int]             # units that are in already
    already_text: str
    add_text: str
    can_add: bool
    search: Callable[[str], list[Unit]]

    @property
    def page_url(self) -> str:
        return url_for(self.page_endpoint, **self.page_args)

    @property
    def search_url(self) -> str:
        return url_for(self.search_endpoint, **self.page_args)

    @property
    def add_url(self) -> str:
        return url_for(self.add_endpoint, **self.page_args)

    def results(self, q: str, *, error: str | None = None, selected=frozenset()) -> dict:
        """What the box shows: the units found for `q`, the refusal of the last add, what was ticked."""
        return {"picker": self, "q": q, "units": self.search(q) if q else [], "error": error,
                "selected": selected}


def search(picker: UnitPicker):
    """The box's search: the results as a fragment for HTMX, else the page with them at the box."""
    q = request.args.get("q", "").strip()
    if not is_htmx():
        return redirect(url_for(picker.page_endpoint, **picker.page_args, q=q or None, _anchor=picker.anchor))
    return page("admin/_unit_results.html", **picker.results(q))


def add(picker: UnitPicker, use_case: Callable[[list[Unit]], list], render_page: Callable,
        done: Callable[[list], tuple[str, str]]):
    """Add the ticked units with `use_case(units)` in one transaction. Refused: the page again (422) with
    the message at the box and the ticks and the search kept. Done: `done(added)` gives the message and
    its kind, shown on the page."""
    ids = {i for i in (parse_id(v) for v in request.form.getlist("unit_id")) if i is not None}
    units = [u for u in (db.session.get(Unit, i) for i in sorted(ids)) if u is not None]
    try:
        with transaction():
            added = use_case(units)
    except ServiceError as exc:
        return render_page(picker.results(request.form.get("q", "").strip(), error=exc.message,
                                          selected={u.id for u in units}), status=422)
    flash(*done(added))
    return redirect(picker.page_url)
