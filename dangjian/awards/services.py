"""Writes of selections and awards: the committee defines a selection, units nominate, the
workflow's steps. One transaction each, each with its audit row."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dangjian.awards import errors
from dangjian.awards.enums import NomineeKind, SelectionKind
from dangjian.awards.models import Nomination, Selection
from dangjian.awards.workflows import AWARD
from dangjian.core import audit, workflow
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization, Unit

SELECTION_FIELDS = ["name", "kind", "year", "collective_quota", "individual_quota", "nomination_deadline"]


def _running_org(actor) -> PartyOrganization:
    return PartyOrganization.objects.get(path=min(scoping.scope_of(actor).write_paths, key=len))


@transaction.atomic
def selection_create(
    *,
    actor: Actor,
    name: str,
    year: int,
    kind: str = SelectionKind.OTHER,
    collective_quota: int = 0,
    individual_quota: int = 0,
    nomination_deadline: dt.date | None = None,
    description: str = "",
) -> Selection:
    """A selection the committee runs (committee staff only)."""
    scoping.require(scoping.is_committee(actor) and scoping.writes_subtree(actor))
    name = (name or "").strip()
    if not name:
        raise ApplicationError(errors.ERR_NAME, field="name")
    if year is None or not 2000 <= int(year) <= 2100:
        raise ApplicationError(errors.ERR_YEAR, field="year")
    if not (collective_quota or individual_quota):
        raise ApplicationError(errors.ERR_QUOTAS, field="collective_quota")
    org = _running_org(actor)
    selection = Selection.objects.create(
        name=name[:100],
        kind=kind if kind in SelectionKind.values else SelectionKind.OTHER,
        year=int(year),
        collective_quota=int(collective_quota or 0),
        individual_quota=int(individual_quota or 0),
        nomination_deadline=nomination_deadline,
        description=(description or "").strip(),
        organization=org,
        root=org.root or org,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=selection,
        changes=audit.diff({}, audit.snapshot(selection, SELECTION_FIELDS)),
    )
    return selection


def unit_org(unit: Unit) -> PartyOrganization | None:
    """The organisation a unit's nomination is filed under: its organ committee, else its topmost one."""
    orgs = PartyOrganization.objects.filter(unit=unit, is_active=True)
    return (
        orgs.filter(kind=OrgKind.ORGAN_COMMITTEE).order_by("depth", "path").first()
        or orgs.order_by("depth", "path").first()
    )


def _nominee(kind: str, unit, nominee_org, person, office_name: str) -> tuple[str, Unit, PartyOrganization]:
    """(name, unit, filing organisation) of the nominee; the rows it names must be given."""
    label = NomineeKind(kind).label if kind in NomineeKind.values else "对象"
    if kind == NomineeKind.PERSON:
        if person is None:
            raise ApplicationError(errors.ERR_NOMINEE_MISSING.format(kind=label), field="person")
        return person.name, person.unit, person.organization
    if kind == NomineeKind.ORGANIZATION:
        if nominee_org is None:
            raise ApplicationError(errors.ERR_NOMINEE_MISSING.format(kind=label), field="nominee_org")
        return nominee_org.name, nominee_org.unit, nominee_org
    if kind not in (NomineeKind.UNIT, NomineeKind.OFFICE):
        raise ApplicationError(errors.ERR_NOMINEE_MISSING.format(kind="对象类别"), field="nominee_kind")
    if unit is None:
        raise ApplicationError(errors.ERR_NOMINEE_MISSING.format(kind="单位"), field="unit")
    org = unit_org(unit)
    if org is None:
        raise ApplicationError(errors.ERR_UNIT_NO_ORG.format(unit=unit.name), field="unit")
    if kind == NomineeKind.OFFICE:
        office_name = (office_name or "").strip()
        if not office_name:
            raise ApplicationError(errors.ERR_OFFICE_NAME, field="office_name")
        return f"{unit.name}{office_name}"[:100], unit, org
    return unit.name, unit, org


@transaction.atomic
def nomination_create(
    *,
    actor: Actor,
    selection: Selection,
    nominee_kind: str,
    unit: Unit | None = None,
    nominee_org: PartyOrganization | None = None,
    person=None,
    office_name: str = "",
    citation: str = "",
    nominated_on: dt.date | None = None,
) -> Nomination:
    """A unit (or the committee) nominates a collective or a person of its subtree."""
    today = timezone.localdate()
    nominated_on = nominated_on or today
    if nominated_on > today:
        raise ApplicationError(errors.ERR_DATE_FUTURE, field="nominated_on")
    if selection.nomination_deadline and nominated_on > selection.nomination_deadline:
        raise ApplicationError(errors.ERR_DEADLINE.format(on=selection.nomination_deadline.isoformat()))
    name, nominee_unit, org = _nominee(nominee_kind, unit, nominee_org, person, office_name)
    if not scoping.may_nominate(actor, org):
        raise ApplicationError(errors.ERR_NOT_IN_SCOPE, field="nominee_kind")
    collective = nominee_kind != NomineeKind.PERSON
    if not (selection.collective_quota if collective else selection.individual_quota):
        kind = "集体" if collective else "个人"
        raise ApplicationError(errors.ERR_NO_QUOTA_KIND.format(kind=kind), field="nominee_kind")
    dup = Nomination.objects.filter(selection=selection, nominee_kind=nominee_kind, name=name)
    if person is not None:
        dup = Nomination.objects.filter(selection=selection, person=person)
    if dup.exists():
        raise ApplicationError(errors.ERR_DUPLICATE.format(name=name), field="nominee_kind")
    nomination = Nomination.objects.create(
        selection=selection,
        nominee_kind=nominee_kind,
        is_collective=collective,
        name=name,
        unit=nominee_unit,
        nominee_org=nominee_org if nominee_kind == NomineeKind.ORGANIZATION else None,
        person=person if nominee_kind == NomineeKind.PERSON else None,
        organization=org,
        root=org.root or org,
        citation=(citation or "").strip(),
        nominated_on=nominated_on,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=nomination,
        changes={
            "selection": [None, str(selection)],
            "nominee_kind": [None, nominee_kind],
            "name": [None, name],
        },
    )
    return nomination


STEP_DATES = {"recommend": "recommended_on", "decide": "decided_on", "award": "awarded_on"}


def nomination_step(
    *, actor: Actor, nomination: Nomination, name: str, note: str = "", on: dt.date | None = None
):
    """Apply a step on day `on` (today by default); its date goes to its column. Returns the timeline row."""
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ApplicationError(errors.ERR_DATE_FUTURE, field="on")
    if on < nomination.nominated_on:
        raise ApplicationError(
            errors.ERR_DATE_BEFORE.format(on=nomination.nominated_on.isoformat()), field="on"
        )
    note = (note or "").strip()
    changes = {STEP_DATES[name]: on} if name in STEP_DATES else {}
    return workflow.transition_apply(
        workflow=AWARD,
        obj=nomination,
        name=name,
        actor=actor,
        note=note,
        data={"on": on.isoformat(), "reason": note},
        changes=changes,
    )
