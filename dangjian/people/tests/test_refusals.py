"""Registering an ID number held outside the actor's scope names nobody: it points to the transfer
workflow, says the same whoever holds the number, and is logged as DENIED."""

import datetime as dt

from dangjian.core.idnumber import synthetic
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.people import errors
from dangjian.people.models import Person
from dangjian.people.tests.test_api import new_person_body
from dangjian.tests.api import auth, send

B1_NUMBER = synthetic(dt.date(1985, 5, 5), "M", 5)  # member_b1 (孙七), outside the a1 secretary's scope


def test_an_id_number_registered_elsewhere_points_to_the_transfer_without_a_name(world, client):
    r = send(
        client, "post", "/api/v1/people", new_person_body(world, id_number=B1_NUMBER), auth(world.secretary)
    )
    assert r.status_code == 400 and r.json()["message"] == errors.ERR_ID_ELSEWHERE
    assert "孙七" not in r.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.DENIED, actor=world.secretary, object_type="people.person"
    ).exists()
    assert not Person.objects.filter(name="周八").exists()


def test_the_answer_is_the_same_whoever_holds_the_number_elsewhere(world, client):
    first = send(
        client, "post", "/api/v1/people", new_person_body(world, id_number=B1_NUMBER), auth(world.secretary)
    )
    a2_number = synthetic(dt.date(1990, 1, 2), "F", 33)
    body = new_person_body(world, organization_id=world.a2.pk, id_number=a2_number, name="吴九")
    assert send(client, "post", "/api/v1/people", body, auth(world.unit_staff)).status_code == 201
    second = send(
        client, "post", "/api/v1/people", new_person_body(world, id_number=a2_number), auth(world.secretary)
    )
    assert first.json() == second.json()
    assert "吴九" not in second.content.decode()


def test_inside_scope_the_duplicate_is_still_named(world, client):
    number = synthetic(dt.date(1985, 5, 5), "M", 1)  # member_a1 (张三), in the secretary's branch
    r = send(
        client, "post", "/api/v1/people", new_person_body(world, id_number=number), auth(world.secretary)
    )
    assert r.json()["message"] == errors.ERR_ID_DUPLICATE.format(name="张三")
    assert not AuditEvent.objects.filter(action=AuditAction.DENIED).exists()
