"""Refusals about people outside scope name nobody: the answer is that of an unknown id, and the
attempt is logged as DENIED."""

import pytest

from dangjian.core.models import AuditAction, AuditEvent
from dangjian.meetings import errors
from dangjian.meetings.tests.test_api import meeting
from dangjian.tests.api import auth, send

UNKNOWN_ID = 987654


@pytest.mark.parametrize("whose", ["other_branch", "nobody"])
def test_attendance_with_a_person_outside_scope_names_nobody(world, client, whose):
    m = meeting(world, world.a1, world.secretary)
    pid = world.people["member_b1"].pk if whose == "other_branch" else UNKNOWN_ID
    r = send(
        client,
        "put",
        f"/api/v1/meetings/{m.pk}/attendance",
        {"rows": [{"person_id": pid, "status": "present"}]},
        auth(world.secretary),
    )
    assert r.status_code == 400
    assert r.json()["message"] == errors.ERR_PERSON_UNKNOWN.format(id=pid)
    assert world.people["member_b1"].name not in r.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.DENIED, actor=world.secretary, object_id=str(pid)
    ).exists()


def test_the_roster_add_form_names_nobody_outside_scope(world, login):
    m = meeting(world, world.a1, world.secretary)
    outsider = world.people["member_b1"]
    page = login(world.secretary).post(f"/meetings/{m.pk}/attendance/add/", {"person": outsider.pk})
    text = page.content.decode()
    assert outsider.name not in text and errors.ERR_PERSON_UNKNOWN.format(id=outsider.pk) in text
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, object_id=str(outsider.pk)).exists()
