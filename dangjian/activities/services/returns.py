"""Unit returns (填报): the committee asks units for a figure only kept as a total (e.g. the
person-times who watched a film), optionally against an activity; each asked unit files its number
once, with a note. One transaction each, audited; a refusal writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from dangjian.activities import errors
from dangjian.activities.models import Activity, UnitReturn, UnitReturnEntry
from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization, Unit

RETURN_FIELDS = ["title", "measure", "organization", "activity", "year", "due_on"]


def unit_organization(unit: Unit) -> PartyOrganization | None:
    """The unit's highest organisation (its organ committee): where its answers are filed."""
    return PartyOrganization.objects.filter(unit=unit).order_by("depth", "path").first()


@transaction.atomic
def unit_return_create(
    *,
    actor: Actor,
    title: str,
    measure: str,
    organization: PartyOrganization,
    year: int,
    due_on: dt.date,
    units: Iterable[Unit],
    activity: Activity | None = None,
) -> UnitReturn:
    """Ask `units` for a figure. The asking organisation must be one the actor writes; the units
    ones they can see."""
    if not scoping.can_write_path(actor, organization.path):
        raise ApplicationError(
            errors.ERR_ORG_NOT_WRITABLE.format(org=organization.name), field="organization"
        )
    title, measure = (title or "").strip(), (measure or "").strip()
    if not title:
        raise ApplicationError(errors.ERR_RETURN_TITLE, field="title")
    if not measure:
        raise ApplicationError(errors.ERR_RETURN_MEASURE, field="measure")
    if not (2000 <= int(year) <= 2100):
        raise ApplicationError(errors.ERR_RETURN_YEAR, field="year")
    if due_on < dt.date(int(year), 1, 1):
        raise ApplicationError(errors.ERR_RETURN_DUE.format(year=year), field="due_on")
    unit_list = list({u.pk: u for u in units}.values())
    if not unit_list:
        raise ApplicationError(errors.ERR_RETURN_NO_UNITS, field="units")
    visible = set(
        scoping.units_visible(actor).filter(pk__in=[u.pk for u in unit_list]).values_list("pk", flat=True)
    )
    if len(visible) != len(unit_list):
        raise ApplicationError(errors.ERR_RETURN_UNIT_UNSEEN, field="units")
    ret = UnitReturn.objects.create(
        title=title[:200],
        measure=measure[:50],
        organization=organization,
        root=organization.root or organization,
        activity=activity,
        year=int(year),
        due_on=due_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    ret.units.set(unit_list)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=ret,
        changes=audit.created(audit.snapshot(ret, RETURN_FIELDS)) | {"units": [None, len(unit_list)]},
    )
    return ret


@transaction.atomic
def unit_return_file(
    *, actor: Actor, unit_return: UnitReturn, unit: Unit, value: int, note: str = ""
) -> UnitReturnEntry:
    """A unit's answer, once: refused for a unit that was not asked, a second time, or by someone
    who writes neither the unit's organisations nor the asking organisation."""
    if not unit_return.units.filter(pk=unit.pk).exists():
        raise ApplicationError(errors.ERR_RETURN_NOT_ASKED.format(unit=unit.name), field="unit")
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ApplicationError(errors.ERR_RETURN_VALUE, field="value") from None
    if value < 0:
        raise ApplicationError(errors.ERR_RETURN_VALUE, field="value")
    # Lock the return: of two filings of one unit sent at once exactly one is accepted.
    UnitReturn.objects.select_for_update().filter(pk=unit_return.pk).first()
    done = UnitReturnEntry.objects.filter(unit_return=unit_return, unit=unit).first()
    if done is not None:
        raise ApplicationError(
            errors.ERR_RETURN_FILED_TWICE.format(unit=unit.name, value=done.value), field="unit"
        )
    org = unit_organization(unit)
    if org is None or not (
        scoping.can_write_path(actor, org.path)
        or scoping.can_write_path(actor, unit_return.organization.path)
    ):
        raise ApplicationError(errors.ERR_RETURN_NOT_WRITABLE.format(unit=unit.name), field="unit")
    entry = UnitReturnEntry.objects.create(
        unit_return=unit_return,
        unit=unit,
        organization=org,
        value=value,
        note=(note or "").strip()[:500],
        filed_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=entry,
        changes={"unit": [None, unit.name], "value": [None, value], "note": [None, entry.note]},
    )
    return entry
