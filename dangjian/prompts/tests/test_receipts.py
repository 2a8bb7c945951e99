"""Read receipts of prompts to many organisations: queries that do not grow with the recipients,
the summary of the recipients, the filtered list and its export, and who may see them."""

import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dangjian.accounts.enums import Role
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.organizations import scoping
from dangjian.prompts import selectors
from dangjian.prompts.models import WorkPromptRead
from dangjian.tests.personas import bulk_branch_readers, bulk_branches
from dangjian.users import services as user_services

from .test_prompts import publish, user_on

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def url(name, *args):
    return reverse(f"prompts:{name}", args=args)


def _readers_sql(prompt) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        selectors.readers_by_prompt([prompt.pk])
    return [q["sql"] for q in ctx.captured_queries]


def test_the_readers_query_is_the_same_for_three_recipients_and_for_three_hundred(world):
    small = publish(world, [world.a1, world.a2, world.a3], title="小")
    branches = bulk_branches(world.oc_a, 300)
    bulk_branch_readers(branches)
    large = publish(world, branches, title="大")
    assert len(selectors.readers_by_prompt([large.pk])[large.pk]) == 300
    small_sql, large_sql = _readers_sql(small), _readers_sql(large)
    assert len(small_sql) == len(large_sql)
    assert [len(q) for q in small_sql] == [len(q) for q in large_sql]  # no term per recipient


def test_a_prompt_to_every_branch_is_summarised_and_its_receipts_paginated(world, login):
    branches = bulk_branches(world.oc_a, 120)
    bulk_branch_readers(branches)
    recipients = list(selectors.prompt_quick_recipients(actor=world.committee, choice="branches"))
    prompt = publish(world, recipients)
    page = login(world.committee).get(url("detail", prompt.pk))
    html = page.content.decode()
    assert f"全部党支部（{len(recipients)}个）" in html and branches[5].name not in html.split("阅读情况")[0]
    assert len(page.context["page"].object_list) == 50 and page.context["receipts"].total >= 120
    sent = login(world.committee).get(url("list") + "?box=sent").content.decode()
    assert f"全部党支部（{len(recipients)}个）" in sent


def test_a_prompt_to_part_of_the_branches_is_counted_not_called_all(world, login):
    branches = bulk_branches(world.oc_a, 30)
    prompt = publish(world, branches[:25])
    html = login(world.committee).get(url("detail", prompt.pk)).content.decode()
    assert "党支部25个" in html and "全部党支部" not in html


def test_the_receipts_filter_by_status_unit_and_name(world, login):
    prompt = publish(world, [world.a1, world.a2, world.b1])
    b1_reader = user_on(world.b1, "b1-secretary")
    user_on(world.a2, "a2-secretary")
    WorkPromptRead.objects.create(prompt=prompt, user=b1_reader, read_at=timezone.now())
    client = login(world.committee)

    def names(**params):
        return {
            str(r["user"]) for r in client.get(url("detail", prompt.pk), params).context["page"].object_list
        }

    assert names() == {"t-secretary", "t-branchcom", "a2-secretary", "b1-secretary"}
    assert names(status="read") == {"b1-secretary"}
    assert names(status="unread", unit=world.unit_a.pk) == {"t-secretary", "t-branchcom", "a2-secretary"}
    assert names(q="a2-") == {"a2-secretary"}
    assert names(q=world.a2.name) == {"a2-secretary"}  # by organisation too
    units = {
        u.name: (u.readers, u.read) for u in client.get(url("detail", prompt.pk)).context["receipts"].units
    }
    assert units == {world.unit_a.name: (3, 0), world.unit_b.name: (1, 1)}


def test_the_unread_list_exports_with_an_audit_row(world, login):
    prompt = publish(world, [world.a1])
    login(world.secretary).get(url("detail", prompt.pk))
    r = login(world.committee).post(url("receipts_export", prompt.pk), {"status": "unread"})
    assert r.status_code == 200 and r["Content-Type"] == XLSX
    rows = list(openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[2:]] == ["t-branchcom"] and rows[2][4] == "未读"
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="prompts.workprompt")
    assert event.object_id == str(prompt.pk) and event.changes["rows"] == [None, 1]


def test_readers_and_outsiders_cannot_export_the_receipts(world, login):
    prompt = publish(world, [world.a1])
    assert login(world.secretary).post(url("receipts_export", prompt.pk)).status_code == 403
    assert login(user_on(world.b1, "b1-secretary")).post(url("receipts_export", prompt.pk)).status_code == 404
    assert login(world.unit_staff).post(url("receipts_export", prompt.pk)).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_committee_staff_see_only_prompts_sent_inside_their_grant(world, login):
    """The committee role alone opens nothing: the grant's subtree decides."""
    to_b1 = publish(world, [world.b1], title="教育厅提示")
    own = publish(world, [world.a1], actor=world.unit_staff, title="财政厅提示")
    narrow = user_on(world.oc_a, "committee-on-oc-a", role=Role.COMMITTEE_STAFF)
    client = login(narrow)
    assert client.get(url("detail", to_b1.pk)).status_code == 404
    assert client.get(url("detail", own.pk)).status_code == 200
    assert [p.title for p in selectors.prompt_sent(actor=narrow)] == ["财政厅提示"]
    assert not scoping.may_see_prompt_receipts(narrow, to_b1)


def test_a_new_reader_grant_shows_in_the_inbox_once_the_scope_is_forgotten(world):
    prompt = publish(world, [world.b1])
    user = user_on(world.a1, "moves-to-b1")
    assert not selectors.prompt_inbox(actor=user).exists()
    user_services.grant_create(actor=None, user=user, role=Role.BRANCH_SECRETARY, organization=world.b1)
    scoping.forget(user)
    assert list(selectors.prompt_inbox(actor=user)) == [prompt]
