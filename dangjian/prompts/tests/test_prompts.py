"""Work prompts (工作提示): publishing, per-person read receipts, reminders, scoping, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.accounts.enums import Role
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditEvent
from dangjian.prompts import errors, selectors, services
from dangjian.prompts.models import WorkPrompt, WorkPromptRead, WorkPromptReminder
from dangjian.tests.personas import PASSWORD
from dangjian.users import services as user_services


def publish(world, recipients, *, actor=None, title="第一季度组织生活重点工作提示"):
    return services.prompt_publish(
        actor=actor or world.committee,
        title=title,
        body="一、认真开展主题党日。\n二、按时召开组织生活会。",
        recipients=recipients,
    )


def user_on(org, username, role=Role.BRANCH_SECRETARY):
    user, _ = user_services.user_create(
        actor=None, username=username, display_name=username, password=PASSWORD
    )
    user_services.grant_create(actor=None, user=user, role=role, organization=org)
    return user


def url(name, *args):
    return reverse(f"prompts:{name}", args=args)


# --- publishing ----------------------------------------------------------------------------


def test_publishing_records_recipients_and_an_audit_event(world):
    prompt = publish(world, [world.a1, world.a2])
    assert set(prompt.recipients.values_list("name", flat=True)) == {world.a1.name, world.a2.name}
    assert prompt.sender_org == world.root
    assert AuditEvent.objects.filter(
        object_type="prompts.workprompt", object_id=str(prompt.pk), actor=world.committee
    ).exists()


def test_a_recipient_outside_the_senders_scope_is_refused_by_name_and_nothing_is_written(world):
    n = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as e:
        publish(world, [world.a1, world.b1], actor=world.unit_staff)
    assert e.value.message == errors.ERR_PROMPT_OUTSIDE.format(org=world.b1.name)
    assert not WorkPrompt.objects.exists() and AuditEvent.objects.count() == n


def test_a_prompt_without_recipients_is_refused(world):
    with pytest.raises(ApplicationError) as e:
        publish(world, [])
    assert e.value.message == errors.ERR_PROMPT_RECIPIENTS
    assert not WorkPrompt.objects.exists()


def test_a_branch_secretary_may_not_publish(world):
    with pytest.raises(Forbidden):
        publish(world, [world.a1], actor=world.secretary)


def test_unit_staff_publish_from_their_organ_committee(world):
    prompt = publish(world, [world.a1], actor=world.unit_staff)
    assert prompt.sender_org == world.oc_a


def test_quick_choices_stay_inside_the_senders_scope(world):
    branches = selectors.prompt_quick_recipients(actor=world.unit_staff, choice="branches")
    assert set(branches.values_list("name", flat=True)) == {world.a1.name, world.a2.name, world.a3.name}
    committees = selectors.prompt_quick_recipients(actor=world.committee, choice="organ_committees")
    assert set(committees.values_list("name", flat=True)) == {world.oc_a.name, world.oc_b.name}


# --- readers and receipts ------------------------------------------------------------------


def test_readers_are_the_users_holding_grants_inside_the_recipients(world):
    to_a1 = publish(world, [world.a1])
    readers = selectors.readers_by_prompt([to_a1.pk])[to_a1.pk]
    assert set(readers) == {world.secretary.pk, world.branch_committee.pk}
    to_oc_a = publish(world, [world.oc_a])
    readers = selectors.readers_by_prompt([to_oc_a.pk])[to_oc_a.pk]
    assert set(readers) == {world.unit_staff.pk, world.secretary.pk, world.branch_committee.pk}


def test_opening_a_prompt_marks_only_that_reader_and_keeps_the_first_read_time(world, login):
    prompt = publish(world, [world.a1])
    client = login(world.secretary)
    assert client.get(url("detail", prompt.pk)).status_code == 200
    first = WorkPromptRead.objects.get(prompt=prompt)
    assert first.user == world.secretary
    client.get(url("detail", prompt.pk))
    assert WorkPromptRead.objects.get(prompt=prompt).read_at == first.read_at
    assert AuditEvent.objects.filter(object_type="prompts.workpromptread").count() == 1
    rows = {r["user"].pk: r["read_at"] for r in selectors.prompt_receipts(prompt=prompt)}
    assert rows == {world.secretary.pk: first.read_at, world.branch_committee.pk: None}


def test_the_sender_opening_their_prompt_is_not_a_read(world, login):
    prompt = publish(world, [world.a1])
    login(world.committee).get(url("detail", prompt.pk))
    assert not WorkPromptRead.objects.exists()


def test_the_receipt_table_shows_who_read_and_who_did_not(world, login):
    prompt = publish(world, [world.a1])
    login(world.secretary).get(url("detail", prompt.pk))
    page = login(world.committee).get(url("detail", prompt.pk)).content.decode()
    assert "t-secretary" in page and "t-branchcom" in page and "未读" in page and "提醒未读（1人）" in page


def test_reminders_go_to_the_unread_only_and_show_on_their_inbox(world, login):
    prompt = publish(world, [world.a1])
    login(world.secretary).get(url("detail", prompt.pk))
    client = login(world.committee)
    n = AuditEvent.objects.count()
    assert client.post(url("remind", prompt.pk)).status_code == 302
    assert list(WorkPromptReminder.objects.values_list("user_id", flat=True)) == [world.branch_committee.pk]
    assert AuditEvent.objects.count() == n + 1
    inbox = login(world.branch_committee).get(url("list")).content.decode()
    assert "工委提醒您阅读" in inbox and "1条未读" in inbox
    assert "工委提醒您阅读" not in login(world.secretary).get(url("list")).content.decode()


def test_reminding_when_everyone_has_read_is_refused(world, login):
    prompt = publish(world, [world.a1])
    login(world.secretary).get(url("detail", prompt.pk))
    login(world.branch_committee).get(url("detail", prompt.pk))
    with pytest.raises(ApplicationError) as e:
        services.prompt_remind(actor=world.committee, prompt=prompt)
    assert e.value.message == errors.ERR_PROMPT_NO_UNREAD
    assert not WorkPromptReminder.objects.exists()


def test_the_inbox_lists_unread_first(world, login):
    old = publish(world, [world.a1], title="旧提示")
    new = publish(world, [world.a1], title="新提示")
    client = login(world.secretary)
    assert [p.title for p in client.get(url("list")).context["prompts"]] == ["新提示", "旧提示"]
    client.get(url("detail", new.pk))
    assert [p.title for p in client.get(url("list")).context["prompts"]] == ["旧提示", "新提示"]
    client.get(url("detail", old.pk))
    assert [p.title for p in client.get(url("list")).context["prompts"]] == ["新提示", "旧提示"]


# --- scoping -------------------------------------------------------------------------------


def test_a_secretary_of_a1_gets_404_for_a_prompt_to_b1(world, login):
    b1_secretary = user_on(world.b1, "t-b1-secretary")
    prompt = publish(world, [world.b1])
    client = login(world.secretary)
    assert client.get(url("detail", prompt.pk)).status_code == 404
    assert client.post(url("remind", prompt.pk)).status_code == 404
    assert prompt.title not in client.get(url("list")).content.decode()
    assert not WorkPromptRead.objects.exists()
    assert login(b1_secretary).get(url("detail", prompt.pk)).status_code == 200


def test_a_reader_sees_no_receipts_and_may_not_send_reminders(world, login):
    prompt = publish(world, [world.a1])
    client = login(world.secretary)
    page = client.get(url("detail", prompt.pk)).content.decode()
    assert "阅读情况" not in page and "t-branchcom" not in page
    assert client.post(url("remind", prompt.pk)).status_code == 403
    assert not WorkPromptReminder.objects.exists()
    assert client.get(url("create")).status_code == 403


def test_unit_staff_see_their_own_prompts_receipts_but_not_the_committees(world, login):
    own = publish(world, [world.a1], actor=world.unit_staff, title="单位提示")
    committee_to_a1 = publish(world, [world.a1], title="工委提示")
    client = login(world.unit_staff)
    assert "阅读情况" in client.get(url("detail", own.pk)).content.decode()
    assert client.get(url("detail", committee_to_a1.pk)).status_code == 404  # not addressed to oc_a


def test_unit_staff_cannot_publish_to_another_units_organisation_through_the_page(world, login):
    client = login(world.unit_staff)
    r = client.post(url("create"), {"title": "提示", "body": "正文", "recipients": [world.b1.pk]})
    assert r.status_code == 200 and "不在您的权限范围内" in r.content.decode()
    assert not WorkPrompt.objects.exists()
    r = client.post(url("create"), {"title": "提示", "body": "正文"})
    assert errors.ERR_PROMPT_RECIPIENTS in r.content.decode()
    assert not WorkPrompt.objects.exists()


def test_publishing_to_all_branches_through_the_page(world, login):
    client = login(world.unit_staff)
    r = client.post(url("create"), {"title": "季度提示", "body": "正文", "quick": "branches"})
    prompt = WorkPrompt.objects.get()
    assert r.status_code == 302 and r["Location"] == url("detail", prompt.pk)
    assert set(prompt.recipients.values_list("name", flat=True)) == {
        world.a1.name,
        world.a2.name,
        world.a3.name,
    }


# --- query counts --------------------------------------------------------------------------


def _queries(client, path):
    client.get(path)  # warm up
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def test_the_inbox_and_sent_pages_use_constant_queries(world, login):
    first = publish(world, [world.a1])
    WorkPromptReminder.objects.create(prompt=first, user=world.secretary, sent_by=world.committee)
    inbox = _queries(login(world.secretary), url("list"))
    sent = _queries(login(world.committee), url("list") + "?box=sent")
    for i in range(19):
        p = publish(world, [world.a1, world.a2], title=f"提示{i}")
        WorkPromptReminder.objects.create(prompt=p, user=world.secretary, sent_by=world.committee)
        if i % 2:
            WorkPromptRead.objects.create(prompt=p, user=world.secretary, read_at=p.published_at)
    assert _queries(login(world.secretary), url("list")) == inbox
    assert _queries(login(world.committee), url("list") + "?box=sent") == sent


def test_the_receipts_page_uses_constant_queries(world, login):
    prompt = publish(world, [world.a2])
    user_on(world.a2, "reader-0")
    page = url("detail", prompt.pk)
    one = _queries(login(world.committee), page)
    readers = [user_on(world.a2, f"reader-{i}", role=Role.BRANCH_COMMITTEE) for i in range(1, 20)]
    for u in readers[:7]:
        WorkPromptRead.objects.create(prompt=prompt, user=u, read_at=prompt.published_at)
        WorkPromptReminder.objects.create(prompt=prompt, user=u, sent_by=world.committee)
    client = login(world.committee)
    assert len(selectors.prompt_receipts(prompt=prompt)) == 20
    assert _queries(client, page) == one


def test_the_publish_form_offers_only_organisations_in_scope(world, login):
    r = login(world.unit_staff).get(url("create"))
    page = r.content.decode()
    assert r.status_code == 200 and world.a1.name in page and world.b1.name not in page
