"""Saved lists of people (a user's own), to put the same people on several activities."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from dangjian.activities import errors
from dangjian.activities.models import SavedList
from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.organizations import scoping
from dangjian.people.models import Person


@transaction.atomic
def saved_list_save(*, actor: Actor, name: str, person_ids: Iterable[int]) -> SavedList:
    """Create or replace the actor's list `name` with the people (visible to them) `person_ids`."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError(errors.ERR_LIST_NAME, field="list_name")
    ids = list(dict.fromkeys(int(i) for i in person_ids))
    if not ids:
        raise ApplicationError(errors.ERR_LIST_EMPTY, field="list_name")
    seen = set(Person.objects.filter(scoping.person_q(actor), pk__in=ids).values_list("pk", flat=True))
    unseen = [i for i in ids if i not in seen]
    if unseen:
        raise ApplicationError(
            errors.ERR_PERSON_UNSEEN.format(ids="、".join(map(str, unseen[:10]))), field="person_ids"
        )
    saved, created = SavedList.objects.update_or_create(
        owner=actor, name=name[:100], defaults={"person_ids": ids}
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=saved,
        object_type="activities.savedlist",
        changes={"name": [None, saved.name], "people": [None, len(ids)]},
    )
    return saved


@transaction.atomic
def saved_list_delete(*, actor: Actor, saved: SavedList) -> None:
    if saved.owner_id != getattr(actor, "pk", None):
        raise ApplicationError(errors.ERR_LIST_UNSEEN)
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=saved,
        object_type="activities.savedlist",
        changes={"name": [saved.name, None]},
    )
    saved.delete()
