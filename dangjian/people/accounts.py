"""Accounts for members in bulk, and their automatic disabling when a member leaves.

Unit staff and the working committee create an account for every member of a subtree who has
none, in one background job. Each account gets a random one-time password (hashed with the cheap
`OneTimePasswordHasher`, see there why that is safe) that must be changed at first login; the
passwords are handed out as a printable list and an .xlsx, readable only by the job's creator.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from dangjian.accounts import errors
from dangjian.accounts.hashers import OneTimePasswordHasher
from dangjian.accounts.models import ApiToken, User
from dangjian.accounts.services import user_kill_sessions
from dangjian.core import audit, jobs
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.excel import Column, SheetSpec, read_rows, write_workbook
from dangjian.core.models import AuditAction, AuditEvent, Job
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization
from dangjian.people.enums import PARTY_MEMBER_STATUSES
from dangjian.people.fields import pinyin_key
from dangjian.people.models import Person

KIND = "accounts.bulk_create"  # the kind stored on earlier jobs
RESULT_FILE = "accounts.xlsx"
COLUMNS = [
    Column("姓名", 10),
    Column("所在党组织", 30),
    Column("用户名", 18, text=True),
    Column("一次性密码", 16, text=True),
]
# No 0/O, 1/l/I: the passwords are read off paper and typed on phones.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_NOT_LOGIN_CHARS = re.compile(r"[^a-z0-9]")


def one_time_password(length: int = 12) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def require_manager(actor, organization) -> None:
    """Unit staff and committee staff, on an organisation they may change."""
    if not scoping.manages_accounts(actor):
        raise Forbidden(errors.ERR_BULK_ROLE)
    if not scoping.can_write_path(actor, organization.path):
        raise Forbidden(errors.ERR_GRANT_OUTSIDE)


def people_without_account(*, actor: Actor, organization=None, person_ids=None) -> QuerySet:
    """Members (full and probationary) of the subtree, or among `person_ids`, who have no account."""
    qs = Person.objects.filter(
        scoping.person_q(actor, write=True), membership__status__in=PARTY_MEMBER_STATUSES, user__isnull=True
    )
    if organization is not None:
        qs = qs.filter(organization__path__under=organization.path)
    if person_ids is not None:
        qs = qs.filter(pk__in=person_ids)
    return qs.order_by("organization__path", "id")


def bulk_accounts_submit(*, actor: Actor, organization) -> Job:
    require_manager(actor, organization)
    return jobs.job_submit(
        actor=actor,
        kind=KIND,
        title=f"批量开通党员账号：{organization.name}",
        params={"organization": organization.pk},
    )


def accounts_for_people_submit(*, actor: Actor, person_ids: list[int], title: str) -> Job:
    """The same job for given people (those a roster import added): the ones outside the actor's
    write scope, without party membership or with an account already are left out."""
    if not scoping.manages_accounts(actor):
        raise Forbidden(errors.ERR_BULK_ROLE)
    return jobs.job_submit(actor=actor, kind=KIND, title=title, params={"people": sorted(set(person_ids))})


class _Usernames:
    """Login names from the pinyin of the name (zhangsan, zhangsan2, ...), unique among all users."""

    def __init__(self):
        self.taken = set(User.objects.values_list("username", flat=True))

    def next(self, person) -> str:
        base = _NOT_LOGIN_CHARS.sub("", pinyin_key(person.name))[:24]
        if len(base) < 3:
            base = f"m{person.pk}"
        name, n = base, 1
        while name in self.taken:
            n += 1
            name = f"{base}{n}"
        self.taken.add(name)
        return name


def accounts_create_for_people(
    *, actor: Actor, people: Iterable, progress: jobs.Progress | None = None
) -> list[tuple]:
    """Create an account for each person; returns (name, organisation, username, one-time password)
    rows. Hashing (the slow part) happens before the one transaction that writes every row."""
    people = list(people)
    if progress is not None:
        progress.total(len(people))
    usernames, hasher, now = _Usernames(), OneTimePasswordHasher(), timezone.now()
    users, rows = [], []
    for i, person in enumerate(people, start=1):
        password = one_time_password()
        username = usernames.next(person)
        users.append(
            User(
                username=username,
                display_name=person.name,
                person_id=person.pk,
                password=hasher.encode(password, hasher.salt()),
                must_change_password=True,
                password_changed_at=now,
            )
        )
        rows.append((person.name, person.organization.name, username, password))
        if progress is not None and i % 500 == 0:
            progress.set(i)
    with transaction.atomic():
        User.objects.bulk_create(users, batch_size=1000)
        events = [
            AuditEvent(
                actor=actor,
                actor_name=actor.username,
                action=AuditAction.CREATE,
                object_type="accounts.user",
                object_id=str(u.pk),
                object_repr=u.display_name,
                org_path=p.organization.path,
                changes={
                    "username": [None, u.username],
                    "person": [None, p.name],
                    "must_change_password": [None, True],
                },
            )
            for u, p in zip(users, people, strict=True)
        ]
        AuditEvent.objects.bulk_create(events, batch_size=1000)
    if progress is not None:
        progress.set(len(people))
    return rows


def write_password_list(job: Job, rows: list[tuple], *, title: str) -> None:
    write_workbook(
        [SheetSpec(name="账号清单", columns=COLUMNS, title=title, rows=rows)],
        target=str(jobs.job_dir(job) / RESULT_FILE),
    )
    job.result_file = RESULT_FILE
    job.result_name = f"党员账号清单-{timezone.localdate():%Y%m%d}.xlsx"
    job.result = {
        **(job.result or {}),
        "accounts": len(rows),
        "next_url": reverse("accounts:bulk_print", args=[job.pk]),
    }


@jobs.job_handler(KIND)
def bulk_accounts_run(job: Job, progress: jobs.Progress) -> None:
    actor = job.created_by
    if "people" in job.params:
        organization, name = None, "新导入党员"
        if not scoping.manages_accounts(actor):
            raise ApplicationError(errors.ERR_BULK_ROLE)
    else:
        organization = PartyOrganization.objects.get(pk=job.params["organization"])
        name = organization.name
        try:  # re-checked at run time: a grant revoked in between counts
            require_manager(actor, organization)
        except Forbidden as e:
            raise ApplicationError(e.message)
    people = people_without_account(
        actor=actor, organization=organization, person_ids=job.params.get("people")
    )
    rows = accounts_create_for_people(
        actor=actor, people=people.select_related("organization"), progress=progress
    )
    write_password_list(job, rows, title=f"{name} 党员账号清单（首次登录须修改密码）")
    job.message = (
        f"已为 {len(rows)} 名党员开通账号。" if rows else "范围内的党员都已有账号，没有新开通的账号。"
    )


def password_list(*, actor: Actor, job_id) -> tuple[Job, list[list]]:
    """The rows of a finished bulk job's list, for its creator only (404 for anyone else)."""
    from django.http import Http404

    job = jobs.job_get(actor=actor, job_id=job_id)
    path = jobs.job_dir(job) / RESULT_FILE
    if not job.result.get("accounts") or not path.exists():
        raise Http404("没有可打印的账号清单。")
    rows = read_rows(path.read_bytes())[2:]  # title row, header row
    return job, [[str(c or "") for c in row[:4]] for row in rows]


def accounts_disable_for_person(*, actor: Actor, person, reason: str) -> int:
    """Disable the accounts of a person who left the party or transferred out. Called inside the
    membership service's transaction, so the change and the disabling commit together."""
    n = 0
    for user in User.objects.filter(person=person, is_active=True):
        user.is_active = False
        user.save(update_fields=["is_active"])
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        user_kill_sessions(user=user)
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=user,
            org_path=person.organization.path,
            changes={"is_active": [True, False], "reason": [None, reason]},
        )
        n += 1
    return n
