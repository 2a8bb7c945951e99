"""What each role has to do next, for the home page.

A branch secretary sees their branch's unread prompts, planned meetings whose date has passed
without being recorded, the meetings the running period still requires, upcoming meetings and a
committee term that has ended or ends within six months. Unit staff see the same summed over their
branches, worst branches first; the working committee sees it per unit. A member sees their
branch's upcoming meetings, how they were marked at past ones, and their own record.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from dangjian.meetings import cadence
from dangjian.meetings.enums import MeetingStatus
from dangjian.meetings.models import Attendance, Meeting
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization
from dangjian.prompts.selectors import prompt_inbox

TERM_WARNING_DAYS = 183  # about six months
LIST_LENGTH = 10
OVERDUE_WINDOW_DAYS = 365  # planned meetings older than this are no longer a to-do
UPCOMING_DAYS = 60
CACHE_FROM_ORGS = 300
CACHE_SECONDS = 300


@dataclass
class DueGroup:
    """The meetings still due this period in one branch (or one unit), with a link to record one."""

    key: int
    name: str
    unit_name: str
    items: list = field(default_factory=list)  # the first few, for the kinds column
    orgs: set = field(default_factory=set)
    count: int = 0


@dataclass
class Todo:
    unread_prompts: list
    unread_count: int
    overdue_planned: list
    overdue_count: int
    due: list  # cadence.OverdueItem of the running periods, when shown one by one
    due_count: int
    due_groups: list[DueGroup]
    group_by: str  # "": items one by one; "org": per branch; "unit": per unit
    terms: list
    terms_count: int
    upcoming: list

    @property
    def nothing(self) -> bool:
        return not (
            self.unread_count or self.overdue_count or self.due_count or self.terms_count or self.upcoming
        )


def _meetings(user) -> QuerySet:
    return Meeting.objects.filter(scoping.org_q(user, field="organization__path")).select_related(
        "organization"
    )


@dataclass
class DueSummary:
    count: int
    items: list  # every item when one organisation has them all, else []
    group_by: str
    groups: list[DueGroup]


def _due(user, today: dt.date) -> DueSummary:
    """The meetings the running periods still require. Over a province (thousands of branches) this
    takes seconds, so wide scopes share the summary for CACHE_SECONDS; a branch or a unit is
    computed on every request."""
    scope = scoping.scope_of(user)
    paths = ("",) if scope.covers_all else scope.read_paths

    def compute() -> DueSummary:
        items = [item for path in paths for item in cadence.overdue(org_path=path, today=today)]
        if len({item.org_id for item in items}) <= 1:
            return DueSummary(len(items), items, "", [])
        by = "unit" if scope.committee or scope.covers_all else "org"
        return DueSummary(len(items), [], by, _group(items, by)[:LIST_LENGTH])

    wide = PartyOrganization.objects.filter(scoping.org_q(user))[:CACHE_FROM_ORGS].count() >= CACHE_FROM_ORGS
    if not wide:
        return compute()
    return cadence.cached(f"reports.todo.due:{today}:{','.join(paths)}", compute, CACHE_SECONDS)


def _group(items: list, by: str) -> list[DueGroup]:
    groups: dict = {}
    for item in items:
        key = item.unit_name if by == "unit" else item.org_id
        group = groups.get(key)
        if group is None:
            name = item.unit_name if by == "unit" else item.org_name
            group = groups[key] = DueGroup(item.org_id, name, item.unit_name)
        if len(group.items) < 4:
            group.items.append(item)
        group.orgs.add(item.org_id)
        group.count += 1
    return sorted(groups.values(), key=lambda g: (-g.count, g.name))


def todo_for(user, *, today: dt.date | None = None) -> Todo:
    """The to-do list of a user who sees a subtree (branch secretary, unit staff, committee, auditor)."""
    today = today or timezone.localdate()
    now = timezone.now()
    scope = scoping.scope_of(user)
    inbox = (
        list(prompt_inbox(actor=user).filter(is_read=False)[: LIST_LENGTH + 1]) if scope.write_paths else []
    )
    unread_count = (
        len(inbox) if len(inbox) <= LIST_LENGTH else prompt_inbox(actor=user).filter(is_read=False).count()
    )
    planned = _meetings(user).filter(status=MeetingStatus.PLANNED)
    overdue_planned = planned.filter(
        held_at__gte=now - dt.timedelta(days=OVERDUE_WINDOW_DAYS), held_at__lt=now
    ).order_by("held_at")
    due = _due(user, today)
    terms = (
        PartyOrganization.objects.filter(
            scoping.org_q(user),
            is_active=True,
            term_ends_on__isnull=False,
            term_ends_on__lte=today + dt.timedelta(days=TERM_WARNING_DAYS),
        )
        .select_related("unit")
        .order_by("term_ends_on", "path")
    )
    return Todo(
        unread_prompts=inbox[:LIST_LENGTH],
        unread_count=unread_count,
        overdue_planned=list(overdue_planned[:LIST_LENGTH]),
        overdue_count=overdue_planned.count(),
        due=due.items,
        due_count=due.count,
        due_groups=due.groups,
        group_by=due.group_by,
        terms=list(terms[:LIST_LENGTH]),
        terms_count=terms.count(),
        upcoming=list(
            planned.filter(held_at__gte=now, held_at__lt=now + dt.timedelta(days=UPCOMING_DAYS)).order_by(
                "held_at"
            )[:LIST_LENGTH]
        ),
    )


@dataclass
class MemberHome:
    person: object
    upcoming: list
    marked: list
    counts: dict
    prompts: list = field(default_factory=list)  # unread prompts addressed to them


def member_home(user) -> MemberHome | None:
    """A member's own page: their branch's next meetings, how they were marked at past ones, and
    the unread prompts addressed to them (prompts to the members of their organisation)."""
    person = getattr(user, "person", None)
    if person is None:
        return None
    upcoming = list(
        Meeting.objects.filter(
            organization_id=person.organization_id, status=MeetingStatus.PLANNED, held_at__gte=timezone.now()
        )
        .select_related("organization")
        .order_by("held_at")[:LIST_LENGTH]
    )
    marked = list(
        Attendance.objects.filter(person=person, meeting__status=MeetingStatus.HELD)
        .select_related("meeting")
        .order_by("-meeting__held_at")[:LIST_LENGTH]
    )
    counts: dict = defaultdict(int)
    year_start = timezone.make_aware(dt.datetime(timezone.localdate().year, 1, 1))
    for status in Attendance.objects.filter(
        person=person, meeting__status=MeetingStatus.HELD, meeting__held_at__gte=year_start
    ).values_list("status", flat=True):
        counts[status] += 1
    prompts = list(prompt_inbox(actor=user).filter(is_read=False)[:LIST_LENGTH])
    return MemberHome(person=person, upcoming=upcoming, marked=marked, counts=dict(counts), prompts=prompts)
