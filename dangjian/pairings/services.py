"""Writes of the parks and enterprises registry and of liaison pairings (双进双促). One
transaction each, each with an audit row. Credit codes are checked by core.creditcode (GB 32100)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dangjian.core import audit, creditcode
from dangjian.core.actors import Actor
from dangjian.core.areas import Area
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditAction
from dangjian.organizations import scoping
from dangjian.organizations.models import Unit
from dangjian.pairings import errors
from dangjian.pairings.models import Enterprise, Pairing, Park
from dangjian.pairings.selectors import unit_party_org
from dangjian.people.models import Person

PARK_FIELDS = ["name", "area", "credit_code", "address", "note"]
ENTERPRISE_FIELDS = ["name", "credit_code", "area", "park", "industry", "address"]
PAIRING_FIELDS = ["unit", "park", "enterprise", "started_on", "ended_on", "visits", "problems_solved", "note"]


def _require_writer(actor: Actor) -> None:
    if not scoping.writes_subtree(actor):
        raise Forbidden(errors.ERR_NO_WRITE)


def _name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ApplicationError(errors.ERR_NAME, field="name")
    return name[:200]


def _area(area: str) -> str:
    if area not in Area.values:
        raise ApplicationError(errors.ERR_AREA, field="area")
    return area


def check_code(code: str) -> str:
    """The canonical code, refused when malformed or used by another park or enterprise."""
    code = creditcode.normalize(code)
    holder = (
        Enterprise.objects.filter(credit_code=code).first() or Park.objects.filter(credit_code=code).first()
    )
    if holder is not None:
        raise ApplicationError(
            errors.ERR_CODE_EXISTS.format(code=code, name=holder.name), field="credit_code"
        )
    return code


@transaction.atomic
def park_create(
    *, actor: Actor, name: str, area: str, credit_code: str = "", address: str = "", note: str = ""
) -> Park:
    _require_writer(actor)
    name = _name(name)
    if Park.objects.filter(name=name).exists():
        raise ApplicationError(errors.ERR_PARK_EXISTS.format(name=name), field="name")
    park = Park.objects.create(
        name=name,
        area=_area(area),
        credit_code=check_code(credit_code) if (credit_code or "").strip() else "",
        address=(address or "").strip()[:200],
        note=(note or "").strip()[:500],
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=park,
        changes=audit.created(audit.snapshot(park, PARK_FIELDS)),
    )
    return park


@transaction.atomic
def enterprise_create(
    *,
    actor: Actor,
    name: str,
    credit_code: str,
    area: str,
    park: Park | None = None,
    industry: str = "",
    address: str = "",
) -> Enterprise:
    _require_writer(actor)
    row = Enterprise.objects.create(
        name=_name(name),
        credit_code=check_code(credit_code),
        area=_area(area),
        park=park,
        industry=(industry or "").strip()[:100],
        address=(address or "").strip()[:200],
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        changes=audit.created(audit.snapshot(row, ENTERPRISE_FIELDS)),
    )
    return row


def _check_cadres(unit: Unit, cadres: list[Person]) -> None:
    for p in cadres:
        if p.unit_id != unit.pk and getattr(p.unit, "parent_id", None) != unit.pk:
            raise ApplicationError(
                errors.ERR_CADRE_OUTSIDE.format(name=p.name, unit=unit.name), field="cadres"
            )


def _check_counts(visits: int, problems_solved: int) -> None:
    if visits is None or visits < 0:
        raise ApplicationError(errors.ERR_NEGATIVE.format(field="走访次数"), field="visits")
    if problems_solved is None or problems_solved < 0:
        raise ApplicationError(errors.ERR_NEGATIVE.format(field="解决问题数"), field="problems_solved")


@transaction.atomic
def pairing_create(
    *,
    actor: Actor,
    unit: Unit,
    started_on: dt.date,
    park: Park | None = None,
    enterprise: Enterprise | None = None,
    ended_on: dt.date | None = None,
    cadres: list[Person] | None = None,
    visits: int = 0,
    problems_solved: int = 0,
    note: str = "",
) -> Pairing:
    """Pair a unit in the actor's write scope with a park or an enterprise (one of the two)."""
    if (park is None) == (enterprise is None):
        raise ApplicationError(errors.ERR_PARTNER, field="park")
    org = unit_party_org(unit)
    if org is None:
        raise ApplicationError(errors.ERR_UNIT_NO_ORG.format(unit=unit.name), field="unit")
    if not scoping.can_write_path(actor, org.path):
        raise ApplicationError(errors.ERR_UNIT_OUTSIDE.format(unit=unit.name), field="unit")
    if started_on > timezone.localdate():
        raise ApplicationError(errors.ERR_STARTED_FUTURE, field="started_on")
    if ended_on is not None and ended_on < started_on:
        raise ApplicationError(errors.ERR_ENDED_BEFORE.format(started=started_on), field="ended_on")
    _check_counts(visits, problems_solved)
    partner = park or enterprise
    same = Pairing.objects.filter(unit=unit, park=park, enterprise=enterprise, ended_on__isnull=True).first()
    if same is not None:
        raise ApplicationError(
            errors.ERR_DUPLICATE.format(unit=unit.name, partner=partner, started=same.started_on),
            field="park",
        )
    cadres = list(cadres or [])
    _check_cadres(unit, cadres)
    row = Pairing.objects.create(
        unit=unit,
        organization=org,
        root=org.root or org,
        park=park,
        enterprise=enterprise,
        started_on=started_on,
        ended_on=ended_on,
        visits=visits,
        problems_solved=problems_solved,
        note=(note or "").strip()[:500],
    )
    row.cadres.set(cadres)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        changes=audit.created(
            audit.snapshot(row, PAIRING_FIELDS) | {"cadres": "、".join(p.name for p in cadres)}
        ),
    )
    return row


@transaction.atomic
def pairing_update(
    *,
    actor: Actor,
    pairing: Pairing,
    visits: int,
    problems_solved: int,
    ended_on: dt.date | None = None,
    note: str = "",
    cadres: list[Person] | None = None,
) -> Pairing:
    """Record the visits and problems solved so far, the end of the pairing, the cadres sent."""
    if not scoping.can_write_path(actor, pairing.organization.path):
        raise Forbidden()
    _check_counts(visits, problems_solved)
    if ended_on is not None and ended_on < pairing.started_on:
        raise ApplicationError(errors.ERR_ENDED_BEFORE.format(started=pairing.started_on), field="ended_on")
    before = audit.snapshot(pairing, PAIRING_FIELDS) | {
        "cadres": "、".join(sorted(p.name for p in pairing.cadres.all()))
    }
    pairing.visits, pairing.problems_solved = visits, problems_solved
    pairing.ended_on, pairing.note = ended_on, (note or "").strip()[:500]
    pairing.save(update_fields=["visits", "problems_solved", "ended_on", "note", "updated_at"])
    if cadres is not None:
        _check_cadres(pairing.unit, cadres)
        pairing.cadres.set(cadres)
    after = audit.snapshot(pairing, PAIRING_FIELDS) | {
        "cadres": "、".join(sorted(p.name for p in pairing.cadres.all()))
    }
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=pairing, changes=audit.diff(before, after))
    return pairing


def cadres_by_names(unit: Unit, text: str) -> list[Person]:
    """People of `unit` (or its subordinate units) named in `text` (separated by 、 , ； or spaces)."""
    import re

    from django.db.models import Q

    names = [n for n in re.split(r"[、,，;；\s]+", text or "") if n]
    if not names:
        return []
    found: dict[str, list[Person]] = {}
    for p in Person.objects.filter(Q(unit=unit) | Q(unit__parent=unit), name__in=names):
        found.setdefault(p.name, []).append(p)
    out = []
    for n in dict.fromkeys(names):
        people = found.get(n, [])
        if len(people) != 1:
            raise ApplicationError(errors.ERR_CADRE_OUTSIDE.format(name=n, unit=unit.name), field="cadres")
        out.append(people[0])
    return out
