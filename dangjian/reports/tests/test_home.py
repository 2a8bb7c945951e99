"""The home page says what to do next, per role."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from dangjian.meetings.services import meetings as meeting_services
from dangjian.prompts.services import prompt_publish
from dangjian.tests.personas import held_meeting

pytestmark = pytest.mark.django_db


def home(login, user) -> str:
    response = login(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    return (
        page[start : page.index("</table>", start)]
        if "<table" in page[start - 40 : start]
        else page[start : start + 3000]
    )


def test_a_secretary_sees_their_branchs_to_dos_with_a_button_to_record_each(world, login):
    past = held_meeting(world, days=-3, title="三月支部党员大会", status="planned")
    held_meeting(world, days=5, title="下周主题党日", status="planned")
    held_meeting(world, world.b1, days=-3, title="教育厅支部会", status="planned")
    world.a1.term_ends_on = timezone.localdate() + dt.timedelta(days=30)
    world.a1.save(update_fields=["term_ends_on"])
    world.b1.term_ends_on = timezone.localdate() - dt.timedelta(days=30)
    world.b1.save(update_fields=["term_ends_on"])
    page = home(login, world.secretary)
    overdue = section(page, "todo-overdue-table")
    assert "三月支部党员大会" in overdue and f'href="/meetings/{past.pk}/edit/">登记会议' in overdue
    assert "教育厅支部会" not in page
    assert "下周主题党日" in section(page, "todo-upcoming")
    due = section(page, "todo-due-table")
    assert f"/meetings/new/?org={world.a1.pk}&amp;kind=" in due and "登记会议" in due
    assert f"org={world.b1.pk}" not in page and f"org={world.a2.pk}" not in page
    terms = section(page, "todo-terms-table")
    assert world.a1.name in terms and "即将届满" in terms and world.b1.name not in page
    assert '0</div><div class="label">工委' not in page  # no empty counters of other kinds


def test_a_secretary_sees_unread_prompts_until_read(world, login):
    prompt = prompt_publish(
        actor=world.committee,
        title="关于开展主题党日的提示",
        body="请按时开展。",
        recipients=[world.a1, world.b1],
    )
    page = home(login, world.secretary)
    assert 'id="todo-unread">1<' in page and "关于开展主题党日的提示" in page
    login(world.secretary).get(f"/meetings/prompts/{prompt.pk}/")
    assert 'id="todo-unread">0<' in home(login, world.secretary)


def test_unit_staff_see_the_same_summed_over_their_branches_worst_first(world, login):
    page = home(login, world.unit_staff)
    due = section(page, "todo-due-table")
    for org in (world.a1, world.a2, world.a3):
        assert org.name in due
    assert world.b1.name not in page
    counts = [int(x) for x in re.findall(r'<td class="num">(\d+)</td>', due)]
    assert counts == sorted(counts, reverse=True)


def test_the_committee_sees_the_province_per_unit(world, login):
    due = section(home(login, world.committee), "todo-due-table")
    assert "省财政厅" in due and "省教育厅" in due and "涉及组织" in due


def test_an_auditor_sees_the_to_dos_without_buttons(world, login):
    held_meeting(world, days=-3, title="三月支部党员大会", status="planned")
    page = home(login, world.auditor)
    assert "三月支部党员大会" in page and "登记会议" not in page


def test_a_member_sees_their_branchs_next_meetings_and_how_they_were_marked(world, login):
    held_meeting(world, days=6, title="下周支部党员大会", status="planned")
    held_meeting(world, world.b1, days=6, title="教育厅支部会", status="planned")
    past = held_meeting(world, days=-10, title="上月支部党员大会")
    meeting_services.attendance_record(
        actor=world.secretary,
        meeting=past,
        rows=[{"person_id": world.people["member_a1"].pk, "status": "leave", "leave_reason": "出差"}],
    )
    page = home(login, world.member)
    assert "下周支部党员大会" in section(page, "member-upcoming") and "教育厅支部会" not in page
    marked = section(page, "member-marked")
    assert "上月支部党员大会" in marked and "请假（出差）" in marked
    assert "张三" in page and 'id="todo"' not in page
