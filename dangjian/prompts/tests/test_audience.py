"""Prompts addressed to the members: every member of the recipient organisations (and below) reads
them on their home page, with a read receipt like staff; a member elsewhere neither sees nor opens
them; the readers' queries do not grow with the recipients."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangjian.accounts.enums import Role
from dangjian.prompts import selectors, services
from dangjian.prompts.enums import Audience
from dangjian.prompts.models import WorkPromptRead
from dangjian.tests.personas import _user, bulk_branches, make_person


def publish(world, recipients, audience, title):
    return services.prompt_publish(
        actor=world.committee,
        title=title,
        body="请全体党员按时参加主题党日。",
        recipients=recipients,
        audience=audience,
    )


def test_a_member_reads_a_prompt_to_the_members_of_their_organisation_from_home(world, login):
    to_members = publish(world, [world.oc_a], Audience.MEMBERS, "致全体党员的提示")
    publish(world, [world.oc_a], Audience.STAFF, "致支部书记的提示")
    client = login(world.member)
    home = client.get("/").content.decode()
    listed = home[home.index('id="member-prompts"') :]
    assert "致全体党员的提示" in listed and "致支部书记的提示" not in home
    assert client.get(reverse("prompts:detail", args=[to_members.pk])).status_code == 200
    assert WorkPromptRead.objects.filter(prompt=to_members, user=world.member).exists()
    assert 'id="member-prompts"' not in client.get("/").content.decode()  # read: no longer listed
    receipts = {r["user_id"]: r for r in selectors.prompt_receipt_stats(prompt=to_members).rows}
    assert receipts[world.member.pk]["read_at"] is not None
    assert receipts[world.member.pk]["orgs"] == [world.a1.name]


def test_a_member_of_another_branch_does_not_see_it(world, login):
    to_members = publish(world, [world.oc_a], Audience.MEMBERS, "致全体党员的提示")
    other = _user("t-member-b1", Role.MEMBER, world.b1, person=make_person(world.b1, "李四", seq=61))
    client = login(other)
    assert "致全体党员的提示" not in client.get("/").content.decode()
    assert client.get(reverse("prompts:detail", args=[to_members.pk])).status_code == 404
    assert not WorkPromptRead.objects.filter(user=other).exists()
    assert other.pk not in selectors.readers_by_prompt([to_members.pk])[to_members.pk]


def test_a_prompt_to_staff_is_not_read_by_plain_members(world):
    to_staff = publish(world, [world.oc_a], Audience.STAFF, "致支部书记的提示")
    readers = selectors.readers_by_prompt([to_staff.pk])[to_staff.pk]
    assert world.secretary.pk in readers and world.member.pk not in readers


def _readers_sql(prompt) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        selectors.readers_by_prompt([prompt.pk])
    return [q["sql"] for q in ctx.captured_queries]


def test_the_member_readers_query_is_the_same_for_three_recipients_and_for_three_hundred(world):
    small = publish(world, [world.a1, world.a2, world.a3], Audience.MEMBERS, "小")
    large = publish(world, bulk_branches(world.oc_a, 300), Audience.MEMBERS, "大")
    small_sql, large_sql = _readers_sql(small), _readers_sql(large)
    assert len(small_sql) == len(large_sql)
    assert [len(q) for q in small_sql] == [len(q) for q in large_sql]  # no term per recipient
