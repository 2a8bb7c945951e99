"""`dangjian demo`: the demo province at a small scale (--scale 0.02, about a thousand people)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q

from dangjian.accounts.enums import Role
from dangjian.accounts.models import RoleGrant, User
from dangjian.core import crypto, idnumber
from dangjian.core.models import AuditEvent
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization, Unit
from dangjian.people.enums import MembershipStatus, Post, PostEndReason
from dangjian.people.models import CadrePost, Membership, MembershipPeriod, Person
from dangjian.people.selectors import members_on
from dangjian.tests.personas import PASSWORD

YEAR_END = dt.date(2023, 12, 31)


def run_demo(*args) -> str:
    out = StringIO()
    call_command("demo", "--year", "2023", "--scale", "0.02", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setenv("DANGJIAN_DEMO_PASSWORD", PASSWORD)
    return run_demo("--seed", "11")


def fingerprint() -> dict:
    people = Person.objects.order_by("id").select_related("organization", "membership")[:200]
    return {
        "counts": {
            m.__name__: m.objects.count()
            for m in (Unit, PartyOrganization, Person, Membership, MembershipPeriod, CadrePost, RoleGrant)
        },
        "units": list(Unit.objects.order_by("sort_order", "name").values_list("name", "category")),
        "orgs": list(
            PartyOrganization.objects.order_by("path").values_list(
                "path", "name", "kind", "established_on", "term_ends_on"
            )
        ),
        "people": [
            (
                p.name,
                p.id_masked,
                p.birth_date,
                p.gender,
                p.education,
                p.organization.name,
                p.membership.status,
                p.membership.admitted_on,
                p.membership.full_on,
            )
            for p in people
        ],
        "periods": list(
            MembershipPeriod.objects.order_by("person__id_bidx", "valid_from", "status").values_list(
                "person__id_masked", "organization__path", "status", "valid_from", "valid_to"
            )[:500]
        ),
        "posts": sorted(
            CadrePost.objects.values_list(
                "person__id_masked", "organization__path", "post", "started_on", "ended_on"
            )
        ),
    }


def test_it_builds_the_same_province_twice_with_the_same_seed(demo, monkeypatch):
    first = fingerprint()
    run_demo("--seed", "11", "--reset")
    assert fingerprint() == first
    run_demo("--seed", "12", "--reset")
    assert fingerprint()["people"] != first["people"]


def test_it_refuses_to_build_over_existing_data_without_reset(world):
    with pytest.raises(CommandError, match="--reset"):
        run_demo()
    assert Person.objects.count() == 5


def test_reset_replaces_the_data_and_keeps_superusers(world, monkeypatch):
    admin = User.objects.create_superuser("root-admin", password=PASSWORD)
    monkeypatch.setenv("DANGJIAN_DEMO_PASSWORD", PASSWORD)
    out = run_demo("--reset")
    assert "已清空原有业务数据" in out
    assert User.objects.filter(pk=admin.pk).exists()
    # deleted; on PostgreSQL, where audit rows are append-only, the ones they name are deactivated
    assert not User.objects.filter(username__startswith="t-", is_active=True).exists()
    assert not RoleGrant.objects.filter(user__username__startswith="t-").exists()
    assert not PartyOrganization.objects.filter(name="省财政厅第一党支部").exists()
    assert PartyOrganization.objects.filter(depth=1).count() == 1


def test_it_rejects_a_year_that_has_not_ended(db):
    with pytest.raises(CommandError, match="年度"):
        call_command("demo", "--year", str(dt.date.today().year), stdout=StringIO())


def test_every_id_number_is_valid_and_agrees_with_birth_date_and_gender(demo):
    people = list(Person.objects.all())
    assert len(people) > 500
    for p in people:
        number = crypto.decrypt(p.id_enc)
        assert idnumber.normalize(number) == number
        assert idnumber.birth_date(number) == p.birth_date
        assert idnumber.gender(number) == p.gender
        assert crypto.blind_index(number) == p.id_bidx
        assert idnumber.mask(number) == p.id_masked and number.startswith("21")
    assert len({p.id_bidx for p in people}) == len(people)
    assert all(23 <= p.age_on(YEAR_END) <= 90 for p in people)


def test_the_province_has_the_shape_of_the_spec(demo):
    root = PartyOrganization.objects.get(depth=1)
    assert root.kind == OrgKind.WORKING_COMMITTEE and root.unit.name == "省直机关工委"
    assert Unit.objects.filter(parent__isnull=False).exists()
    branches = PartyOrganization.objects.filter(kind=OrgKind.BRANCH)
    assert branches.count() == 50
    assert branches.filter(name__contains="离退休").exists()
    names = list(PartyOrganization.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert not PartyOrganization.objects.exclude(path__startswith=root.path).exists()
    assert not Person.objects.exclude(root=root).exists()
    members = Person.objects.filter(
        membership__status__in=[MembershipStatus.FULL, MembershipStatus.PROBATIONARY]
    )
    assert members.filter(
        membership__status=MembershipStatus.PROBATIONARY, membership__admitted_on__year=2023
    ).exists()
    assert Membership.objects.filter(status=MembershipStatus.APPLICANT).exists()
    assert members.filter(
        membership__status=MembershipStatus.FULL, membership__full_on__lte=dt.date(1973, 7, 1)
    ).exists()
    women = Person.objects.filter(gender="F").count() / Person.objects.count()
    assert 0.2 < women < 0.4


def test_every_branch_has_a_secretary_who_is_a_full_member_of_it(demo):
    for branch in PartyOrganization.objects.filter(kind=OrgKind.BRANCH):
        posts = CadrePost.objects.filter(organization=branch, post=Post.SECRETARY, ended_on__isnull=True)
        assert posts.count() == 1, branch.name
        person = posts.get().person
        assert person.organization_id == branch.pk
        assert person.membership.status == MembershipStatus.FULL
        full_on = person.membership.full_on
        assert full_on is not None and full_on <= dt.date(2022, 12, 31), branch.name


def test_transfers_in_the_year_make_year_end_membership_differ_from_ever(demo):
    moved = MembershipPeriod.objects.filter(reason="组织关系转接", valid_from__year=2023).select_related(
        "person"
    )
    assert moved.exists()
    period = moved.first()
    assert period is not None
    old = MembershipPeriod.objects.get(
        person=period.person, valid_to=period.valid_from, status=MembershipStatus.FULL
    )
    assert old.organization_id != period.organization_id
    old_path = old.organization.path
    ever = (
        MembershipPeriod.objects.filter(organization__path__startswith=old_path).values("person").distinct()
    )
    at_end = members_on(day=YEAR_END, org_path=old_path).values("person").distinct()
    assert period.person_id in {r["person"] for r in ever}
    assert period.person_id not in {r["person"] for r in at_end}


def test_mid_term_adjustments_end_posts_in_the_year(demo):
    ended = CadrePost.objects.filter(end_reason=PostEndReason.MID_TERM, ended_on__year=2023)
    assert ended.count() == 2  # 81 x 0.02, rounded
    for post in ended:
        assert post.ended_on is not None
        assert CadrePost.objects.filter(
            organization=post.organization, post=post.post, started_on=post.ended_on, ended_on__isnull=True
        ).exists()


def test_demo_users_hold_the_right_grants(demo):
    grants = {g.user.username: g for g in RoleGrant.objects.select_related("user", "organization")}
    assert {u: grants[u].role for u in grants} == {
        "demo-committee": Role.COMMITTEE_STAFF,
        "demo-unit": Role.UNIT_STAFF,
        "demo-branch": Role.BRANCH_SECRETARY,
        "demo-member": Role.MEMBER,
        "demo-auditor": Role.AUDITOR,
        "demo-discipline": Role.DISCIPLINE,
    }
    root = PartyOrganization.objects.get(depth=1)
    assert grants["demo-committee"].organization == root and grants["demo-auditor"].organization == root
    assert grants["demo-discipline"].organization == root
    unit_org, branch = grants["demo-unit"].organization, grants["demo-branch"].organization
    assert unit_org.kind == OrgKind.ORGAN_COMMITTEE and unit_org.unit.name == "省财政厅"
    assert (
        branch.kind == OrgKind.BRANCH
        and branch.path.startswith(unit_org.path)
        and branch.unit == unit_org.unit
    )
    assert grants["demo-member"].organization == branch
    secretary = grants["demo-branch"].user.person
    assert CadrePost.objects.filter(
        person=secretary, organization=branch, post=Post.SECRETARY, ended_on__isnull=True
    ).exists()
    member = grants["demo-member"].user.person
    assert member is not None
    assert member.organization == branch and member.membership.status == MembershipStatus.FULL
    assert (
        not User.objects.filter(username__startswith="demo-")
        .filter(Q(must_change_password=True) | Q(is_active=False))
        .exists()
    )


def test_demo_users_log_in_with_the_password_from_the_environment(demo, login):
    client = login(User.objects.get(username="demo-branch"))
    assert client.get("/").status_code == 200


def test_it_writes_one_summary_audit_event_and_prints_the_logins(demo):
    events = AuditEvent.objects.all()
    assert events.count() == 1
    assert events.get().object_repr == "演示数据生成"
    for username in (
        "demo-committee",
        "demo-unit",
        "demo-branch",
        "demo-member",
        "demo-auditor",
        "demo-discipline",
    ):
        assert username in demo
    assert PASSWORD in demo and "环境变量" in demo
