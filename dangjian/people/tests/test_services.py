"""People services: validation, history periods, scope checks and their audit rows."""

import datetime as dt

import pytest

from dangjian.core import crypto, idnumber
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.people import errors, services
from dangjian.people.enums import Education, MembershipStatus, PostEndReason
from dangjian.people.models import MembershipPeriod, Person


def test_it_stores_the_id_number_protected(world):
    person = world.people["member_a1"]
    number = crypto.decrypt(person.id_enc)
    assert number not in person.id_enc and person.id_masked == idnumber.mask(number)
    assert person.id_tail == number[-6:] and services.person_find_by_id_number(number) == person


def test_it_rejects_a_wrong_check_digit(world):
    number = idnumber.synthetic(dt.date(1988, 8, 8), "M", 9)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ApplicationError) as e:
        services.person_create(
            actor=world.secretary,
            organization=world.a1,
            unit=world.unit_a,
            name="周九",
            id_number=wrong,
            education=Education.BACHELOR,
        )
    assert e.value.message == idnumber.ERR_CHECK and e.value.field == "id_number"


def test_it_rejects_a_gender_that_does_not_match_the_id(world):
    with pytest.raises(ApplicationError) as e:
        services.person_create(
            actor=world.secretary,
            organization=world.a1,
            unit=world.unit_a,
            name="周九",
            id_number=idnumber.synthetic(dt.date(1988, 8, 8), "M", 9),
            gender="F",
            education=Education.BACHELOR,
        )
    assert e.value.field == "gender" and e.value.message == errors.ERR_GENDER_MISMATCH.format(expected="男")


def test_the_secretary_cannot_create_in_the_other_branch(world):
    with pytest.raises(Forbidden):
        services.person_create(
            actor=world.secretary,
            organization=world.b1,
            unit=world.unit_b,
            name="周九",
            id_number=idnumber.synthetic(dt.date(1988, 8, 8), "M", 9),
            education=Education.BACHELOR,
        )
    assert not Person.objects.filter(name="周九").exists()


def test_a_create_writes_an_audit_row_with_the_id_masked(world):
    event = AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="people.person", object_id=str(world.people["member_a1"].pk)
    ).get()
    assert event.changes["id_number"] == [None, "***"] and event.changes["phone"] == [None, "***"]


def test_a_status_change_closes_the_period_and_opens_another(world):
    person = world.people["other_a1"]
    services.membership_update(
        actor=world.secretary, person=person, status=MembershipStatus.FULL, full_on=dt.date(2011, 7, 1)
    )
    periods = list(
        MembershipPeriod.objects.filter(person=person).values_list("status", "valid_from", "valid_to")
    )
    assert periods == [
        ("probationary", dt.date(2010, 7, 1), dt.date(2011, 7, 1)),
        ("full", dt.date(2011, 7, 1), None),
    ]
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_type="people.membership").get()
    assert event.changes["status"] == ["probationary", "full"]


def test_a_transfer_outside_the_scope_is_forbidden(world):
    with pytest.raises(Forbidden):
        services.membership_transfer(actor=world.secretary, person=world.people["member_a1"], target=world.b1)


def test_a_post_ends_with_a_mid_term_reason_and_is_audited(world):
    person = world.people["member_a1"]
    post = services.cadre_post_create(
        actor=world.secretary,
        person=person,
        organization=world.a1,
        post="publicity",
        started_on=dt.date(2021, 1, 1),
    )
    services.cadre_post_end(
        actor=world.secretary, post=post, ended_on=dt.date(2022, 3, 1), reason=PostEndReason.MID_TERM
    )
    assert post.end_reason == "mid_term"
    assert AuditEvent.objects.filter(object_type="people.cadrepost").count() == 2
    with pytest.raises(ApplicationError) as e:
        services.cadre_post_end(
            actor=world.secretary, post=post, ended_on=dt.date(2022, 4, 1), reason="other"
        )
    assert e.value.message == errors.ERR_POST_ENDED


def test_a_post_cannot_end_in_the_future(world):
    post = services.cadre_post_create(
        actor=world.secretary,
        person=world.people["member_a1"],
        organization=world.a1,
        post="publicity",
        started_on=dt.date(2021, 1, 1),
    )
    with pytest.raises(ApplicationError) as e:
        services.cadre_post_end(
            actor=world.secretary, post=post, ended_on=dt.date.today() + dt.timedelta(days=3), reason="other"
        )
    assert e.value.field == "ended_on" and e.value.message == errors.ERR_DATE_FUTURE.format(field="免职日期")


def test_a_reveal_is_logged_and_refused_to_the_branch_committee(world):
    person = world.people["member_a1"]
    assert services.person_reveal_id(actor=world.secretary, person=person) == crypto.decrypt(person.id_enc)
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS, actor=world.secretary).count() == 1
    with pytest.raises(Forbidden):
        services.person_reveal_id(actor=world.branch_committee, person=person)
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS).count() == 1


def test_a_member_may_reveal_their_own_id_number(world):
    person = world.people["member_a1"]
    assert services.person_reveal_id(actor=world.member, person=person) == crypto.decrypt(person.id_enc)


def test_a_full_member_needs_an_admission_date(world):
    import datetime as dt

    import pytest

    from dangjian.core.errors import ApplicationError
    from dangjian.people import services
    from dangjian.people.enums import MembershipStatus
    from dangjian.tests.personas import make_person

    person = make_person(world.a1, "钱八", seq=40, status=MembershipStatus.ACTIVIST)
    with pytest.raises(ApplicationError) as e:
        services.membership_update(
            actor=world.secretary, person=person, status=MembershipStatus.FULL, full_on=dt.date(2020, 1, 1)
        )
    assert e.value.field == "admitted_on" and "入党日期" in e.value.message
