"""Reads of work prompts (工作提示): who a prompt is addressed to, the inbox, the sent box and
the read receipts, scoped through organizations.scoping."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404

from dangjian.accounts.enums import WRITE_ROLES, Role
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PATH_STEP, PartyOrganization
from dangjian.prompts.models import WorkPrompt, WorkPromptRead, WorkPromptReminder

NOT_FOUND = "对象不存在或不在您的权限范围内。"
# Who reads a work prompt: the users who run an organisation (a prompt is a work instruction to the
# organisation's leadership). Plain members and auditors are not readers.
READER_ROLES = tuple(sorted(WRITE_ROLES))
PUBLISHER_ROLES = (Role.COMMITTEE_STAFF, Role.UNIT_STAFF)


def _prefixes(path: str) -> list[str]:
    return [path[:i] for i in range(PATH_STEP, len(path) + 1, PATH_STEP)]


def reader_grant_paths(user) -> list[str]:
    """Paths of the organisations on which the user holds a reader role."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_dangjian_reader_paths", None)
    if cached is None:
        from dangjian.accounts.models import RoleGrant

        cached = sorted(
            set(
                RoleGrant.objects.filter(
                    user=user, revoked_at__isnull=True, role__in=READER_ROLES, organization__is_active=True
                ).values_list("organization__path", flat=True)
            )
        )
        user._dangjian_reader_paths = cached
    return cached


def publisher_org(user) -> PartyOrganization | None:
    """The organisation a publisher sends from: their highest committee-staff or unit-staff grant."""
    from dangjian.accounts.models import RoleGrant

    grant = (
        RoleGrant.objects.filter(
            user=user, revoked_at__isnull=True, role__in=PUBLISHER_ROLES, organization__is_active=True
        )
        .select_related("organization")
        .order_by("organization__depth", "organization__path")
        .first()
    )
    return grant.organization if grant else None


def can_publish(user) -> bool:
    scope = scoping.scope_of(user)
    return bool(scope.roles & set(PUBLISHER_ROLES)) and bool(scope.write_paths)


def can_see_receipts(user, prompt: WorkPrompt) -> bool:
    return prompt.sender_id == user.pk or scoping.scope_of(user).committee


def _addressed_to_q(user) -> Q:
    """Prompts with a recipient at (or above) one of the user's reader grants."""
    prefixes = {p for path in reader_grant_paths(user) for p in _prefixes(path)}
    if not prefixes:
        return Q(pk__in=[])
    return Q(
        pk__in=WorkPrompt.recipients.through.objects.filter(
            partyorganization__path__in=sorted(prefixes)
        ).values("workprompt_id")
    )


def is_reader(user, prompt: WorkPrompt) -> bool:
    prefixes = {p for path in reader_grant_paths(user) for p in _prefixes(path)}
    return bool(prefixes) and prompt.recipients.filter(path__in=sorted(prefixes)).exists()


def prompt_inbox(*, actor) -> QuerySet:
    """Prompts addressed to the actor, unread first, each with .is_read, .read_at, .reminded_at."""
    reads = WorkPromptRead.objects.filter(prompt=OuterRef("pk"), user=actor)
    reminders = WorkPromptReminder.objects.filter(prompt=OuterRef("pk"), user=actor)
    return (
        WorkPrompt.objects.filter(_addressed_to_q(actor))
        .annotate(is_read=Exists(reads), reminded=Exists(reminders))
        .annotate(reminded_at=Max("reminders__sent_at", filter=Q(reminders__user=actor)))
        .select_related("sender", "sender_org")
        .order_by("is_read", "-published_at", "-id")
    )


def prompt_unread_count(*, actor) -> int:
    reads = WorkPromptRead.objects.filter(prompt=OuterRef("pk"), user=actor)
    return WorkPrompt.objects.filter(_addressed_to_q(actor)).exclude(Exists(reads)).count()


def prompt_sent(*, actor) -> QuerySet:
    """Prompts whose receipts the actor may see: their own, or all for committee staff."""
    qs = WorkPrompt.objects.all()
    if not scoping.scope_of(actor).committee:
        qs = qs.filter(sender=actor)
    return qs.select_related("sender", "sender_org").order_by("-published_at", "-id")


def prompt_get(*, actor, prompt_id) -> WorkPrompt:
    """A prompt the actor may open: addressed to them, sent by them, or any for committee staff."""
    visible = Q(sender=actor) | _addressed_to_q(actor)
    qs = WorkPrompt.objects.all() if scoping.scope_of(actor).committee else WorkPrompt.objects.filter(visible)
    try:
        return qs.select_related("sender", "sender_org").get(pk=int(prompt_id))
    except (WorkPrompt.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND)


def _recipient_paths(prompt_ids: list[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    rows = WorkPrompt.recipients.through.objects.filter(workprompt_id__in=prompt_ids).values_list(
        "workprompt_id", "partyorganization__path"
    )
    for pid, path in rows:
        out[pid].add(path)
    return out


def _reader_grants(paths: set[str]) -> list[tuple[int, str, int]]:
    """(user_id, org path, org id) of reader grants of active users at or below any of `paths`."""
    from dangjian.accounts.models import RoleGrant

    if not paths:
        return []
    q = Q()
    for p in scoping._minimal(paths):
        q |= Q(organization__path__under=p)
    return list(
        RoleGrant.objects.filter(
            q,
            revoked_at__isnull=True,
            role__in=READER_ROLES,
            user__is_active=True,
            organization__is_active=True,
        ).values_list("user_id", "organization__path", "organization_id")
    )


def readers_by_prompt(
    prompt_ids: list[int], senders: dict[int, int] | None = None
) -> dict[int, dict[int, list[int]]]:
    """{prompt_id: {user_id: [org ids of the user's grants inside the recipients]}}: two queries."""
    recipients = _recipient_paths(prompt_ids)
    by_path: dict[str, list[int]] = defaultdict(list)
    for pid, paths in recipients.items():
        for p in paths:
            by_path[p].append(pid)
    out: dict[int, dict[int, list[int]]] = {pid: {} for pid in prompt_ids}
    for user_id, path, org_id in _reader_grants(set(by_path)):
        hit: set[int] = set()
        for prefix in _prefixes(path):
            hit.update(by_path.get(prefix, ()))
        for pid in hit:
            if senders and senders.get(pid) == user_id:
                continue
            out[pid].setdefault(user_id, []).append(org_id)
    return out


def prompt_sent_stats(prompts: list[WorkPrompt]) -> None:
    """Set .reader_count, .read_count and .recipient_names on each prompt (four queries)."""
    ids = [p.pk for p in prompts]
    if not ids:
        return
    readers = readers_by_prompt(ids, {p.pk: p.sender_id for p in prompts})
    reads: dict[int, set[int]] = defaultdict(set)
    for pid, uid in WorkPromptRead.objects.filter(prompt_id__in=ids).values_list("prompt_id", "user_id"):
        reads[pid].add(uid)
    names: dict[int, list[str]] = defaultdict(list)
    for pid, name in (
        WorkPrompt.recipients.through.objects.filter(workprompt_id__in=ids)
        .order_by("partyorganization__path")
        .values_list("workprompt_id", "partyorganization__name")
    ):
        names[pid].append(name)
    for p in prompts:
        users = set(readers[p.pk]) | reads[p.pk]
        p.reader_count = len(users)
        p.read_count = len(reads[p.pk] & users)
        p.recipient_names = names[p.pk]


def prompt_receipts(*, prompt: WorkPrompt) -> list[dict]:
    """One row per reader: user, their organisations inside the recipients, read time (None if
    unread), reminders sent. Readers whose grant has since ended but who did read stay listed.
    Five queries whatever the number of readers."""
    from dangjian.accounts.models import User

    readers = readers_by_prompt([prompt.pk], {prompt.pk: prompt.sender_id})[prompt.pk]
    reads = dict(WorkPromptRead.objects.filter(prompt=prompt).values_list("user_id", "read_at"))
    reminders = dict(
        WorkPromptReminder.objects.filter(prompt=prompt)
        .values("user_id")
        .annotate(n=Count("id"), last=Max("sent_at"))
        .values_list("user_id", "n")
    )
    user_ids = set(readers) | set(reads)
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids)}
    org_ids = {o for ids in readers.values() for o in ids}
    orgs = dict(PartyOrganization.objects.filter(pk__in=org_ids).values_list("id", "name"))
    rows = []
    for uid in user_ids:
        user = users.get(uid)
        if user is None:
            continue
        rows.append(
            {
                "user": user,
                "orgs": [orgs[o] for o in sorted(set(readers.get(uid, []))) if o in orgs],
                "read_at": reads.get(uid),
                "reminders": reminders.get(uid, 0),
            }
        )
    rows.sort(key=lambda r: (r["read_at"] is not None, r["orgs"][:1], str(r["user"])))
    return rows


def prompt_unread_users(*, prompt: WorkPrompt) -> list[int]:
    readers = readers_by_prompt([prompt.pk], {prompt.pk: prompt.sender_id})[prompt.pk]
    read = set(WorkPromptRead.objects.filter(prompt=prompt).values_list("user_id", flat=True))
    return sorted(set(readers) - read)


def prompt_quick_recipients(*, actor, choice: str) -> QuerySet:
    """Quick recipient sets: every active branch, or every organ committee, in the actor's writable scope."""
    kinds = {"branches": [OrgKind.BRANCH], "organ_committees": [OrgKind.ORGAN_COMMITTEE]}.get(choice)
    if not kinds:
        return PartyOrganization.objects.none()
    return scoping.orgs_visible(actor, write=True).filter(is_active=True, kind__in=kinds).order_by("path")


def prompt_recipient_options(*, actor) -> QuerySet:
    """Organisations a publisher may pick one by one."""
    return (
        scoping.orgs_visible(actor, write=True)
        .filter(is_active=True)
        .exclude(kind=OrgKind.PARTY_GROUP)
        .order_by("path")
    )
