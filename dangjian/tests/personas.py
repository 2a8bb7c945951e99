"""The shared test world: a tiny tree with personas, each commented with what it may see.

工委 (root)                                 unit: 工委机关
├── 财政厅机关党委 (oc_a)                    unit: 省财政厅
│   ├── 第一党支部 (a1)  ── 第一党小组 (g1)
│   ├── 第二党支部 (a2)
│   └── 机关党总支 (ga) ── 第三党支部 (a3)
└── 教育厅机关党委 (oc_b)                    unit: 省教育厅
    └── 第一党支部 (b1)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dangjian.accounts.enums import Role
from dangjian.accounts.models import User
from dangjian.core.idnumber import synthetic
from dangjian.organizations.enums import OrgKind, UnitCategory
from dangjian.organizations.models import PartyOrganization, Unit
from dangjian.organizations.services import next_child_path
from dangjian.people import services as people_services
from dangjian.people.enums import Education, MembershipStatus
from dangjian.people.models import Person
from dangjian.users import services as user_services

PASSWORD = "Test-Passw0rd!"


@dataclass
class World:
    root: PartyOrganization
    oc_a: PartyOrganization
    a1: PartyOrganization
    g1: PartyOrganization
    a2: PartyOrganization
    ga: PartyOrganization
    a3: PartyOrganization
    oc_b: PartyOrganization
    b1: PartyOrganization
    unit_root: Unit
    unit_a: Unit
    unit_b: Unit
    committee: User  # 工委工作人员 on root: sees and changes everything
    unit_staff: User  # 单位党务 on oc_a: sees and changes a1, a2, ga, a3, g1; not oc_b, b1
    secretary: User  # 支部书记 of a1: sees and changes a1 (and g1); not a2 or b1
    branch_committee: User  # 支委 of a1: sees and changes a1; may not reveal full ID numbers
    member: User  # 党员 of a1 (person member_a1): sees only themselves
    auditor: User  # 审计员 on root: reads everything, changes nothing, browses the audit log
    outsider: User  # no grant: sees nothing
    people: dict[str, Person] = field(default_factory=dict)


def _org(name, kind, unit, parent):
    path = next_child_path(parent)
    return PartyOrganization.objects.create(
        name=name,
        kind=kind,
        unit=unit,
        parent=parent,
        path=path,
        depth=len(path) // 4,
        root=(parent.root or parent) if parent else None,
        established_on=dt.date(2000, 1, 1),
    )


def make_person(
    world_or_org,
    name: str,
    *,
    org: PartyOrganization | None = None,
    seq: int = 1,
    birth=dt.date(1985, 5, 5),
    gender="M",
    status=MembershipStatus.FULL,
    actor=None,
) -> Person:
    org = org or world_or_org
    dates = {"applied_on": dt.date(2008, 3, 1)}
    if status in (MembershipStatus.ACTIVIST, MembershipStatus.CANDIDATE):
        dates["activist_on"] = dt.date(2008, 9, 1)
    if status == MembershipStatus.CANDIDATE:
        dates["candidate_on"] = dt.date(2009, 10, 1)
    if status in (MembershipStatus.FULL, MembershipStatus.PROBATIONARY):
        dates["admitted_on"] = dt.date(2010, 7, 1)
    if status == MembershipStatus.FULL:
        dates["full_on"] = dt.date(2011, 7, 1)
    if actor is None:
        actor = User.objects.get(username="t-committee")
    return people_services.person_create(
        actor=actor,
        organization=org,
        unit=org.unit,
        name=name,
        id_number=synthetic(birth, gender, seq),
        education=Education.BACHELOR,
        status=status,
        membership=dates,
        phone="13800001234",
    )


def _user(username, role, org, person=None):
    user, _ = user_services.user_create(
        actor=None, username=username, display_name=username, password=PASSWORD, person=person
    )
    if role:
        user_services.grant_create(actor=None, user=user, role=role, organization=org)
    return user


def build_world() -> World:
    unit_root = Unit.objects.create(name="省直机关工委", category=UnitCategory.COMMITTEE)
    unit_a = Unit.objects.create(name="省财政厅", sort_order=1)
    unit_b = Unit.objects.create(name="省教育厅", sort_order=2)
    root = _org("省直机关工委", OrgKind.WORKING_COMMITTEE, unit_root, None)
    oc_a = _org("省财政厅机关党委", OrgKind.ORGAN_COMMITTEE, unit_a, root)
    a1 = _org("省财政厅第一党支部", OrgKind.BRANCH, unit_a, oc_a)
    g1 = _org("第一党小组", OrgKind.PARTY_GROUP, unit_a, a1)
    a2 = _org("省财政厅第二党支部", OrgKind.BRANCH, unit_a, oc_a)
    ga = _org("省财政厅机关党总支", OrgKind.GENERAL_BRANCH, unit_a, oc_a)
    a3 = _org("省财政厅第三党支部", OrgKind.BRANCH, unit_a, ga)
    oc_b = _org("省教育厅机关党委", OrgKind.ORGAN_COMMITTEE, unit_b, root)
    b1 = _org("省教育厅第一党支部", OrgKind.BRANCH, unit_b, oc_b)
    committee = _user("t-committee", Role.COMMITTEE_STAFF, root)
    w = World(
        root=root,
        oc_a=oc_a,
        a1=a1,
        g1=g1,
        a2=a2,
        ga=ga,
        a3=a3,
        oc_b=oc_b,
        b1=b1,
        unit_root=unit_root,
        unit_a=unit_a,
        unit_b=unit_b,
        committee=committee,
        unit_staff=_user("t-unit", Role.UNIT_STAFF, oc_a),
        secretary=_user("t-secretary", Role.BRANCH_SECRETARY, a1),
        branch_committee=_user("t-branchcom", Role.BRANCH_COMMITTEE, a1),
        member=None,  # type: ignore[arg-type]  # set below, once the member's person exists
        auditor=_user("t-auditor", Role.AUDITOR, root),
        outsider=_user("t-outsider", None, None),
    )
    w.people["member_a1"] = make_person(a1, "张三", seq=1)
    w.people["other_a1"] = make_person(
        a1, "李四", seq=2, gender="F", birth=dt.date(1990, 2, 3), status=MembershipStatus.PROBATIONARY
    )
    w.people["member_a2"] = make_person(a2, "王五", seq=3)
    w.people["member_a3"] = make_person(a3, "赵六", seq=4)
    w.people["member_b1"] = make_person(b1, "孙七", seq=5)
    w.member = _user("t-member", Role.MEMBER, a1, person=w.people["member_a1"])
    return w


def held_meeting(
    world: World,
    org: PartyOrganization | None = None,
    *,
    days: int = -1,
    title: str = "支部党员大会",
    status: str = "held",
):
    """A general meeting of `org` (default a1) `days` from now, its members on the roster."""
    from django.utils import timezone

    from dangjian.meetings.enums import MeetingKind
    from dangjian.meetings.services import meetings

    return meetings.meeting_create(
        actor=world.committee,
        organization=org or world.a1,
        kind=MeetingKind.GENERAL_MEETING,
        title=title,
        held_at=timezone.now() + dt.timedelta(days=days),
        status=status,
    )


# --- many readers at once ----------------------------------------------------------------------


def bulk_branches(parent: PartyOrganization, n: int, *, start: int = 1000) -> list[PartyOrganization]:
    """`n` active branches under `parent` (paths from child number `start`), in one insert."""
    from dangjian.organizations.models import PATH_STEP, path_segment

    rows = [
        PartyOrganization(
            name=f"{parent.name}第{i}党支部",
            kind=OrgKind.BRANCH,
            unit_id=parent.unit_id,
            parent=parent,
            root_id=parent.root_id or parent.pk,
            path=parent.path + path_segment(start + i),
            depth=parent.depth + 1,
            sort_order=i,
        )
        for i in range(n)
    ]
    assert all(len(r.path) == len(parent.path) + PATH_STEP for r in rows)
    PartyOrganization.objects.bulk_create(rows, batch_size=1000)
    return list(
        PartyOrganization.objects.filter(parent=parent, path__in=[r.path for r in rows]).order_by("path")
    )


def bulk_branch_readers(orgs: list[PartyOrganization], *, prefix: str = "reader") -> list[User]:
    """A branch-secretary account on each organisation that has none yet (no usable password),
    in two inserts: users `<prefix>-<org id>`."""
    from dangjian.accounts.models import RoleGrant

    have = set(
        RoleGrant.objects.filter(
            organization__in=orgs, role=Role.BRANCH_SECRETARY, revoked_at__isnull=True
        ).values_list("organization_id", flat=True)
    )
    todo = [o for o in orgs if o.pk not in have]
    User.objects.bulk_create(
        [User(username=f"{prefix}-{o.pk}", display_name=f"{o.name}书记", password="!") for o in todo],
        batch_size=1000,
    )
    users = {u.username: u for u in User.objects.filter(username__in=[f"{prefix}-{o.pk}" for o in todo])}
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=users[f"{prefix}-{o.pk}"], role=Role.BRANCH_SECRETARY, organization=o) for o in todo],
        batch_size=1000,
    )
    return list(users.values())
