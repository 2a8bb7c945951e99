"""User management: accounts and role grants, within the actor's scope."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone

from dangjian.accounts import errors
from dangjian.accounts.enums import Role
from dangjian.accounts.models import RoleGrant, User
from dangjian.accounts.services import random_password, user_kill_sessions, user_revoke_tokens
from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind

ROLE_NODE_KINDS: dict[str, set[OrgKind]] = {
    Role.BRANCH_SECRETARY: {OrgKind.BRANCH},
    Role.BRANCH_COMMITTEE: {OrgKind.BRANCH},
    Role.UNIT_STAFF: {OrgKind.ORGAN_COMMITTEE, OrgKind.GENERAL_BRANCH},
}
_USERNAME = re.compile(r"^[A-Za-z0-9._-]{3,30}$")


@transaction.atomic
def user_create(
    *,
    actor: Actor | None,
    username: str,
    display_name: str = "",
    person=None,
    password: str | None = None,
    is_superuser: bool = False,
) -> tuple[User, str]:
    """Create a user with a random initial password that must be changed at first login."""
    if actor is not None:
        scoping.require(scoping.scope_of(actor).committee)
    if not _USERNAME.match(username or ""):
        raise ApplicationError(errors.ERR_USERNAME_FORMAT, field="username")
    if User.objects.filter(username=username).exists():
        raise ApplicationError(errors.ERR_USERNAME_TAKEN.format(username=username), field="username")
    pw = password or random_password()
    user = User(
        username=username,
        display_name=display_name or username,
        person=person,
        is_superuser=is_superuser,
        is_staff=is_superuser,
        must_change_password=password is None,
        password_changed_at=timezone.now(),
    )
    user.set_password(pw)
    user.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=user,
        changes={"username": [None, username], "display_name": [None, user.display_name]},
    )
    return user, pw


@transaction.atomic
def user_set_active(*, actor: Actor, user: User, active: bool) -> User:
    scoping.require(scoping.scope_of(actor).committee or actor.is_superuser)
    scoping.require_user_manageable(actor, user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:  # ASVS 7.4.2: end the sessions of a disabled account
        user_kill_sessions(user=user)
        user_revoke_tokens(actor=actor, user=user, reason="停用账号")
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=user, changes={"is_active": [not active, active]}
    )
    return user


@transaction.atomic
def grant_create(*, actor: Actor | None, user: User, role: str, organization) -> RoleGrant:
    if actor is not None:
        scoping.require(scoping.scope_of(actor).committee or actor.is_superuser)
        scoping.require_user_manageable(actor, user)
        if not scoping.can_grant_on(actor, organization.path):
            raise ApplicationError(errors.ERR_GRANT_OUTSIDE, field="organization")
    kinds = ROLE_NODE_KINDS.get(role)
    if kinds and organization.kind not in kinds:
        raise ApplicationError(
            errors.ERR_GRANT_ROLE_NODE.format(
                role=Role(role).label, kinds="、".join(OrgKind(k).label for k in kinds)
            ),
            field="organization",
        )
    if RoleGrant.objects.filter(
        user=user, role=role, organization=organization, revoked_at__isnull=True
    ).exists():
        raise ApplicationError(errors.ERR_GRANT_EXISTS, field="role")
    grant = RoleGrant.objects.create(user=user, role=role, organization=organization, granted_by=actor)
    scoping.forget(user)
    user_revoke_tokens(actor=actor, user=user, reason="角色变更")
    audit.record(
        actor=actor,
        action=AuditAction.GRANT,
        obj=grant,
        changes={
            "role": [None, Role(role).label],
            "organization": [None, organization.name],
            "user": [None, user.username],
        },
    )
    return grant


@transaction.atomic
def grant_revoke(*, actor: Actor, grant: RoleGrant) -> RoleGrant:
    scoping.require(scoping.scope_of(actor).committee or actor.is_superuser)
    scoping.require_user_manageable(actor, grant.user)
    if not scoping.can_grant_on(actor, grant.organization.path):
        raise ApplicationError(errors.ERR_GRANT_OUTSIDE, field="organization")
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at", "updated_at"])
    scoping.forget(grant.user)
    user_revoke_tokens(actor=actor, user=grant.user, reason="角色变更")
    audit.record(
        actor=actor,
        action=AuditAction.REVOKE,
        obj=grant,
        changes={"revoked_at": [None, grant.revoked_at.isoformat()]},
    )
    return grant
