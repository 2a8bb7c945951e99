"""The one scoping module: which organisations, people and records an actor may see or change.

Scope is a set of subtrees of the party tree (the nodes a user holds role grants on). Every
selector, every `access_*` and every export filters through here. Outside scope an object does
not exist (404); 403 only when it is visible but the action is not allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from dangjian.accounts.enums import FULL_ID_ROLES, SUBTREE_ROLES, WRITE_ROLES, Role
from dangjian.core.errors import Forbidden
from dangjian.organizations import errors


@dataclass(frozen=True)
class Scope:
    """What one actor may see: read paths, write paths, roles, and their own person."""

    roles: frozenset[str]
    read_paths: tuple[str, ...]
    write_paths: tuple[str, ...]
    full_id_paths: tuple[str, ...]
    person_id: int | None
    committee: bool  # working-committee staff: manage units, the tree and users
    auditor: bool
    covers_all: bool = False  # the read paths include every root: no filter needed
    self_outside: bool = False  # their own person lies outside read_paths (a member-only user)
    extra: dict = field(default_factory=dict, compare=False)


def _minimal(paths: set[str]) -> tuple[str, ...]:
    """Drop paths already covered by an ancestor path."""
    out: list[str] = []
    for p in sorted(paths):
        if not any(p.startswith(q) for q in out):
            out.append(p)
    return tuple(out)


def scope_of(user) -> Scope:
    cached = getattr(user, "_dangjian_scope", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        scope = Scope(frozenset(), (), (), (), None, False, False)
    else:
        scope = _build_scope(user)
    user._dangjian_scope = scope
    return scope


def _build_scope(user) -> Scope:
    from dangjian.accounts.models import RoleGrant
    from dangjian.organizations.models import PartyOrganization

    grants = list(
        RoleGrant.objects.filter(user=user, revoked_at__isnull=True, organization__is_active=True)
        .values_list("role", "organization__path")
    )
    roles = frozenset(r for r, _ in grants)
    read_paths = _minimal({p for r, p in grants if r in SUBTREE_ROLES})
    covers_all = any(len(p) == 4 for p in read_paths) and not PartyOrganization.objects.filter(
        depth=1).exclude(path__in=read_paths).exists()
    person_id = user.person_id if Role.MEMBER in roles or user.person_id else None
    self_outside = False
    if person_id:
        own_path = PartyOrganization.objects.filter(people__id=person_id).values_list("path", flat=True).first()
        self_outside = not any((own_path or "").startswith(p) for p in read_paths)
    return Scope(
        roles=roles,
        read_paths=read_paths,
        write_paths=_minimal({p for r, p in grants if r in WRITE_ROLES}),
        full_id_paths=_minimal({p for r, p in grants if r in FULL_ID_ROLES}),
        person_id=person_id,
        committee=Role.COMMITTEE_STAFF in roles,
        auditor=Role.AUDITOR in roles,
        covers_all=covers_all,
        self_outside=self_outside,
    )


def forget(user) -> None:
    """Drop the cached scope (after a grant changes)."""
    if hasattr(user, "_dangjian_scope"):
        del user._dangjian_scope


def _paths_q(paths: tuple[str, ...], field: str) -> Q:
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for p in paths:
        q |= Q(**{f"{field}__under": p})
    return q


# --- organisations -------------------------------------------------------------------------

def org_q(user, *, field: str = "path", write: bool = False) -> Q:
    """Q for rows whose organisation path (at `field`) lies in the actor's scope."""
    scope = scope_of(user)
    paths = scope.write_paths if write else scope.read_paths
    if scope.covers_all and paths == scope.read_paths and any(len(p) == 4 for p in paths):
        # Every organisation is in scope: filtering on the path would only cost (SQLite then
        # sorts all rows instead of walking an index in the requested order).
        return Q()
    return _paths_q(paths, field)


def orgs_visible(user, *, write: bool = False) -> QuerySet:
    from dangjian.organizations.models import PartyOrganization

    scope = scope_of(user)
    qs = PartyOrganization.objects.filter(org_q(user, write=write))
    if not write and scope.person_id and not scope.read_paths:
        # A member sees their own organisation (and nothing below or beside it).
        qs = PartyOrganization.objects.filter(people__id=scope.person_id)
    return qs


def access_org(user, org_id, *, write: bool = False):
    """The organisation if visible (404 otherwise); 403 when visible but not writable."""
    from dangjian.organizations.models import PartyOrganization

    try:
        org = orgs_visible(user).select_related("unit", "parent").get(pk=int(org_id))
    except (PartyOrganization.DoesNotExist, ValueError, TypeError):
        raise Http404("对象不存在或不在您的权限范围内。")
    if write and not can_write_path(user, org.path):
        raise Forbidden()
    return org


def can_write_path(user, path: str) -> bool:
    return any(path.startswith(p) for p in scope_of(user).write_paths)


def can_read_path(user, path: str) -> bool:
    return any(path.startswith(p) for p in scope_of(user).read_paths)


def units_visible(user) -> QuerySet:
    """Units that own at least one organisation in scope."""
    from dangjian.organizations.models import Unit

    scope = scope_of(user)
    if scope.committee and scope.covers_all:
        return Unit.objects.all()  # also units that own no organisation yet
    return Unit.objects.filter(id__in=orgs_visible(user).values("unit_id")).distinct()


# --- people --------------------------------------------------------------------------------

def person_q(user, *, prefix: str = "", write: bool = False) -> Q:
    """Q for Person rows (at `prefix`, e.g. "person__") the actor may see or change."""
    scope = scope_of(user)
    q = org_q(user, field=f"{prefix}organization__path", write=write)
    if scope.person_id and scope.self_outside and not write:
        q |= Q(**{f"{prefix}id": scope.person_id})
    return q


def can_view_full_id(user, person) -> bool:
    scope = scope_of(user)
    if scope.person_id and person.pk == scope.person_id:
        return True
    return any(person.organization.path.startswith(p) for p in scope.full_id_paths)


def may_export_full_ids(user) -> bool:
    return bool(scope_of(user).full_id_paths)


# --- capabilities for the UI and for function-level checks -------------------------------------

def require(condition: bool) -> None:
    if not condition:
        raise Forbidden()


def ui_permissions(user) -> dict:
    scope = scope_of(user)
    return {
        "committee": scope.committee,
        "auditor": scope.auditor or user.is_superuser,
        "write": bool(scope.write_paths),
        "subtree": bool(scope.read_paths),
        "member_only": bool(scope.person_id) and not scope.read_paths,
        "full_id": bool(scope.full_id_paths),
        "roles": sorted(scope.roles),
    }


def audit_q(user) -> Q:
    """Audit events an auditor (or committee staff) may browse: those of their subtrees."""
    scope = scope_of(user)
    if not (scope.auditor or scope.committee):
        return Q(pk__in=[])
    paths = scope.read_paths
    if any(len(p) == 4 for p in paths):  # a root grant also sees events without an organisation
        return Q()
    return _paths_q(paths, "org_path")


# --- Role predicates: who sees a menu entry or may open a role-gated page -------------------------


def reads_subtree(user) -> bool:
    return bool(scope_of(user).read_paths)


def writes_subtree(user) -> bool:
    return bool(scope_of(user).write_paths)


def member_only(user) -> bool:
    scope = scope_of(user)
    return bool(scope.person_id) and not scope.read_paths


def is_committee(user) -> bool:
    return scope_of(user).committee


def committee_required(view):
    """Management pages: committee staff only (403 otherwise, before any object is looked up, so
    the answer says nothing about what exists)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_committee(request.user):
            raise PermissionDenied(errors.ERR_COMMITTEE_ONLY)
        return view(request, *args, **kwargs)

    return wrapper


def browses_audit(user) -> bool:
    scope = scope_of(user)
    return scope.auditor or scope.committee or user.is_superuser


# --- user management ---------------------------------------------------------------------------
# Accounts are scoped like records: committee staff manage an account only when every live grant
# it holds lies in the subtrees of their own committee_staff grants (so nobody changes an account
# wider than their own) and its person, if any, is in scope. Staff and superuser accounts are for
# superusers only. Outside these rules an account does not exist (404).


def user_admin_paths(actor) -> tuple[str, ...]:
    """The subtrees where `actor` manages accounts and grants: their committee_staff grants."""
    from dangjian.accounts.models import RoleGrant

    if not scope_of(actor).committee:
        return ()
    return _minimal(set(RoleGrant.objects.filter(
        user=actor, role=Role.COMMITTEE_STAFF, revoked_at__isnull=True, organization__is_active=True,
    ).values_list("organization__path", flat=True)))


def users_visible(actor) -> QuerySet:
    from dangjian.accounts.models import RoleGrant, User

    if getattr(actor, "is_superuser", False) and actor.is_active:
        return User.objects.all()
    paths = user_admin_paths(actor)
    if not paths:
        return User.objects.none()
    wider = RoleGrant.objects.filter(revoked_at__isnull=True).exclude(_paths_q(paths, "organization__path"))
    return (User.objects.filter(is_superuser=False, is_staff=False)
            .exclude(pk__in=wider.values("user_id"))
            .filter(Q(person__isnull=True) | _paths_q(paths, "person__organization__path")))


def access_user(actor, user_id):
    """The account if `actor` may manage it, else 404."""
    from dangjian.accounts.models import User

    try:
        return users_visible(actor).select_related("person").get(pk=int(user_id))
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404("用户不存在或不在您的管理范围内。")


def require_user_manageable(actor, user) -> None:
    """For services: 404 (NotFound) unless `actor` may manage `user`."""
    from dangjian.core.errors import NotFound

    if actor is not None and not users_visible(actor).filter(pk=user.pk).exists():
        raise NotFound("用户不存在或不在您的管理范围内。")


def can_grant_on(actor, path: str) -> bool:
    """Whether `actor` may grant or revoke roles on the organisation at `path`."""
    if getattr(actor, "is_superuser", False) and actor.is_active:
        return True
    return any(path.startswith(p) for p in user_admin_paths(actor))


def grants_visible(actor) -> QuerySet:
    """Grants of the accounts `actor` manages (on organisations inside their subtrees); for
    anyone else, their own."""
    from dangjian.accounts.models import RoleGrant

    qs = RoleGrant.objects.select_related("user", "organization")
    if user_admin_paths(actor) or getattr(actor, "is_superuser", False):
        return qs.filter(user__in=users_visible(actor))
    return qs.filter(user=actor)
