"""The one scoping module: which organisations, people and records an actor may see or change.

Scope is a set of subtrees of the party tree (the nodes a user holds role grants on). Every
selector, every `access_*` and every export filters through here. Outside scope an object does
not exist (404); 403 only when it is visible but the action is not allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from dangjian.accounts.enums import DISCIPLINE_ROLES, FULL_ID_ROLES, SUBTREE_ROLES, WRITE_ROLES, Role
from dangjian.accounts.models import RoleGrant, User
from dangjian.core.errors import Forbidden, NotFound, get_or_404
from dangjian.organizations import errors
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PATH_STEP, PartyOrganization, Unit


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
    prompt_reader_paths: tuple[str, ...] = ()  # every path where they hold a role that reads work prompts
    member_path: str = ""  # the path of their own person's organisation (prompts to members)
    discipline_paths: tuple[str, ...] = ()  # subtrees where they handle conduct complaints (纪检)
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
    grants = list(
        RoleGrant.objects.filter(
            user=user, revoked_at__isnull=True, organization__is_active=True
        ).values_list("role", "organization__path")
    )
    roles = frozenset(r for r, _ in grants)
    read_paths = _minimal({p for r, p in grants if r in SUBTREE_ROLES})
    covers_all = (
        any(len(p) == 4 for p in read_paths)
        and not PartyOrganization.objects.filter(depth=1).exclude(path__in=read_paths).exists()
    )
    person_id = user.person_id if Role.MEMBER in roles or user.person_id else None
    self_outside, own_path = False, ""
    if person_id:
        own_path = (
            PartyOrganization.objects.filter(people__id=person_id).values_list("path", flat=True).first()
            or ""
        )
        self_outside = not any(own_path.startswith(p) for p in read_paths)
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
        prompt_reader_paths=tuple(sorted({p for r, p in grants if r in PROMPT_READER_ROLES})),
        member_path=own_path,
        discipline_paths=_minimal({p for r, p in grants if r in DISCIPLINE_ROLES}),
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
    scope = scope_of(user)
    qs = PartyOrganization.objects.filter(org_q(user, write=write))
    if not write and scope.person_id and not scope.read_paths:
        # A member sees their own organisation (and nothing below or beside it).
        qs = PartyOrganization.objects.filter(people__id=scope.person_id)
    return qs


def access_org(user, org_id, *, write: bool = False):
    """The organisation if visible (404 otherwise); 403 when visible but not writable."""

    org = get_or_404(orgs_visible(user).select_related("unit", "parent"), org_id)
    if write and not can_write_path(user, org.path):
        raise Forbidden()
    return org


def can_write_path(user, path: str) -> bool:
    return any(path.startswith(p) for p in scope_of(user).write_paths)


def can_read_path(user, path: str) -> bool:
    return any(path.startswith(p) for p in scope_of(user).read_paths)


def units_visible(user) -> QuerySet:
    """Units that own at least one organisation in scope."""
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
        "scope_label": lambda: scope_label(user),  # called by the template only where shown
    }


def scope_label(user) -> str:
    """How a figure's scope is worded for this viewer: 全省, 本单位, 本党总支, 本支部, 所辖范围, 本人."""
    scope = scope_of(user)
    if scope.covers_all:
        return "全省"
    if len(scope.read_paths) != 1:
        return "所辖范围" if scope.read_paths else "本人"
    kind = PartyOrganization.objects.filter(path=scope.read_paths[0]).values_list("kind", flat=True).first()
    labels: dict[str | None, str] = {
        OrgKind.WORKING_COMMITTEE: "全省",
        OrgKind.ORGAN_COMMITTEE: "本单位",
        OrgKind.GENERAL_BRANCH: "本党总支",
        OrgKind.BRANCH: "本支部",
        OrgKind.PARTY_GROUP: "本党小组",
    }
    return labels.get(kind, "所辖范围")


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


def manages_accounts(user) -> bool:
    """Opens accounts for members in bulk: unit staff and committee staff."""
    scope = scope_of(user)
    return scope.committee or Role.UNIT_STAFF in scope.roles


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
    if not scope_of(actor).committee:
        return ()
    return _minimal(
        set(
            RoleGrant.objects.filter(
                user=actor,
                role=Role.COMMITTEE_STAFF,
                revoked_at__isnull=True,
                organization__is_active=True,
            ).values_list("organization__path", flat=True)
        )
    )


def users_visible(actor) -> QuerySet:
    if getattr(actor, "is_superuser", False) and actor.is_active:
        return User.objects.all()
    paths = user_admin_paths(actor)
    if not paths:
        return User.objects.none()
    wider = RoleGrant.objects.filter(revoked_at__isnull=True).exclude(_paths_q(paths, "organization__path"))
    return (
        User.objects.filter(is_superuser=False, is_staff=False)
        .exclude(pk__in=wider.values("user_id"))
        .filter(Q(person__isnull=True) | _paths_q(paths, "person__organization__path"))
    )


def access_user(actor, user_id):
    """The account if `actor` may manage it, else 404."""
    return get_or_404(users_visible(actor).select_related("person"), user_id)


def require_user_manageable(actor, user) -> None:
    """For services: 404 (NotFound) unless `actor` may manage `user`."""
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
    qs = RoleGrant.objects.select_related("user", "organization")
    if user_admin_paths(actor) or getattr(actor, "is_superuser", False):
        return qs.filter(user__in=users_visible(actor))
    return qs.filter(user=actor)


# --- Records: one restriction per model ---------------------------------------------------------
#
# A restriction narrows a queryset of its model to the rows the actor may see. Models are named by
# label ("prompts.workprompt") so that this module imports no domain app; an area that adds a model
# with its own rule (e.g. confidential complaints) registers it here with @restriction.

RESTRICTIONS: dict[str, Callable[..., QuerySet]] = {}


def restriction(*labels: str):
    def register(fn):
        for label in labels:
            RESTRICTIONS[label] = fn
        return fn

    return register


def visible(user, qs: QuerySet) -> QuerySet:
    """`qs` narrowed by its model's restriction (a model without one is a programming error)."""
    return RESTRICTIONS[qs.model._meta.label_lower](user, qs)


@restriction("meetings.youthstudygroup", "materials.materialdistribution")
def _by_organization(user, qs: QuerySet) -> QuerySet:
    return qs.filter(org_q(user, field="organization__path"))


@restriction("materials.studymaterial")
def _study_material(user, qs: QuerySet) -> QuerySet:
    """A material is filed under the organisation that ordered it (the working committee); others
    see it once a copy was distributed inside their scope."""
    in_scope = org_q(user, field="organization__path")
    if not in_scope:  # every organisation is in scope
        return qs
    distribution = qs.model._meta.get_field("distributions").related_model
    return qs.filter(in_scope | Exists(distribution.objects.filter(in_scope, material=OuterRef("pk"))))


@restriction("prompts.workprompt")
def _work_prompt(user, qs: QuerySet) -> QuerySet:
    """Prompts the actor may open: sent by them, addressed to them, or (committee staff) sent by an
    organisation inside their scope."""
    own = Q(sender=user) | prompt_addressed_q(user, qs.model)
    if not scope_of(user).committee:
        return qs.filter(own)
    in_scope = org_q(user, field="sender_org__path")
    return qs.filter(own | in_scope) if in_scope else qs


# --- Participation (activities): campaigns, activities, participation rows, returns -------------------


def _covering_q(user, field: str) -> Q:
    """Rows whose subtree (the organisation path at `field`) contains one of the actor's read paths
    or lies inside them: a campaign of the whole province is visible to a branch taking part."""
    scope = scope_of(user)
    above = sorted({p for path in scope.read_paths for p in _prefixes(path)})
    if scope.member_path and scope.self_outside:
        above = sorted({*above, *_prefixes(scope.member_path)})
    return Q(**{f"{field}__in": above}) | org_q(user, field=field)


@restriction("activities.campaign")
def _campaign(user, qs: QuerySet) -> QuerySet:
    """Campaigns organised inside the actor's scope, or whose participating subtree covers it."""
    in_scope = org_q(user, field="organization__path")
    if not in_scope:
        return qs
    return qs.filter(in_scope | _covering_q(user, "scope__path"))


@restriction("activities.activity")
def _activity(user, qs: QuerySet) -> QuerySet:
    """Activities organised inside the actor's scope, those of a campaign open to it, and those
    someone from inside the scope took part in (a unit sees the committee's class its staff attended)."""
    in_scope = org_q(user, field="organization__path")
    if not in_scope:
        return qs
    participation = qs.model._meta.get_field("participation").related_model
    took_part = participation.objects.filter(participation_q(user), activity=OuterRef("pk"))
    return qs.filter(in_scope | _covering_q(user, "campaign__scope__path") | Exists(took_part))


def participation_q(user) -> Q:
    """Participation rows the actor may see: those taking part from inside the scope (their own row
    for a member), and every row of an activity organised inside the scope."""
    scope = scope_of(user)
    q = org_q(user, field="org_path") | org_q(user, field="activity__organization__path")
    if scope.person_id and scope.self_outside:
        q |= Q(person_id=scope.person_id)
    return q


@restriction("activities.participation")
def _participation(user, qs: QuerySet) -> QuerySet:
    q = participation_q(user)
    return qs if not q else qs.filter(q)


@restriction("activities.unitreturn")
def _unit_return(user, qs: QuerySet) -> QuerySet:
    """Returns sent from inside the scope, or asked of a unit that has organisations in scope."""
    in_scope = org_q(user, field="organization__path")
    if not in_scope:
        return qs
    asked = qs.model.units.through.objects.filter(unit__in=units_visible(user)).values("unitreturn_id")
    return qs.filter(in_scope | Q(pk__in=asked))


@restriction("activities.unitreturnentry")
def _unit_return_entry(user, qs: QuerySet) -> QuerySet:
    """A unit's answer: seen by that unit's scope and by the scope that asked for it."""
    in_scope = org_q(user, field="organization__path")
    if not in_scope:
        return qs
    return qs.filter(in_scope | org_q(user, field="unit_return__organization__path"))


@restriction("campaigns.deed", "campaigns.difficulty")
def _campaign_outcome(user, qs: QuerySet) -> QuerySet:
    """A campaign's deed or difficulty: seen inside the scope of the organisation that recorded it
    and by the campaign's organisers (the committee sees its campaign's outcomes)."""
    in_scope = org_q(user, field="organization__path")
    if not in_scope:
        return qs
    return qs.filter(in_scope | org_q(user, field="campaign__organization__path"))


@restriction("events.event")
def _event(user, qs: QuerySet) -> QuerySet:
    """An event is visible where its activity is; one taking registrations also to everyone inside
    the organiser's subtree (they may register)."""
    activity = qs.model._meta.get_field("activity").related_model
    if not org_q(user, field="path"):
        return qs
    open_to = Q(registration_opens__isnull=False) & _covering_q(user, "activity__organization__path")
    return qs.filter(Q(activity__in=visible(user, activity.objects.all()).values("pk")) | open_to)


@restriction("events.eventcase", "events.competitionresult")
def _event_part(user, qs: QuerySet) -> QuerySet:
    event = qs.model._meta.get_field("event").related_model
    return qs.filter(event__in=visible(user, event.objects.all()).values("pk"))


@restriction("activities.savedlist")
def _saved_list(user, qs: QuerySet) -> QuerySet:
    """A saved list of people is its owner's alone."""
    return qs.filter(owner_id=getattr(user, "pk", None))


def may_add_participant(user, activity, person_org_path: str) -> bool:
    """Who may put a person on an activity: the organiser's writers, or the writers of the person's
    own organisation (a branch registers its members in a campaign activity open to it)."""
    return can_write_path(user, activity.organization.path) or (
        bool(person_org_path) and can_write_path(user, person_org_path)
    )


@restriction("problems.problem")
def _problem(user, qs: QuerySet) -> QuerySet:
    """A problem is seen by those who read its responsible organisation and by those who read the
    organisation that assigned it (they verify it)."""
    in_scope = org_q(user, field="organization__path")
    if not in_scope:  # every organisation is in scope
        return qs
    return qs.filter(in_scope | org_q(user, field="raised_by__path"))


@restriction("problems.problemattachment", "problems.problemevent")
def _problem_part(user, qs: QuerySet) -> QuerySet:
    in_scope = org_q(user, field="problem__organization__path")
    if not in_scope:
        return qs
    return qs.filter(in_scope | org_q(user, field="problem__raised_by__path"))


# --- Problems and rectification (问题清单与整改): who rectifies, who verifies -------------------------


def may_rectify_problem(user, problem) -> bool:
    """The owner's side: staff who may change the responsible organisation."""
    return can_write_path(user, problem.organization.path)


def may_verify_problem(user, problem) -> bool:
    """The assigner's side: staff who may change the organisation that assigned the problem (the
    working committee for the yearly assessment) verify, return and reopen it."""
    return can_write_path(user, problem.raised_by.path)


def may_assign_problems(user) -> bool:
    """Committee staff and unit staff assign problems (to organisations in their write scope)."""
    scope = scope_of(user)
    return bool(scope.write_paths) and bool(scope.committee or Role.UNIT_STAFF in scope.roles)


# --- Assessments and appraisals (考核评议) -----------------------------------------------------------
# The organisation that runs an assessment (the working committee) sees all of it; a unit sees its
# own result once published; an assessor sees the units assigned to them. An appraisal round is
# seen by the organisation running it, its evaluators, and (its own appraisal) the appraised
# organisation.


@restriction("assessments.assessment")
def _assessment(user, qs: QuerySet) -> QuerySet:
    in_scope = org_q(user, field="organization__path")
    if not in_scope:
        return qs
    units = qs.model._meta.get_field("units").related_model
    own = units.objects.filter(
        Q(org_q(user, field="organization__path"), assessment__status="published") | Q(assessor=user),
        assessment=OuterRef("pk"),
    )
    return qs.filter(in_scope | Exists(own))


@restriction("assessments.assessedunit")
def _assessed_unit(user, qs: QuerySet) -> QuerySet:
    runs = org_q(user, field="assessment__organization__path")
    if not runs:
        return qs
    own = Q(org_q(user, field="organization__path"), assessment__status="published")
    return qs.filter(runs | own | Q(assessor=user))


@restriction("assessments.score")
def _assessment_score(user, qs: QuerySet) -> QuerySet:
    runs = org_q(user, field="assessed__assessment__organization__path")
    if not runs:
        return qs
    own = Q(org_q(user, field="assessed__organization__path"), assessed__assessment__status="published")
    return qs.filter(runs | own | Q(assessed__assessor=user))


@restriction("assessments.appraisalround")
def _appraisal_round(user, qs: QuerySet) -> QuerySet:
    in_scope = org_q(user, field="organization__path")
    if not in_scope:
        return qs
    appraisals = qs.model._meta.get_field("appraisals").related_model
    own = appraisals.objects.filter(org_q(user, field="organization__path"), round=OuterRef("pk"))
    return qs.filter(in_scope | Q(evaluators=user) | Exists(own)).distinct()


@restriction("assessments.secretaryappraisal")
def _secretary_appraisal(user, qs: QuerySet) -> QuerySet:
    runs = org_q(user, field="round__organization__path")
    if not runs:
        return qs
    return qs.filter(runs | org_q(user, field="organization__path") | Q(round__evaluators=user)).distinct()


def may_manage_assessment(user, assessment) -> bool:
    return is_committee(user) and can_write_path(user, assessment.organization.path)


def may_score(user, assessed) -> bool:
    """The unit's assessor, or the staff running the assessment."""
    return (assessed.assessor_id is not None and assessed.assessor_id == user.pk) or may_manage_assessment(
        user, assessed.assessment
    )


def may_run_appraisals(user) -> bool:
    """Committee staff (secretaries of organ committees) and unit staff (secretaries of branches)."""
    return may_assign_problems(user)


def may_manage_round(user, round) -> bool:
    return may_run_appraisals(user) and can_write_path(user, round.organization.path)


def may_report_appraisal(user, appraisal) -> bool:
    """The appraised organisation's writers (its secretary's side), or those above them."""
    return can_write_path(user, appraisal.organization.path)


def may_conclude_appraisal(user, appraisal) -> bool:
    """The staff running the appraisal's round."""
    return may_manage_round(user, appraisal.round)


# --- Work prompts: who publishes, who reads ----------------------------------------------------------
#
# A prompt is a work instruction to an organisation's leadership: it is read by the users holding a
# writing role on a recipient or below it (plain members and auditors are not readers), and
# published by committee staff and unit staff from their highest grant. A prompt addressed to the
# members (`audience`) is read as well by every user whose own person belongs to a recipient or
# an organisation below it.

PROMPT_READER_ROLES = tuple(sorted(WRITE_ROLES))
PROMPT_PUBLISHER_ROLES = (Role.COMMITTEE_STAFF, Role.UNIT_STAFF)
PROMPT_TO_STAFF, PROMPT_TO_MEMBERS = "staff", "members"  # WorkPrompt.audience


def _prefixes(path: str) -> list[str]:
    return [path[:i] for i in range(4, len(path) + 1, 4)]


def prompt_addressed_q(user, prompt_model) -> Q:
    """To whom is this prompt addressed: prompts with a recipient at or above one of the user's
    reader grants, or (prompts to members) at or above their own organisation. One IN over the
    prefixes of those paths (a handful) each, whatever the number of recipients."""
    scope = scope_of(user)
    through = prompt_model.recipients.through
    column = f"{prompt_model._meta.model_name}_id"
    q = Q(pk__in=[])
    staff = sorted({p for path in scope.prompt_reader_paths for p in _prefixes(path)})
    if staff:
        q |= Q(pk__in=through.objects.filter(partyorganization__path__in=staff).values(column))
    if scope.member_path:
        q |= Q(
            audience=PROMPT_TO_MEMBERS,
            pk__in=through.objects.filter(partyorganization__path__in=_prefixes(scope.member_path)).values(
                column
            ),
        )
    return q


def is_prompt_reader(user, prompt) -> bool:
    return type(prompt).objects.filter(prompt_addressed_q(user, type(prompt)), pk=prompt.pk).exists()


def may_publish_prompts(user) -> bool:
    scope = scope_of(user)
    return bool(scope.roles & set(PROMPT_PUBLISHER_ROLES)) and bool(scope.write_paths)


def prompt_publisher_org(user):
    """The organisation a publisher sends from: their highest committee-staff or unit-staff grant."""
    grant = (
        RoleGrant.objects.filter(
            user=user, revoked_at__isnull=True, role__in=PROMPT_PUBLISHER_ROLES, organization__is_active=True
        )
        .select_related("organization")
        .order_by("organization__depth", "organization__path")
        .first()
    )
    return grant.organization if grant else None


def may_see_prompt_receipts(user, prompt) -> bool:
    """The sender, and committee staff whose scope holds the sending organisation."""
    return prompt.sender_id == user.pk or (
        scope_of(user).committee and can_read_path(user, prompt.sender_org.path)
    )


def prompt_reader_grants(recipient_paths: QuerySet) -> QuerySet:
    """Reader grants of active users on active organisations at or below any of `recipient_paths`
    (a queryset of paths). A grant lies below a recipient when the prefix of its path at the
    recipient's depth is the recipient's path, so the query holds one `IN (subquery)` per tree
    level, never one term per recipient."""
    depth = PartyOrganization.objects.aggregate(n=Max("depth"))["n"] or 0
    prefixes = {f"p{d}": Substr("organization__path", 1, d * PATH_STEP) for d in range(1, depth + 1)}
    under = Q(pk__in=[])
    for name in prefixes:
        under |= Q(**{f"{name}__in": recipient_paths})
    return (
        RoleGrant.objects.filter(
            revoked_at__isnull=True,
            role__in=PROMPT_READER_ROLES,
            user__is_active=True,
            organization__is_active=True,
        )
        .annotate(**prefixes)
        .filter(under)
    )


def prompt_member_readers(recipient_paths: QuerySet) -> QuerySet:
    """Active users whose own person belongs to an active organisation at or below any of
    `recipient_paths` (the readers of a prompt to members), matched level by level as in
    `prompt_reader_grants`."""
    depth = PartyOrganization.objects.aggregate(n=Max("depth"))["n"] or 0
    field = "person__organization__path"
    prefixes = {f"p{d}": Substr(field, 1, d * PATH_STEP) for d in range(1, depth + 1)}
    under = Q(pk__in=[])
    for name in prefixes:
        under |= Q(**{f"{name}__in": recipient_paths})
    return (
        User.objects.filter(is_active=True, person__isnull=False, person__organization__is_active=True)
        .annotate(**prefixes)
        .filter(under)
    )


# --- Member lifecycle: transfers, mobile members, medals and care, party fees --------------------
#
# A transfer inside the system is seen by both ends: the sending organisation (which stays
# responsible until the receiver accepts, 教育管理条例 第二十五条) and the receiving one. The
# sender may withdraw it or record the receipt of a letter; the receiver may accept or return it.


@restriction("transfers.transfer")
def _transfer(user, qs: QuerySet) -> QuerySet:
    sent = org_q(user, field="from_org__path")
    received = org_q(user, field="to_org__path")
    if not sent or not received:  # every organisation is in scope
        return qs
    return qs.filter(sent | received)


@restriction(
    "transfers.mobilemember",
    "transfers.mobilecheck",
    "care.medalaward",
    "care.carerecord",
    "fees.feebase",
    "fees.feepayment",
    "fees.feepublication",
)
def _lifecycle_by_organization(user, qs: QuerySet) -> QuerySet:
    return qs.filter(org_q(user, field="organization__path"))


def may_send_transfer(user, transfer) -> bool:
    """The sending organisation's staff (write scope on it)."""
    return transfer.from_org_id is not None and can_write_path(user, transfer.from_org.path)


def may_receive_transfer(user, transfer) -> bool:
    """The receiving organisation's staff (write scope on it)."""
    return transfer.to_org_id is not None and can_write_path(user, transfer.to_org.path)


# --- Demonstration sites (示范点): branches apply, units nominate, the committee decides ---------


@restriction("sites.demosite")
def _demo_site(user, qs: QuerySet) -> QuerySet:
    return qs.filter(org_q(user, field="organization__path"))


def may_propose_site(user, org) -> bool:
    """A branch applies itself (its secretary or committee member); a unit or the committee
    nominates a branch of its subtree."""
    return can_write_path(user, org.path)


def site_committee(actor, site) -> bool:
    """Evaluating, naming, reviewing, revoking and recommending upward: committee staff over the
    site's branch."""
    return scope_of(actor).committee and can_write_path(actor, site.organization.path)


# --- Selections and awards (评选表彰): the committee defines, units nominate ----------------------


def _ancestor_paths(paths: tuple[str, ...]) -> list[str]:
    return sorted({p for path in paths for p in _prefixes(path)})


@restriction("awards.selection")
def _selection(user, qs: QuerySet) -> QuerySet:
    """A selection is seen by everyone with a subtree at or below the organisation that runs it
    (units nominate to it), and by committee staff over that organisation."""
    scope = scope_of(user)
    if not scope.read_paths:
        return qs.none()
    in_scope = org_q(user, field="organization__path")
    if not in_scope:
        return qs
    return qs.filter(in_scope | Q(organization__path__in=_ancestor_paths(scope.read_paths)))


@restriction("awards.nomination")
def _nomination(user, qs: QuerySet) -> QuerySet:
    return qs.filter(org_q(user, field="organization__path"))


def may_nominate(user, org) -> bool:
    """Units (and the committee) nominate collectives and people of their subtree."""
    scope = scope_of(user)
    return (scope.committee or Role.UNIT_STAFF in scope.roles) and can_write_path(user, org.path)


def award_committee(actor, nomination) -> bool:
    """Recommending, deciding and conferring: committee staff over the selection's organisation."""
    return scope_of(actor).committee and can_write_path(actor, nomination.selection.organization.path)


def manages_selections(user) -> bool:
    return is_committee(user)


# --- Conduct complaints (作风问题举报): discipline staff and the units they hand over to ----------
#
# Discipline inspectors (纪检) see the complaints received by an organisation of their subtree or
# handed over to one; a unit sees a complaint only once it is handed over to an organisation it may
# change. The reporter's identity is seen only by the inspector the complaint is assigned to (and
# every view of it is logged by the service); no unit, page or API answer of a unit carries it.


def discipline_paths(user) -> tuple[str, ...]:
    return scope_of(user).discipline_paths


def is_discipline(user) -> bool:
    return bool(scope_of(user).discipline_paths)


def handles_complaints(user) -> bool:
    """The complaints menu: inspectors, and staff who may be handed complaints over."""
    return is_discipline(user) or writes_subtree(user)


@restriction("complaints.complaint")
def _complaint(user, qs: QuerySet) -> QuerySet:
    scope = scope_of(user)
    q = Q(pk__in=[])
    if scope.discipline_paths:
        q |= _paths_q(scope.discipline_paths, "organization__path")
        q |= _paths_q(scope.discipline_paths, "handler__path")
    if scope.write_paths:
        q |= Q(handler__isnull=False) & _paths_q(scope.write_paths, "handler__path")
    return qs.filter(q)


def discipline_orgs(user) -> QuerySet:
    """Organisations an inspector may hand a complaint over to: those of their subtrees (they are
    given no other read of the tree: members and meetings stay outside their role)."""
    return PartyOrganization.objects.filter(_paths_q(discipline_paths(user), "path"))


def discipline_over(actor, complaint) -> bool:
    """Registering, classifying, handing over, returning and closing: an inspector over the
    organisation that received the complaint."""
    return any(complaint.organization.path.startswith(p) for p in discipline_paths(actor))


def handles_complaint(actor, complaint) -> bool:
    """Replying: staff who may change the organisation the complaint was handed over to."""
    return complaint.handler_id is not None and can_write_path(actor, complaint.handler.path)


def may_see_reporter(actor, complaint) -> bool:
    """The reporter's identity: only the inspector the complaint is assigned to."""
    return (
        complaint.inspector_id is not None
        and complaint.inspector_id == getattr(actor, "pk", None)
        and discipline_over(actor, complaint)
    )


# --- Development of members and elections (rules.md §1, §2c) ------------------------------------------

APPROVING_KINDS = (OrgKind.ORGAN_COMMITTEE, OrgKind.WORKING_COMMITTEE)


@restriction("development.applicant", "elections.election", "elections.adjustment", "elections.pretest")
def _by_record_organization(user, qs: QuerySet) -> QuerySet:
    return qs.filter(org_q(user, field="organization__path"))


def writes_org_of(actor, obj) -> bool:
    """The actor may change records of `obj.organization` (the branch, or anyone writing above it)."""
    return can_write_path(actor, obj.organization.path)


def approving_orgs_of(actor, path: str) -> list[PartyOrganization]:
    """The committees (机关党委, 工委) strictly above `path` where the actor holds a writing role:
    the organisations with the power to approve members for it. A 党总支 or 党支部 never has it
    (rules.md §1b). One query."""
    scope = scope_of(actor)
    prefixes = [p for p in scope.write_paths if path.startswith(p) and p != path]
    if not prefixes:
        return []
    above = [path[:i] for i in range(PATH_STEP, len(path), PATH_STEP)]
    return list(
        PartyOrganization.objects.filter(
            path__in=[p for p in above if any(p.startswith(w) for w in prefixes)],
            kind__in=APPROVING_KINDS,
            is_active=True,
        ).order_by("-depth")
    )


def may_approve_members(actor, obj) -> bool:
    """Approval of 接收预备党员, 预审 and 转正: a committee with the power to approve above the branch."""
    return bool(approving_orgs_of(actor, obj.organization.path))


def writes_parent_of(actor, obj) -> bool:
    """The organisation above `obj.organization` approves its elections and adjustments."""
    parent_path = obj.organization.path[:-PATH_STEP]
    if not parent_path:  # the working committee: its election is approved outside the tree
        return scope_of(actor).committee
    return can_write_path(actor, parent_path)


# --- Registries: initiatives, pairings, village cadres, masses ----------------------------------------
#
# Each record is filed under an organisation (a branch's initiative, the sending unit's organ
# committee, the working committee for survey teams); its children are reached through it. Parks and
# enterprises are one provincial registry that every reader of a subtree may look up.


@restriction(
    "initiatives.initiative",
    "pairings.pairing",
    "villages.stationing",
    "villages.surveyteam",
    "masses.internshippost",
    "masses.suggestion",
)
def _registry_by_organization(user, qs: QuerySet) -> QuerySet:
    return qs.filter(org_q(user, field="organization__path"))


@restriction("villages.presencemonth", "villages.leaverecord", "villages.spotcheck")
def _by_stationing(user, qs: QuerySet) -> QuerySet:
    return qs.filter(org_q(user, field="stationing__organization__path"))


@restriction("villages.surveyvisit")
def _by_survey_team(user, qs: QuerySet) -> QuerySet:
    return qs.filter(org_q(user, field="team__organization__path"))


@restriction("villages.surveyfinding")
def _survey_finding(user, qs: QuerySet) -> QuerySet:
    """A finding is seen by the team's organisers and by the unit that owns its problem."""
    in_scope = org_q(user, field="team__organization__path")
    if not in_scope:
        return qs
    return qs.filter(in_scope | Q(problem__unit__in=units_visible(user)))


@restriction("masses.internshipapplication")
def _by_internship_post(user, qs: QuerySet) -> QuerySet:
    return qs.filter(org_q(user, field="post__organization__path"))


@restriction("pairings.park", "pairings.enterprise")
def _provincial_registry(user, qs: QuerySet) -> QuerySet:
    return qs if scope_of(user).read_paths else qs.none()


def may_keep_survey_teams(user) -> bool:
    """Survey teams on village cadres are organised by the working committee."""
    return scope_of(user).committee and bool(scope_of(user).write_paths)
