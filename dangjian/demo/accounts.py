"""The demo users, one per role. demo-branch's branch lies inside demo-unit's unit (省财政厅) and
demo-member is a member of that branch; demo-branch is that branch's secretary."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from dangjian.accounts.enums import Role
from dangjian.accounts.models import RoleGrant, User
from dangjian.accounts.services import random_password
from dangjian.core.demo import demo_stage
from dangjian.demo.builder import Context
from dangjian.people.enums import MembershipStatus

DEMO_UNIT = "省财政厅"


def pick_branch(ctx: Context):
    unit = next((u for u in ctx.units if u.name == DEMO_UNIT), ctx.units[0])
    oc = ctx.organ_committees[unit.name]
    secretaries = ctx.demo.get("secretary", {})
    holders = ctx.demo.get("post_holders", set())
    for min_size in (10, 1):
        for b in ctx.branches:
            if (
                b.path.startswith(oc.path)
                and b.unit_id == unit.pk
                and not b.demo_retiree
                and b.pk in secretaries
                and len(ctx.members_by_branch.get(b.pk, [])) >= min_size
            ):
                member = next(
                    (
                        p
                        for p, status in ctx.members_by_branch[b.pk]
                        if status == MembershipStatus.FULL and id(p) not in holders
                    ),
                    None,
                )
                if member is not None:
                    return unit, oc, b, secretaries[b.pk], member
    raise RuntimeError("演示数据中找不到可用于演示账号的党支部。")


@demo_stage("accounts", order=30, label="演示账号")
def build(ctx: Context) -> None:
    unit, oc, branch, secretary, member = pick_branch(ctx)
    ctx.demo.update(
        {
            "unit": unit,
            "unit_org": oc,
            "branch": branch,
            "secretary_person": secretary,
            "member_person": member,
        }
    )
    password = ctx.password or random_password()
    ctx.password = password
    specs = [
        ("demo-committee", "演示·工委工作人员", Role.COMMITTEE_STAFF, ctx.root, None),
        ("demo-unit", f"演示·{unit.name}党务工作者", Role.UNIT_STAFF, oc, None),
        ("demo-branch", f"{secretary.name}（演示·支部书记）", Role.BRANCH_SECRETARY, branch, secretary),
        ("demo-member", f"{member.name}（演示·党员）", Role.MEMBER, branch, member),
        ("demo-auditor", "演示·审计员", Role.AUDITOR, ctx.root, None),
        ("demo-discipline", "演示·纪检监察干部", Role.DISCIPLINE, ctx.root, None),
    ]
    now = timezone.now()
    hashed = make_password(password)  # one (slow, salted) hash for the users sharing the password
    for username, display, role, org, person in specs:
        # After --reset on PostgreSQL a demo user with audit rows is kept (deactivated): re-use it.
        user = User.objects.filter(username=username).first() or User(username=username)
        user.display_name, user.person_id, user.is_active = display, person.pk if person else None, True
        user.is_staff = user.is_superuser = False
        user.must_change_password, user.password_changed_at = False, now
        user.password = hashed
        user.save()
        RoleGrant.objects.filter(user=user).delete()
        RoleGrant.objects.create(user=user, role=role, organization=org)
        ctx.logins.append((username, Role(role).label, org.name, display))
    ctx.counts["demo_users"] = len(specs)
