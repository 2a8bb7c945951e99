"""Reads of work prompts (工作提示): the inbox, the sent box, the recipients in short and the read
receipts. Who may open a prompt, who reads it and who publishes are rules of
organizations.scoping; every query here keeps its size whatever the number of recipients (a
prompt to all 2,500 branches costs what a prompt to one costs, plus the rows it returns)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from dangjian.accounts.models import User
from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization
from dangjian.prompts.enums import Audience
from dangjian.prompts.models import WorkPrompt, WorkPromptRead, WorkPromptReminder

RECIPIENT_NAMES_SHOWN = 3  # a prompt to more organisations is summarised by kind

RECEIPT_STATUSES = {"all": "全部", "unread": "未读", "read": "已读"}

# --- inbox and sent box ----------------------------------------------------------------------------


def _addressed(actor) -> QuerySet:
    return WorkPrompt.objects.filter(scoping.prompt_addressed_q(actor, WorkPrompt))


def prompt_inbox(*, actor: Actor) -> QuerySet:
    """Prompts addressed to the actor, unread first, each with .is_read, .read_at, .reminded_at."""
    reads = WorkPromptRead.objects.filter(prompt=OuterRef("pk"), user=actor)
    reminders = WorkPromptReminder.objects.filter(prompt=OuterRef("pk"), user=actor)
    return (
        _addressed(actor)
        .annotate(is_read=Exists(reads), reminded=Exists(reminders))
        .annotate(reminded_at=Max("reminders__sent_at", filter=Q(reminders__user=actor)))
        .select_related("sender", "sender_org")
        .order_by("is_read", "-published_at", "-id")
    )


def prompt_unread_count(*, actor: Actor) -> int:
    reads = WorkPromptRead.objects.filter(prompt=OuterRef("pk"), user=actor)
    return _addressed(actor).exclude(Exists(reads)).count()


def prompt_sent(*, actor: Actor) -> QuerySet:
    """Prompts whose receipts the actor may see: their own, or (committee staff) those sent by an
    organisation in their scope."""
    qs = WorkPrompt.objects.filter(sender=actor)
    if scoping.scope_of(actor).committee:
        qs = WorkPrompt.objects.filter(scoping.org_q(actor, field="sender_org__path") | Q(sender=actor))
    return qs.select_related("sender", "sender_org").order_by("-published_at", "-id")


def prompt_get(*, actor: Actor, prompt_id) -> WorkPrompt:
    """A prompt the actor may open (scoping's restriction for prompts), 404 otherwise."""
    qs = scoping.visible(actor, WorkPrompt.objects.select_related("sender", "sender_org"))
    return get_or_404(qs, prompt_id)


# --- recipients in short -------------------------------------------------------------------------


def _kind_totals(sender_paths: set[str]) -> dict[tuple[str, str], int]:
    """{(sender path, kind): active organisations of that kind under the sender}: one query per
    sending organisation on the page."""
    out = {}
    for path in sender_paths:
        rows = (
            PartyOrganization.objects.filter(path__under=path, is_active=True)
            .values("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        )
        out.update({(path, kind): n for kind, n in rows})
    return out


def recipient_summary(prompts: list[WorkPrompt]) -> None:
    """Set .recipient_count and .recipient_label on each prompt: the names when there are a few,
    else per kind, "全部党支部（2500个）" when every active one under the sender was addressed."""
    ids = [p.pk for p in prompts]
    if not ids:
        return
    through = WorkPrompt.recipients.through
    kinds: dict[int, dict[str, int]] = defaultdict(dict)
    # django-stubs does not see the `n` annotated on the auto-created through model's rows.
    for pid, kind, n in (
        through.objects.filter(workprompt_id__in=ids)  # type: ignore[misc]
        .values("workprompt_id", "partyorganization__kind")
        .annotate(n=Count("id"))
        .values_list("workprompt_id", "partyorganization__kind", "n")
    ):
        kinds[pid][kind] = n
    few = [pid for pid in ids if sum(kinds[pid].values()) <= RECIPIENT_NAMES_SHOWN]
    names: dict[int, list[str]] = defaultdict(list)
    for pid, name in (
        through.objects.filter(workprompt_id__in=few)
        .order_by("partyorganization__path")
        .values_list("workprompt_id", "partyorganization__name")
    ):
        names[pid].append(name)
    totals = _kind_totals({p.sender_org.path for p in prompts if p.pk not in few})
    labels = dict(OrgKind.choices)
    for p in prompts:
        p.recipient_count = sum(kinds[p.pk].values())
        if p.pk in few:
            p.recipient_label = "、".join(names[p.pk])
            continue
        parts = []
        for kind, n in sorted(kinds[p.pk].items(), key=lambda kv: -kv[1]):
            label = labels.get(kind, kind)
            every = totals.get((p.sender_org.path, kind)) == n
            parts.append(f"全部{label}（{n}个）" if every else f"{label}{n}个")
        p.recipient_label = "、".join(parts)


def recipient_names(prompt: WorkPrompt, *, limit: int) -> list[str]:
    return list(prompt.recipients.order_by("path").values_list("name", flat=True)[:limit])


# --- readers and receipts --------------------------------------------------------------------------


def _recipient_paths(prompt_ids: list[int]) -> QuerySet:
    return WorkPrompt.recipients.through.objects.filter(workprompt_id__in=prompt_ids).values(
        "partyorganization__path"
    )


def _prefixes(path: str) -> list[str]:
    return [path[:i] for i in range(4, len(path) + 1, 4)]


def readers_by_prompt(
    prompt_ids: list[int], senders: dict[int, int] | None = None
) -> dict[int, dict[int, list[int]]]:
    """{prompt_id: {user_id: [org ids of the user's reader grants inside the recipients, or (a
    prompt to members) of their own organisation]}}: at most five queries (the grants and the
    members under any recipient come from one query each whose size does not depend on the number
    of recipients; they are matched to their prompts here)."""
    by_path: dict[str, list[int]] = defaultdict(list)
    for pid, path in WorkPrompt.recipients.through.objects.filter(workprompt_id__in=prompt_ids).values_list(
        "workprompt_id", "partyorganization__path"
    ):
        by_path[path].append(pid)
    out: dict[int, dict[int, list[int]]] = {pid: {} for pid in prompt_ids}
    if not by_path:
        return out
    rows = [
        (*grant, False)
        for grant in scoping.prompt_reader_grants(_recipient_paths(prompt_ids)).values_list(
            "user_id", "organization__path", "organization_id"
        )
    ]
    to_members = set(
        WorkPrompt.objects.filter(pk__in=prompt_ids, audience=Audience.MEMBERS).values_list("pk", flat=True)
    )
    if to_members:
        rows += [
            (*member, True)
            for member in scoping.prompt_member_readers(_recipient_paths(list(to_members))).values_list(
                "pk", "person__organization__path", "person__organization_id"
            )
        ]
    for user_id, path, org_id, as_member in rows:
        hit: set[int] = set()
        for prefix in _prefixes(path):
            hit.update(by_path.get(prefix, ()))
        for pid in hit:
            if (senders and senders.get(pid) == user_id) or (as_member and pid not in to_members):
                continue
            out[pid].setdefault(user_id, []).append(org_id)
    return out


def prompt_sent_stats(prompts: list[WorkPrompt]) -> None:
    """Set .reader_count, .read_count, .recipient_count and .recipient_label on each prompt."""
    ids = [p.pk for p in prompts]
    if not ids:
        return
    readers = readers_by_prompt(ids, {p.pk: p.sender_id for p in prompts})
    reads: dict[int, set[int]] = defaultdict(set)
    for pid, uid in WorkPromptRead.objects.filter(prompt_id__in=ids).values_list("prompt_id", "user_id"):
        reads[pid].add(uid)
    for p in prompts:
        users = set(readers[p.pk]) | reads[p.pk]
        p.reader_count = len(users)
        p.read_count = len(reads[p.pk] & users)
    recipient_summary(prompts)


@dataclass
class UnitReceipts:
    unit_id: int | None
    name: str
    readers: int = 0
    read: int = 0

    @property
    def unread(self) -> int:
        return self.readers - self.read


@dataclass
class Receipts:
    """Who should read a prompt and who did: one row per reader (user id, their organisations and
    units inside the recipients, read time or None, reminders), and the counts per unit."""

    rows: list[dict] = field(default_factory=list)
    units: list[UnitReceipts] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def unread(self) -> int:
        return sum(1 for r in self.rows if r["read_at"] is None)


def prompt_receipt_stats(*, prompt: WorkPrompt) -> Receipts:
    """Every reader of the prompt with their read time, without loading the users: readers whose
    grant has since ended but who did read stay listed. Five queries whatever the number of readers."""
    readers = readers_by_prompt([prompt.pk], {prompt.pk: prompt.sender_id})[prompt.pk]
    reads = dict(WorkPromptRead.objects.filter(prompt=prompt).values_list("user_id", "read_at"))
    reminders = dict(
        WorkPromptReminder.objects.filter(prompt=prompt)
        .values("user_id")
        .annotate(n=Count("id"))
        .values_list("user_id", "n")
    )
    org_ids = {o for ids in readers.values() for o in ids}
    orgs = {
        pk: (name, unit_id, unit_name)
        for pk, name, unit_id, unit_name in PartyOrganization.objects.filter(pk__in=org_ids).values_list(
            "id", "name", "unit_id", "unit__name"
        )
    }
    active = set(User.objects.filter(pk__in=set(readers) | set(reads)).values_list("pk", flat=True))
    units: dict[int | None, UnitReceipts] = {}
    rows = []
    for uid in active:
        mine = [orgs[o] for o in sorted(set(readers.get(uid, []))) if o in orgs]
        unit_id, unit_name = (mine[0][1], mine[0][2]) if mine else (None, "（授权已结束）")
        row = {
            "user_id": uid,
            "orgs": [m[0] for m in mine],
            "unit_id": unit_id,
            "unit": unit_name or "",
            "read_at": reads.get(uid),
            "reminders": reminders.get(uid, 0),
        }
        rows.append(row)
        u = units.setdefault(unit_id, UnitReceipts(unit_id, unit_name or ""))
        u.readers += 1
        u.read += row["read_at"] is not None
    rows.sort(key=lambda r: (r["read_at"] is not None, r["orgs"][:1], r["user_id"]))
    return Receipts(rows=rows, units=sorted(units.values(), key=lambda u: (-u.unread, u.name)))


def receipt_rows(
    receipts: Receipts, *, status: str = "all", unit_id: int | None = None, q: str = ""
) -> list[dict]:
    """The receipt rows filtered by read status, unit and a name or organisation fragment."""
    rows = receipts.rows
    if status == "unread":
        rows = [r for r in rows if r["read_at"] is None]
    elif status == "read":
        rows = [r for r in rows if r["read_at"] is not None]
    if unit_id:
        rows = [r for r in rows if r["unit_id"] == unit_id]
    if q:
        matching = set(
            User.objects.filter(pk__in=[r["user_id"] for r in rows])
            .filter(Q(username__icontains=q) | Q(display_name__icontains=q))
            .values_list("pk", flat=True)
        )
        rows = [r for r in rows if r["user_id"] in matching or any(q in o for o in r["orgs"])]
    return rows


def with_users(rows: list[dict]) -> list[dict]:
    """The rows (a page of them) with their User objects under "user"."""
    users = User.objects.in_bulk([r["user_id"] for r in rows])
    return [{**r, "user": users[r["user_id"]]} for r in rows if r["user_id"] in users]


def prompt_receipts(*, prompt: WorkPrompt) -> list[dict]:
    """Every receipt row with its user: reader first unread, then by organisation."""
    return with_users(prompt_receipt_stats(prompt=prompt).rows)


def prompt_unread_users(*, prompt: WorkPrompt) -> list[int]:
    readers = readers_by_prompt([prompt.pk], {prompt.pk: prompt.sender_id})[prompt.pk]
    read = set(WorkPromptRead.objects.filter(prompt=prompt).values_list("user_id", flat=True))
    return sorted(set(readers) - read)


# --- publishing ------------------------------------------------------------------------------------


def prompt_quick_recipients(*, actor: Actor, choice: str) -> QuerySet:
    """Quick recipient sets: every active branch, or every organ committee, in the actor's writable scope."""
    kinds = {"branches": [OrgKind.BRANCH], "organ_committees": [OrgKind.ORGAN_COMMITTEE]}.get(choice)
    if not kinds:
        return PartyOrganization.objects.none()
    return scoping.orgs_visible(actor, write=True).filter(is_active=True, kind__in=kinds).order_by("path")


def prompt_recipient_options(*, actor: Actor) -> QuerySet:
    """Organisations a publisher may pick one by one."""
    return (
        scoping.orgs_visible(actor, write=True)
        .filter(is_active=True)
        .exclude(kind=OrgKind.PARTY_GROUP)
        .order_by("path")
    )
