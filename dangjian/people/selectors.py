"""Every read of people: scoped through organizations.scoping."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import Field, dataclass, fields

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from dangjian.core.actors import Actor
from dangjian.core.errors import get_or_404
from dangjian.core.periods import in_force_on
from dangjian.organizations import scoping
from dangjian.organizations.lookups import in_subtree_or_all
from dangjian.people import tally
from dangjian.people.enums import AGE_BANDS, PARTY_AGE_BANDS, PARTY_MEMBER_STATUSES, Post
from dangjian.people.models import CadrePost, Membership, MembershipPeriod, MembershipTally, Person

SORTS = {
    "name": ("name_pinyin", "id"),
    "-name": ("-name_pinyin", "-id"),
    "admitted": ("membership__admitted_on", "id"),
    "-admitted": ("-membership__admitted_on", "-id"),
}
_ID_TAIL = re.compile(r"^\d{3,5}[\dXx]$")


@dataclass
class MemberFilters:
    """The filters of the member list: the page, the API (people.api.MemberQuery is built from these
    fields) and the export."""

    q: str = ""
    org: int | None = None  # a subtree
    status: str = ""  # probationary / full ("" = both)
    gender: str = ""
    age_band: str = ""
    education: str = ""
    ethnicity: str = ""
    party_age_band: str = ""
    sort: str = "name"
    on: dt.date | None = None  # "today" for the age bands

    @classmethod
    def from_params(cls, params) -> MemberFilters:
        def _int(v):
            try:
                return int(v) if v not in (None, "") else None
            except (TypeError, ValueError):
                return None

        return cls(
            q=(params.get("q") or "").strip()[:50],
            org=_int(params.get("org")),
            status=params.get("status") or "",
            gender=params.get("gender") or "",
            age_band=params.get("age_band") or "",
            education=params.get("education") or "",
            ethnicity=params.get("ethnicity") or "",
            party_age_band=params.get("party_age_band") or "",
            sort=params.get("sort") if params.get("sort") in SORTS else "name",
        )

    @classmethod
    def param_fields(cls) -> list[Field]:
        """The filters a page, the API or an export passes (all but `on`)."""
        return [f for f in fields(cls) if f.name != "on"]

    def as_params(self) -> dict:
        return {f.name: v for f in self.param_fields() if (v := getattr(self, f.name)) not in (None, "")}


def _years_ago(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _band_q(field: str, bands, code: str, today: dt.date) -> Q:
    for c, _label, lo, hi in bands:
        if c == code:
            # age >= lo  <=> born on or before today - lo years; age <= hi <=> born after today - (hi+1) years
            return Q(**{f"{field}__lte": _years_ago(today, lo), f"{field}__gt": _years_ago(today, hi + 1)})
    return Q()


def person_list(*, actor: Actor) -> QuerySet:
    return Person.objects.filter(scoping.person_q(actor))


def membership_counts(*, actor: Actor) -> dict[str, int]:
    """{status: people} over the memberships of the people the actor may see (people without a
    membership are not counted). One GROUP BY over the membership table, joined to people and
    organisations only when the scope is narrower than the whole table."""
    rows = (
        Membership.objects.filter(scoping.person_q(actor, prefix="person__"))
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def member_list(*, actor: Actor, filters: MemberFilters | None = None) -> QuerySet:
    """Party members (probationary and full) the actor may see, filtered and sorted."""
    f = filters or MemberFilters()
    today = f.on or dt.date.today()
    qs = Person.objects.filter(scoping.person_q(actor), membership__status__in=PARTY_MEMBER_STATUSES)
    if f.org:
        org = scoping.access_org(actor, f.org)
        qs = qs.filter(organization__path__under=org.path)
    if f.q:
        if _ID_TAIL.match(f.q):
            tail = f.q.upper()
            if len(tail) == 4:
                qs = qs.filter(id_last4=tail)
            elif len(tail) == 6:
                qs = qs.filter(id_tail=tail)
            else:
                qs = qs.filter(id_tail__endswith=tail)
        else:
            qs = qs.filter(Q(name__contains=f.q) | Q(name_pinyin__startswith=f.q.lower()))
    if f.status in PARTY_MEMBER_STATUSES:
        qs = qs.filter(membership__status=f.status)
    for field in ("gender", "education", "ethnicity"):
        if getattr(f, field):
            qs = qs.filter(**{field: getattr(f, field)})
    if f.age_band:
        qs = qs.filter(_band_q("birth_date", AGE_BANDS, f.age_band, today))
    if f.party_age_band:
        qs = qs.filter(_band_q("membership__full_on", PARTY_AGE_BANDS, f.party_age_band, today))
    return qs.select_related("membership", "organization", "unit").order_by(*SORTS[f.sort])


def people_unseen(actor, person_ids) -> list[int]:
    """The ids among `person_ids` that name nobody the actor may see (missing ones included).

    A refusal must not tell an actor anything about a person outside their scope: the answer is the
    one for "no such person", and the attempt is logged (core.audit.denied)."""
    ids = {int(i) for i in person_ids}
    if not ids:
        return []
    seen = set(Person.objects.filter(scoping.person_q(actor), pk__in=ids).values_list("pk", flat=True))
    return sorted(ids - seen)


def person_get(*, actor: Actor, person_id) -> Person:
    return get_or_404(
        Person.objects.filter(scoping.person_q(actor)).select_related(
            "organization", "unit", "membership", "organization__parent"
        ),
        person_id,
    )


def access_person(actor, person_id, *, write: bool = False) -> Person:
    person = person_get(actor=actor, person_id=person_id)
    if write:
        scoping.require(scoping.can_write_path(actor, person.organization.path))
    return person


def membership_history(*, person: Person) -> QuerySet:
    return (
        MembershipPeriod.objects.filter(person=person)
        .select_related("organization")
        .order_by("valid_from", "id")
    )


def posts_of_person(*, person: Person) -> QuerySet:
    return CadrePost.objects.filter(person=person).select_related("organization").order_by("-started_on")


def access_post(actor, post_id, *, write: bool = False) -> CadrePost:
    """A cadre post whose holder the actor may see (404 otherwise); with `write`, 403 unless the
    post's organisation is writable."""
    post = get_or_404(
        CadrePost.objects.filter(scoping.person_q(actor, prefix="person__")).select_related(
            "organization", "person", "person__organization"
        ),
        post_id,
    )
    if write:
        scoping.require(scoping.can_write_path(actor, post.organization.path))
    return post


def posts_of_org(*, actor: Actor, org) -> QuerySet:
    return CadrePost.objects.filter(organization=org).select_related("person").order_by("ended_on", "post")


def members_on(*, day: dt.date, org_path: str = "", statuses=PARTY_MEMBER_STATUSES) -> QuerySet:
    """Membership periods in force on `day` (one selector for "members of subtree X on day D")."""
    qs = MembershipPeriod.objects.filter(
        in_force_on(day, start="valid_from", end="valid_to"), status__in=statuses
    )
    if org_path:
        qs = qs.filter(organization__path__under=org_path)
    return qs


def status_counts_on(*, day: dt.date, org_path: str = "") -> dict[str, int]:
    """{status: membership periods in force on `day`} under `org_path`: `members_on` counted by
    status. Read from the membership tally (people.tally: the open periods of each organisation
    by status), plus the periods that had started by `day` and end after it, less the open ones
    starting after it: only the periods changed since `day` (none for the year just ended on the
    demo), read from an index alone: for the whole province by date (period_end_idx), for a
    subtree organisation by organisation (period_org_end_idx).

    The shape of the query on the ended periods matters on SQLite, which keeps no statistics of
    how few periods end after a day: their end is a closed range (`<= date.max`) and their start is
    counted, not filtered; otherwise it walks the whole table by status or start instead."""
    where = in_subtree_or_all(org_path)  # for the whole province: no filter

    sums = {status: Sum(column) for status, column in zip(tally.STATUSES, tally.COLUMNS, strict=True)}
    tallied = MembershipTally.objects.filter(where).aggregate(**sums)
    counts: Counter[str] = Counter({status: n or 0 for status, n in tallied.items()})
    started = Count("pk", filter=Q(valid_from__lte=day))
    ended = MembershipPeriod.objects.filter(where, valid_to__gt=day, valid_to__lte=dt.date.max)
    for status, n in ended.values_list("status").annotate(n=started).order_by():
        counts[status] += n
    later = MembershipPeriod.objects.filter(where, valid_to__isnull=True, valid_from__gt=day)
    for status, n in later.values_list("status").annotate(n=Count("pk")).order_by():
        counts[status] -= n
    return {status: n for status, n in counts.items() if n}


def tree_members_and_secretaries(nodes: list) -> None:
    """For the party tree: .member_count (party members of the subtree) and .secretary (the name
    of the serving secretary) on each node, in one query per path length plus one."""
    counts: dict[str, int] = defaultdict(int)
    by_len = defaultdict(list)
    for n in nodes:
        by_len[len(n.path)].append(n.path)
    for length, paths in by_len.items():
        prefix_q = Q()
        for p in paths:
            prefix_q |= Q(organization__path__under=p)
        rows = (
            Person.objects.filter(prefix_q, membership__status__in=PARTY_MEMBER_STATUSES)
            .annotate(prefix=Substr("organization__path", 1, length))
            .values("prefix")
            .annotate(n=Count("id"))
        )
        for row in rows:
            counts[row["prefix"]] += row["n"]
    secretaries = dict(
        CadrePost.objects.filter(
            organization__in=nodes, post=Post.SECRETARY, ended_on__isnull=True
        ).values_list("organization_id", "person__name")
    )
    for n in nodes:
        n.member_count = counts.get(n.path, 0)
        n.secretary = secretaries.get(n.id, "")


def org_detail_posts(*, actor: Actor, org) -> dict:
    """For an organisation's page: its serving committee."""
    return {"posts": posts_of_org(actor=actor, org=org).filter(ended_on__isnull=True)}


# --- a member's life in the party as one timeline ---------------------------------------------
# People's own entries (membership periods, posts) plus what other areas register from their
# AppConfig.ready() with `on_person_timeline(fn)` (development steps, cadre changes, transfers,
# medals, care, fees...), so people imports none of them.


@dataclass
class TimelineItem:
    """One dated entry of a person's timeline. `kind` is the short area label shown as a tag
    (发展党员, 党籍, 职务, 组织关系...), `title` what happened, `detail` more (who, where, why), `url`
    a page of the record (empty when there is none)."""

    on: dt.date
    kind: str
    title: str
    detail: str = ""
    url: str = ""


TimelineSource = Callable[..., Iterable[TimelineItem]]
_TIMELINE_SOURCES: list[TimelineSource] = []


def on_person_timeline(fn: TimelineSource) -> None:
    """Register `fn(actor=, person=)` returning the TimelineItems an area adds to a person's page.
    The person is already visible to the actor (person_get); a source reads the records it owns
    about that person with a fixed number of queries."""
    _TIMELINE_SOURCES.append(fn)


def _own_timeline(*, actor: Actor, person: Person) -> list[TimelineItem]:
    items = [
        TimelineItem(
            on=p.valid_from,
            kind="党籍",
            title=f"{p.get_status_display()}（{p.organization.name}）",
            detail=p.reason,
        )
        for p in membership_history(person=person)
    ]
    for post in posts_of_person(person=person):
        items.append(
            TimelineItem(
                on=post.started_on, kind="职务", title=f"任{post.organization.name}{post.get_post_display()}"
            )
        )
        if post.ended_on:
            reason = post.get_end_reason_display()
            items.append(
                TimelineItem(
                    on=post.ended_on,
                    kind="职务",
                    title=f"免去{post.organization.name}{post.get_post_display()}",
                    detail=reason,
                )
            )
    return items


def person_timeline(*, actor: Actor, person: Person) -> list[TimelineItem]:
    """The person's life in the party, oldest first: people's own entries and every registered
    source's. Entries of one day keep the order of their sources (people first)."""
    items = _own_timeline(actor=actor, person=person)
    for source in _TIMELINE_SOURCES:
        items.extend(source(actor=actor, person=person))
    return sorted(items, key=lambda i: i.on)
