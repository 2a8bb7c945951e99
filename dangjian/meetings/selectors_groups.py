"""Reads of youth theory study groups (青年理论学习小组) and work prompts (工作提示), scoped through
organizations.scoping; plus the unscoped metric selectors the reports use."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from dangjian.accounts.enums import WRITE_ROLES, Role
from dangjian.core.errors import ApplicationError
from dangjian.meetings import errors
from dangjian.meetings.enums import MeetingKind, MeetingStatus
from dangjian.meetings.models import (
    Meeting,
    WorkPrompt,
    WorkPromptRead,
    WorkPromptReminder,
    YouthGroupMember,
    YouthStudyGroup,
)
from dangjian.meetings.rules import YOUTH_AGE_LIMITS
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PATH_STEP, PartyOrganization, Unit
from dangjian.people.models import Person

NOT_FOUND = "对象不存在或不在您的权限范围内。"
# Who reads a work prompt: the users who run an organisation (a prompt is a work instruction to the
# organisation's leadership). Plain members and auditors are not readers.
READER_ROLES = tuple(sorted(WRITE_ROLES))
PUBLISHER_ROLES = (Role.COMMITTEE_STAFF, Role.UNIT_STAFF)


# --- shared helpers ----------------------------------------------------------------------------

def youth_age_limit() -> int:
    """The configured age limit (settings.YOUTH_AGE_LIMIT); only rules.YOUTH_AGE_LIMITS are allowed,
    any other value is refused where it is used (ERR_YOUTH_LIMIT)."""
    limit = getattr(settings, "YOUTH_AGE_LIMIT", YOUTH_AGE_LIMITS[0])
    if limit not in YOUTH_AGE_LIMITS:
        raise ApplicationError(errors.ERR_YOUTH_LIMIT, field="youth_age_limit")
    return limit


def born_after_for_youth(day: dt.date, limit: int) -> dt.date:
    """Age on `day` <= limit  <=>  born strictly after this date (day minus limit+1 years)."""
    try:
        return day.replace(year=day.year - limit - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - limit - 1, day=28)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day))


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- metrics (unscoped: the reports pass the scope as an organisation path) ---------------------

def youth_groups_active(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Groups guided by an organisation of the subtree that existed at some point in [start, end]."""
    return YouthStudyGroup.objects.filter(
        organization__path__under=org_path, established_on__lte=end).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=start))


def _memberships_overlapping(start: dt.date, end: dt.date) -> Q:
    return Q(joined_on__lte=end) & (Q(left_on__isnull=True) | Q(left_on__gte=start))


def youth_group_members(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Distinct persons with a group membership overlapping [start, end] in those groups."""
    member_ids = YouthGroupMember.objects.filter(
        _memberships_overlapping(start, end), group__in=youth_groups_active(org_path, start, end)
    ).values("person_id")
    return Person.objects.filter(pk__in=member_ids)


def youth_group_activities(org_path: str, start: dt.date, end: dt.date) -> QuerySet:
    """Held youth-group activities (meetings of kind youth_activity) in [start, end]."""
    return Meeting.objects.filter(
        kind=MeetingKind.YOUTH_ACTIVITY, status=MeetingStatus.HELD, youth_group__isnull=False,
        organization__path__under=org_path, held_at__gte=_day_start(start),
        held_at__lt=_day_start(end + dt.timedelta(days=1)))


# --- youth groups (scoped) ---------------------------------------------------------------------

def youth_group_list(*, actor, unit_id: int | None = None, include_dissolved: bool = False, q: str = "") -> QuerySet:
    qs = YouthStudyGroup.objects.filter(scoping.org_q(actor, field="organization__path"))
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if not include_dissolved:
        qs = qs.filter(dissolved_on__isnull=True)
    if q:
        qs = qs.filter(name__contains=q.strip()[:50])
    return (qs.select_related("unit", "organization", "leader")
            .annotate(member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True))
            .order_by("unit__sort_order", "unit_id", "name", "id"))


def youth_group_get(*, actor, group_id) -> YouthStudyGroup:
    try:
        return (YouthStudyGroup.objects.filter(scoping.org_q(actor, field="organization__path"))
                .select_related("unit", "organization", "leader").get(pk=int(group_id)))
    except (YouthStudyGroup.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND)


def access_youth_group(actor, group_id, *, write: bool = False) -> YouthStudyGroup:
    group = youth_group_get(actor=actor, group_id=group_id)
    if write:
        scoping.require(scoping.can_write_path(actor, group.organization.path))
    return group


def youth_members(*, group: YouthStudyGroup) -> QuerySet:
    """All memberships of the group, those still in the group first."""
    return (YouthGroupMember.objects.filter(group=group)
            .select_related("person", "person__organization")
            .order_by(F("left_on").desc(nulls_first=True), "person__name_pinyin", "id"))


def youth_member_get(*, group: YouthStudyGroup, member_id) -> YouthGroupMember:
    try:
        return YouthGroupMember.objects.select_related("person").get(group=group, pk=int(member_id))
    except (YouthGroupMember.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND)


def youth_activities(*, group: YouthStudyGroup) -> QuerySet:
    return (Meeting.objects.filter(youth_group=group, kind=MeetingKind.YOUTH_ACTIVITY)
            .annotate(present=Count("attendance", filter=Q(attendance__status="present")))
            .order_by("-held_at", "-id"))


def youth_candidates(*, actor, group: YouthStudyGroup, on: dt.date, limit: int = 500) -> QuerySet:
    """People the actor may add: of the group's unit's organisations, in the actor's writable scope,
    young on `on`, not already in the group."""
    try:
        age_limit = youth_age_limit()
    except ApplicationError:
        return Person.objects.none()
    current = YouthGroupMember.objects.filter(group=group, left_on__isnull=True).values("person_id")
    return (Person.objects.filter(scoping.person_q(actor, write=True), organization__unit_id=group.unit_id,
                                  birth_date__gt=born_after_for_youth(on, age_limit))
            .exclude(pk__in=current).select_related("organization").order_by("name_pinyin", "id")[:limit])


def person_for_youth(*, actor, person_id) -> Person:
    """A person the actor may change (404 otherwise)."""
    try:
        return (Person.objects.filter(scoping.person_q(actor, write=True))
                .select_related("organization", "unit").get(pk=int(person_id)))
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND)


def youth_guiding_orgs(*, actor) -> QuerySet:
    """Organisations that may guide a group: active, writable, not party groups."""
    return (scoping.orgs_visible(actor, write=True).filter(is_active=True).exclude(kind=OrgKind.PARTY_GROUP)
            .select_related("unit", "parent").order_by("path"))


@dataclass
class CoverageRow:
    unit: Unit
    groups: int = 0
    members: int = 0
    covered: int = 0
    young: int = 0
    activities: int = 0

    @property
    def rate(self) -> float | None:
        return round(self.covered * 100 / self.young, 1) if self.young else None


def youth_coverage(*, actor, start: dt.date, end: dt.date) -> tuple[list[CoverageRow], CoverageRow, int]:
    """Per unit in scope: groups existing in the period, group members (memberships overlapping the
    period), covered youth (those members who are young at `end` and belong to the unit's
    organisations), all young people of the unit's organisations in scope (age <= limit at `end`),
    and held activities in the period. Six queries whatever the number of units.
    Returns (rows, totals, age limit)."""
    limit = youth_age_limit()
    born_after = born_after_for_youth(end, limit)
    group_scope = scoping.org_q(actor, field="organization__path")
    groups = (YouthStudyGroup.objects.filter(group_scope, established_on__lte=end)
              .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=start)))
    group_counts = dict(groups.values("unit_id").annotate(n=Count("id")).values_list("unit_id", "n"))
    memberships = YouthGroupMember.objects.filter(_memberships_overlapping(start, end), group__in=groups)
    member_counts = dict(memberships.values("group__unit_id").annotate(n=Count("person_id", distinct=True))
                         .values_list("group__unit_id", "n"))
    covered_counts = dict(
        memberships.filter(scoping.person_q(actor, prefix="person__"), person__birth_date__gt=born_after,
                           person__organization__unit_id=F("group__unit_id"))
        .values("group__unit_id").annotate(n=Count("person_id", distinct=True)).values_list("group__unit_id", "n"))
    young_counts = dict(
        Person.objects.filter(scoping.org_q(actor, field="organization__path"), birth_date__gt=born_after)
        .values("organization__unit_id").annotate(n=Count("id")).values_list("organization__unit_id", "n"))
    activity_counts = dict(
        Meeting.objects.filter(scoping.org_q(actor, field="organization__path"), kind=MeetingKind.YOUTH_ACTIVITY,
                               status=MeetingStatus.HELD, youth_group__isnull=False,
                               held_at__gte=_day_start(start), held_at__lt=_day_start(end + dt.timedelta(days=1)))
        .values("youth_group__unit_id").annotate(n=Count("id")).values_list("youth_group__unit_id", "n"))
    unit_ids = set(group_counts) | set(young_counts) | set(activity_counts) | set(member_counts)
    rows = []
    for unit in Unit.objects.filter(pk__in=unit_ids).order_by("sort_order", "id"):
        rows.append(CoverageRow(unit=unit, groups=group_counts.get(unit.pk, 0), members=member_counts.get(unit.pk, 0),
                                covered=covered_counts.get(unit.pk, 0), young=young_counts.get(unit.pk, 0),
                                activities=activity_counts.get(unit.pk, 0)))
    total = CoverageRow(unit=None, groups=sum(r.groups for r in rows), members=sum(r.members for r in rows),
                        covered=sum(r.covered for r in rows), young=sum(r.young for r in rows),
                        activities=sum(r.activities for r in rows))
    return rows, total, limit


# --- work prompts ------------------------------------------------------------------------------

def _prefixes(path: str) -> list[str]:
    return [path[:i] for i in range(PATH_STEP, len(path) + 1, PATH_STEP)]


def reader_grant_paths(user) -> list[str]:
    """Paths of the organisations on which the user holds a reader role."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_dangjian_reader_paths", None)
    if cached is None:
        from dangjian.accounts.models import RoleGrant

        cached = sorted(set(RoleGrant.objects.filter(
            user=user, revoked_at__isnull=True, role__in=READER_ROLES, organization__is_active=True)
            .values_list("organization__path", flat=True)))
        user._dangjian_reader_paths = cached
    return cached


def publisher_org(user) -> PartyOrganization | None:
    """The organisation a publisher sends from: their highest committee-staff or unit-staff grant."""
    from dangjian.accounts.models import RoleGrant

    grant = (RoleGrant.objects.filter(user=user, revoked_at__isnull=True, role__in=PUBLISHER_ROLES,
                                      organization__is_active=True)
             .select_related("organization").order_by("organization__depth", "organization__path").first())
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
    return Q(pk__in=WorkPrompt.recipients.through.objects.filter(
        partyorganization__path__in=sorted(prefixes)).values("workprompt_id"))


def is_reader(user, prompt: WorkPrompt) -> bool:
    prefixes = {p for path in reader_grant_paths(user) for p in _prefixes(path)}
    return bool(prefixes) and prompt.recipients.filter(path__in=sorted(prefixes)).exists()


def prompt_inbox(*, actor) -> QuerySet:
    """Prompts addressed to the actor, unread first, each with .is_read, .read_at, .reminded_at."""
    reads = WorkPromptRead.objects.filter(prompt=OuterRef("pk"), user=actor)
    reminders = WorkPromptReminder.objects.filter(prompt=OuterRef("pk"), user=actor)
    return (WorkPrompt.objects.filter(_addressed_to_q(actor))
            .annotate(is_read=Exists(reads), reminded=Exists(reminders))
            .annotate(reminded_at=Max("reminders__sent_at", filter=Q(reminders__user=actor)))
            .select_related("sender", "sender_org")
            .order_by("is_read", "-published_at", "-id"))


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
        "workprompt_id", "partyorganization__path")
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
    return list(RoleGrant.objects.filter(q, revoked_at__isnull=True, role__in=READER_ROLES,
                                         user__is_active=True, organization__is_active=True)
                .values_list("user_id", "organization__path", "organization_id"))


def readers_by_prompt(prompt_ids: list[int], senders: dict[int, int] | None = None) -> dict[int, dict[int, list[int]]]:
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
    for pid, name in (WorkPrompt.recipients.through.objects.filter(workprompt_id__in=ids)
                      .order_by("partyorganization__path").values_list("workprompt_id", "partyorganization__name")):
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
    reminders = dict(WorkPromptReminder.objects.filter(prompt=prompt).values("user_id")
                     .annotate(n=Count("id"), last=Max("sent_at")).values_list("user_id", "n"))
    user_ids = set(readers) | set(reads)
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids)}
    org_ids = {o for ids in readers.values() for o in ids}
    orgs = dict(PartyOrganization.objects.filter(pk__in=org_ids).values_list("id", "name"))
    rows = []
    for uid in user_ids:
        user = users.get(uid)
        if user is None:
            continue
        rows.append({"user": user, "orgs": [orgs[o] for o in sorted(set(readers.get(uid, []))) if o in orgs],
                     "read_at": reads.get(uid), "reminders": reminders.get(uid, 0)})
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
    return (scoping.orgs_visible(actor, write=True).filter(is_active=True)
            .exclude(kind=OrgKind.PARTY_GROUP).order_by("path"))
