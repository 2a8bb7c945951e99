"""Users, role grants, API tokens and login security."""

from __future__ import annotations

import hashlib
import re
import secrets
import string

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from dangjian.accounts import errors
from dangjian.accounts.enums import Role
from dangjian.accounts.models import ApiToken, LoginFailure, RoleGrant, User
from dangjian.core import audit, text
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind

ROLE_NODE_KINDS = {
    Role.BRANCH_SECRETARY: {OrgKind.BRANCH},
    Role.BRANCH_COMMITTEE: {OrgKind.BRANCH},
    Role.UNIT_STAFF: {OrgKind.ORGAN_COMMITTEE, OrgKind.GENERAL_BRANCH},
}
_USERNAME = re.compile(r"^[A-Za-z0-9._-]{3,30}$")


def random_password(length: int = 16) -> str:
    """A random password that satisfies the complexity validator."""
    alphabet = string.ascii_letters + string.digits + "#%+-=@_"
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(length))
        if (any(c.isupper() for c in pw) and any(c.islower() for c in pw) and any(c.isdigit() for c in pw)
                and any(not c.isalnum() for c in pw)):
            return pw


# --- login security ------------------------------------------------------------------------

def login_locked(username: str, ip: str | None) -> bool:
    """Locked: LOGIN_FAILURE_LIMIT failures for this username from this address, or
    LOGIN_FAILURE_IP_LIMIT failures from this address whatever the usernames (one address trying
    many accounts), within LOGIN_LOCKOUT."""
    since = timezone.now() - settings.LOGIN_LOCKOUT
    recent = LoginFailure.objects.filter(ip=ip, at__gte=since)
    return (recent.filter(username=username).count() >= settings.LOGIN_FAILURE_LIMIT
            or recent.count() >= settings.LOGIN_FAILURE_IP_LIMIT)


def login_check(*, request, username: str, password: str) -> User:
    """Authenticate with the lockout (5 failures from one address for one username: 30 minutes).
    Used by the login page and the API token endpoint alike."""
    ip = request.META.get("REMOTE_ADDR") if request else None
    username = (username or "").strip()[:150]
    if login_locked(username, ip):
        audit.record(actor=None, action=AuditAction.LOGIN_FAILED, object_type="accounts.user",
                     object_repr=username, changes={"reason": ["", "locked"]})
        raise ApplicationError(errors.ERR_LOCKED.format(minutes=int(settings.LOGIN_LOCKOUT.total_seconds() // 60)))
    user = authenticate(request, username=username, password=password or "")
    if user is None:
        LoginFailure.objects.create(username=username, ip=ip)
        audit.record(actor=None, action=AuditAction.LOGIN_FAILED, object_type="accounts.user", object_repr=username)
        if login_locked(username, ip):
            raise ApplicationError(errors.ERR_LOCKED.format(
                minutes=int(settings.LOGIN_LOCKOUT.total_seconds() // 60)))
        raise ApplicationError(errors.ERR_BAD_LOGIN)
    LoginFailure.objects.filter(username=username, ip=ip).delete()
    audit.record(actor=user, action=AuditAction.LOGIN, obj=user)
    return user


@transaction.atomic
def password_changed(*, user: User) -> None:
    """After a password change: note the time, end the must-change flag, revoke API tokens (the
    page keeps the current session through update_session_auth_hash; other sessions end)."""
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["must_change_password", "password_changed_at"])
    user_revoke_tokens(actor=user, user=user, reason="修改密码")
    audit.record(actor=user, action=AuditAction.UPDATE, obj=user, changes={"password": ["***", "***"]})


# --- users and grants ----------------------------------------------------------------------

@transaction.atomic
def user_create(*, actor, username: str, display_name: str = "", person=None, password: str | None = None,
                is_superuser: bool = False) -> tuple[User, str]:
    """Create a user with a random initial password that must be changed at first login."""
    if actor is not None:
        scoping.require(scoping.scope_of(actor).committee)
    if not _USERNAME.match(username or ""):
        raise ApplicationError(errors.ERR_USERNAME_FORMAT, field="username")
    if User.objects.filter(username=username).exists():
        raise ApplicationError(errors.ERR_USERNAME_TAKEN.format(username=username), field="username")
    pw = password or random_password()
    user = User(username=username, display_name=display_name or username, person=person,
                is_superuser=is_superuser, is_staff=is_superuser, must_change_password=password is None,
                password_changed_at=timezone.now())
    user.set_password(pw)
    user.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=user,
                 changes={"username": [None, username], "display_name": [None, user.display_name]})
    return user, pw


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    scoping.require(scoping.scope_of(actor).committee or actor.is_superuser)
    scoping.require_user_manageable(actor, user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:  # ASVS 7.4.2: end the sessions of a disabled account
        user_kill_sessions(user=user)
        user_revoke_tokens(actor=actor, user=user, reason="停用账号")
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=user, changes={"is_active": [not active, active]})
    return user


def user_kill_sessions(*, user: User) -> int:
    from django.contrib.sessions.models import Session

    n = 0
    for s in Session.objects.filter(expire_date__gte=timezone.now()).iterator():
        if s.get_decoded().get("_auth_user_id") == str(user.pk):
            s.delete()
            n += 1
    return n


@transaction.atomic
def grant_create(*, actor, user: User, role: str, organization) -> RoleGrant:
    if actor is not None:
        scoping.require(scoping.scope_of(actor).committee or actor.is_superuser)
        scoping.require_user_manageable(actor, user)
        if not scoping.can_grant_on(actor, organization.path):
            raise ApplicationError(errors.ERR_GRANT_OUTSIDE, field="organization")
    kinds = ROLE_NODE_KINDS.get(role)
    if kinds and organization.kind not in kinds:
        raise ApplicationError(errors.ERR_GRANT_ROLE_NODE.format(
            role=Role(role).label, kinds="、".join(OrgKind(k).label for k in kinds)), field="organization")
    if RoleGrant.objects.filter(user=user, role=role, organization=organization, revoked_at__isnull=True).exists():
        raise ApplicationError(errors.ERR_GRANT_EXISTS, field="role")
    grant = RoleGrant.objects.create(user=user, role=role, organization=organization, granted_by=actor)
    scoping.forget(user)
    user_revoke_tokens(actor=actor, user=user, reason="角色变更")
    audit.record(actor=actor, action=AuditAction.GRANT, obj=grant,
                 changes={"role": [None, Role(role).label], "organization": [None, organization.name],
                          "user": [None, user.username]})
    return grant


@transaction.atomic
def grant_revoke(*, actor, grant: RoleGrant) -> RoleGrant:
    scoping.require(scoping.scope_of(actor).committee or actor.is_superuser)
    scoping.require_user_manageable(actor, grant.user)
    if not scoping.can_grant_on(actor, grant.organization.path):
        raise ApplicationError(errors.ERR_GRANT_OUTSIDE, field="organization")
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at", "updated_at"])
    scoping.forget(grant.user)
    user_revoke_tokens(actor=actor, user=grant.user, reason="角色变更")
    audit.record(actor=actor, action=AuditAction.REVOKE, obj=grant,
                 changes={"revoked_at": [None, grant.revoked_at.isoformat()]})
    return grant


# --- API tokens ----------------------------------------------------------------------------

def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token row and the key, which is shown once and stored only as a hash. The token
    ends after settings.API_TOKEN_TTL; beyond API_TOKEN_MAX_ACTIVE live tokens the oldest are revoked."""
    name = text.clean_input((name or "").strip(), field="name")
    if not name:
        raise ApplicationError(errors.ERR_TOKEN_NAME, field="name")
    key = "dj_" + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(user=user, name=name[:60], key_hash=_hash(key), prefix=key[:8],
                                    created_at=now, expires_at=now + settings.API_TOKEN_TTL)
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
    surplus = list(live.values_list("pk", flat=True)[settings.API_TOKEN_MAX_ACTIVE:])
    if surplus:
        ApiToken.objects.filter(pk__in=surplus).update(revoked_at=now)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=token,
                 changes={"name": [None, token.name], "expires_at": [None, token.expires_at.isoformat()]})
    return token, key


def token_list(*, user: User):
    """The user's own tokens, newest first (revoked and expired ones too, for the record)."""
    return ApiToken.objects.filter(user=user)


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action=AuditAction.REVOKE, obj=token, changes={"revoked_at": [None, "now"]})
    return token


def user_revoke_tokens(*, actor, user: User, reason: str) -> int:
    """Revoke every live token of `user` (password change, disable, role change): a token must not
    outlive the credentials or the grants it was issued under."""
    n = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if n:
        audit.record(actor=actor, action=AuditAction.REVOKE, obj=user, object_type="accounts.apitoken",
                     changes={"tokens": [n, 0], "reason": ["", reason]})
    return n


def token_authenticate(key: str) -> User | None:
    now = timezone.now()
    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=_hash(key or ""), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
             .first())
    if token is None:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
