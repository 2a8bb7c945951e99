"""Writes of demonstration sites: the application (or nomination) and the workflow's steps. One
transaction each, each with its audit row (the steps through core.workflow.transition_apply)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dangjian.core import audit, workflow
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.core.workdays import add_months
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization
from dangjian.sites import errors, rules
from dangjian.sites.enums import OPEN_STATES, SiteOrigin
from dangjian.sites.models import DemoSite
from dangjian.sites.workflows import SITE


@transaction.atomic
def site_propose(
    *,
    actor: Actor,
    organization: PartyOrganization,
    statement: str = "",
    year: int | None = None,
    proposed_on: dt.date | None = None,
) -> DemoSite:
    """A branch applies (its own secretary or committee member) or is nominated (by staff above it)."""
    if organization.kind != OrgKind.BRANCH:
        raise ApplicationError(errors.ERR_NOT_A_BRANCH.format(org=organization.name), field="organization")
    if not scoping.may_propose_site(actor, organization):
        raise ApplicationError(errors.ERR_NOT_ALLOWED_ORG, field="organization")
    today = timezone.localdate()
    proposed_on = proposed_on or today
    if proposed_on > today:
        raise ApplicationError(errors.ERR_DATE_FUTURE, field="proposed_on")
    year = int(year or proposed_on.year)
    if not 2000 <= year <= 2100:
        raise ApplicationError(errors.ERR_YEAR, field="year")
    if len(statement or "") > 5000:
        raise ApplicationError(errors.ERR_STATEMENT, field="statement")
    if DemoSite.objects.filter(organization=organization, status__in=OPEN_STATES).exists():
        raise ApplicationError(errors.ERR_OPEN_SITE.format(org=organization.name), field="organization")
    own = any(organization.path == p for p in scoping.scope_of(actor).write_paths)
    site = DemoSite.objects.create(
        organization=organization,
        unit_id=organization.unit_id,
        root=organization.root or organization,
        origin=SiteOrigin.APPLIED if own else SiteOrigin.NOMINATED,
        year=year,
        proposed_on=proposed_on,
        statement=(statement or "").strip(),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=site,
        changes=audit.diff({}, audit.snapshot(site, ["origin", "status", "year", "proposed_on"])),
    )
    return site


def site_step(
    *,
    actor: Actor,
    site: DemoSite,
    name: str,
    note: str = "",
    on: dt.date | None = None,
    valid_years: int | None = None,
):
    """Apply a step of the workflow on day `on` (today by default); the step's date goes to its
    column (named_on, revoked_on, provincial_on...). Returns the timeline row."""
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ApplicationError(errors.ERR_DATE_FUTURE, field="on")
    if on < site.proposed_on:
        raise ApplicationError(errors.ERR_DATE_BEFORE.format(on=site.proposed_on.isoformat()), field="on")
    note = (note or "").strip()
    data: dict = {"on": on.isoformat()}
    changes: dict = {}
    if name in ("reject", "revoke"):
        data["reason"] = note
    if name == "evaluate":
        changes = {"evaluated_on": on}
    elif name == "name":
        years = int(valid_years or rules.DEFAULT_VALID_YEARS)
        if not 1 <= years <= 10:
            raise ApplicationError(errors.ERR_VALID_YEARS, field="valid_years")
        changes = {"named_on": on, "valid_until": add_months(on, 12 * years) - dt.timedelta(days=1)}
        data["valid_until"] = changes["valid_until"].isoformat()
    elif name == "keep":
        changes = {"last_reviewed_on": on}
    elif name == "revoke":
        changes = {"revoked_on": on, "revoke_reason": note, "last_reviewed_on": on}
    elif name == "recommend":
        changes = {"provincial_on": on}
    return workflow.transition_apply(
        workflow=SITE, obj=site, name=name, actor=actor, note=note, data=data, changes=changes
    )
