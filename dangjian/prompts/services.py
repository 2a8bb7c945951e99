"""Writes of work prompts (工作提示): publish, mark read, remind. Each service is one transaction
and leaves an audit row."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditAction
from dangjian.organizations import scoping
from dangjian.prompts import errors
from dangjian.prompts.enums import Audience
from dangjian.prompts.models import WorkPrompt, WorkPromptRead, WorkPromptReminder
from dangjian.prompts.selectors import prompt_unread_users


@transaction.atomic
def prompt_publish(
    *, actor: Actor, title: str, body: str, recipients, audience: str = Audience.STAFF
) -> WorkPrompt:
    """Publish a prompt to organisations inside the sender's writable scope (all or nothing), for
    their staff or for all their members (`audience`, scoping's rule)."""
    if not scoping.may_publish_prompts(actor):
        raise Forbidden(errors.ERR_PROMPT_SENDER)
    sender_org = scoping.prompt_publisher_org(actor)
    if sender_org is None:
        raise Forbidden(errors.ERR_PROMPT_SENDER)
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise ApplicationError(errors.ERR_PROMPT_TITLE, field="title")
    if not body:
        raise ApplicationError(errors.ERR_PROMPT_BODY, field="body")
    orgs = {o.pk: o for o in recipients}
    if not orgs:
        raise ApplicationError(errors.ERR_PROMPT_RECIPIENTS, field="recipients")
    for org in sorted(orgs.values(), key=lambda o: o.path):
        if not org.is_active or not scoping.can_write_path(actor, org.path):
            raise ApplicationError(errors.ERR_PROMPT_OUTSIDE.format(org=org.name), field="recipients")
    prompt = WorkPrompt.objects.create(
        title=title[:200],
        body=body,
        sender=actor,
        sender_org=sender_org,
        root=sender_org.root or sender_org,
        published_at=timezone.now(),
        audience=Audience(audience),
    )
    prompt.recipients.set(list(orgs.values()))
    names = [o.name for o in sorted(orgs.values(), key=lambda o: o.path)]
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=prompt,
        changes={
            "title": [None, prompt.title],
            "audience": [None, prompt.get_audience_display()],
            "recipients": [None, names[:50]],
            "recipient_count": [None, len(names)],
        },
    )
    return prompt


@transaction.atomic
def prompt_mark_read(*, actor: Actor, prompt: WorkPrompt) -> WorkPromptRead | None:
    """Record that `actor` opened the prompt, if it is addressed to them. Idempotent: the first
    read time is kept and only the first read is audited."""
    if not scoping.is_prompt_reader(actor, prompt) or prompt.sender_id == actor.pk:
        return None
    read, created = WorkPromptRead.objects.get_or_create(
        prompt=prompt, user=actor, defaults={"read_at": timezone.now()}
    )
    if created:
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=read,
            org_path=prompt.sender_org.path,
            object_repr=f"{prompt.title}：{actor}",
            changes={"read_at": [None, read.read_at.isoformat()]},
        )
    return read


@transaction.atomic
def prompt_remind(*, actor: Actor, prompt: WorkPrompt) -> int:
    """Remind every reader who has not opened the prompt yet. Sender or committee staff only."""
    scoping.require(scoping.may_see_prompt_receipts(actor, prompt))
    unread = prompt_unread_users(prompt=prompt)
    if not unread:
        raise ApplicationError(errors.ERR_PROMPT_NO_UNREAD)
    WorkPromptReminder.objects.bulk_create(
        [WorkPromptReminder(prompt=prompt, user_id=uid, sent_by=actor) for uid in unread]
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=prompt,
        changes={"reminded": [None, len(unread)], "reminded_users": [None, unread[:200]]},
    )
    return len(unread)
