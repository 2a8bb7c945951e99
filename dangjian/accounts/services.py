"""Identity: passwords, login security, sessions and API tokens."""

from __future__ import annotations

import hashlib
import secrets
import string

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from dangjian.accounts import errors
from dangjian.accounts.models import ApiToken, LoginFailure, User
from dangjian.core import audit, text
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction


def random_password(length: int = 16) -> str:
    """A random password that satisfies the complexity validator."""
    alphabet = string.ascii_letters + string.digits + "#%+-=@_"
    while True:
        pw = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.isupper() for c in pw)
            and any(c.islower() for c in pw)
            and any(c.isdigit() for c in pw)
            and any(not c.isalnum() for c in pw)
        ):
            return pw


# --- login security ------------------------------------------------------------------------


def login_locked(username: str, ip: str | None) -> bool:
    """Locked: LOGIN_FAILURE_LIMIT failures for this username from this address, or
    LOGIN_FAILURE_IP_LIMIT failures from this address whatever the usernames (one address trying
    many accounts), within LOGIN_LOCKOUT."""
    since = timezone.now() - settings.LOGIN_LOCKOUT
    recent = LoginFailure.objects.filter(ip=ip, at__gte=since)
    return (
        recent.filter(username=username).count() >= settings.LOGIN_FAILURE_LIMIT
        or recent.count() >= settings.LOGIN_FAILURE_IP_LIMIT
    )


def login_check(*, request, username: str, password: str) -> User:
    """Authenticate with the lockout (5 failures from one address for one username: 30 minutes).
    Used by the login page and the API token endpoint alike."""
    ip = request.META.get("REMOTE_ADDR") if request else None
    username = (username or "").strip()[:150]
    if login_locked(username, ip):
        audit.record(
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            object_type="accounts.user",
            object_repr=username,
            changes={"reason": ["", "locked"]},
        )
        raise ApplicationError(
            errors.ERR_LOCKED.format(minutes=int(settings.LOGIN_LOCKOUT.total_seconds() // 60))
        )
    user = authenticate(request, username=username, password=password or "")
    if user is None:
        LoginFailure.objects.create(username=username, ip=ip)
        audit.record(
            actor=None, action=AuditAction.LOGIN_FAILED, object_type="accounts.user", object_repr=username
        )
        if login_locked(username, ip):
            raise ApplicationError(
                errors.ERR_LOCKED.format(minutes=int(settings.LOGIN_LOCKOUT.total_seconds() // 60))
            )
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


# --- sessions ----------------------------------------------------------------------------


def user_kill_sessions(*, user: User) -> int:
    from django.contrib.sessions.models import Session

    n = 0
    for s in Session.objects.filter(expire_date__gte=timezone.now()).iterator():
        if s.get_decoded().get("_auth_user_id") == str(user.pk):
            s.delete()
            n += 1
    return n


# --- API tokens ----------------------------------------------------------------------------


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor: Actor | None, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token row and the key, which is shown once and stored only as a hash. The token
    ends after settings.API_TOKEN_TTL; beyond API_TOKEN_MAX_ACTIVE live tokens the oldest are revoked."""
    name = text.clean_input((name or "").strip(), field="name")
    if not name:
        raise ApplicationError(errors.ERR_TOKEN_NAME, field="name")
    key = "dj_" + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name[:60],
        key_hash=_hash(key),
        prefix=key[:8],
        created_at=now,
        expires_at=now + settings.API_TOKEN_TTL,
    )
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
    surplus = list(live.values_list("pk", flat=True)[settings.API_TOKEN_MAX_ACTIVE :])
    if surplus:
        ApiToken.objects.filter(pk__in=surplus).update(revoked_at=now)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=token,
        changes={"name": [None, token.name], "expires_at": [None, token.expires_at.isoformat()]},
    )
    return token, key


def token_list(*, user: User):
    """The user's own tokens, newest first (revoked and expired ones too, for the record)."""
    return ApiToken.objects.filter(user=user)


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action=AuditAction.REVOKE, obj=token, changes={"revoked_at": [None, "now"]})
    return token


def user_revoke_tokens(*, actor: Actor | None, user: User, reason: str) -> int:
    """Revoke every live token of `user` (password change, disable, role change): a token must not
    outlive the credentials or the grants it was issued under."""
    n = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if n:
        audit.record(
            actor=actor,
            action=AuditAction.REVOKE,
            obj=user,
            object_type="accounts.apitoken",
            changes={"tokens": [n, 0], "reason": ["", reason]},
        )
    return n


def token_authenticate(key: str) -> User | None:
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key or ""), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
