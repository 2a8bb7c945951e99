"""Transfers: the sending side starts, the receiving side accepts (the membership moves in the same
transaction), returns or the sender withdraws; out of the system a numbered letter and its receipt;
into the system a registration. Each refusal cites its rule and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from dangjian.core import workflow
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.idnumber import synthetic
from dangjian.core.models import AuditEvent
from dangjian.people.enums import MembershipStatus
from dangjian.people.membership import membership_as_of as _as_of
from dangjian.people.models import Membership, MembershipPeriod, Person
from dangjian.people.selectors import members_on
from dangjian.transfers import errors, rules, services
from dangjian.transfers.enums import TransferKind, TransferStatus
from dangjian.transfers.models import Transfer, TransferEvent

D = dt.date(2024, 3, 1)


def membership_as_of(person, day):
    period = _as_of(person, day)
    assert period is not None
    return period


def start(world, person=None, to=None, **kw):
    return services.transfer_start(
        actor=world.secretary,
        person=person or world.people["member_a1"],
        kind=kw.pop("kind", TransferKind.WITHIN),
        to_org_id=(to or world.b1).pk,
        started_on=kw.pop("started_on", D),
        **kw,
    )


def test_accepting_moves_the_membership_from_that_day_and_keeps_counts_right(world):
    person = world.people["member_a1"]
    t = start(world)
    assert t.status == TransferStatus.PENDING and t.from_org == world.a1 and t.to_org == world.b1
    # the sender stays responsible until acceptance
    assert Person.objects.get(pk=person.pk).organization == world.a1
    services.transfer_accept(actor=world.committee, transfer=t, on=dt.date(2024, 3, 10))
    t.refresh_from_db()
    assert t.status == TransferStatus.COMPLETED and t.closed_on == dt.date(2024, 3, 10)
    assert Person.objects.get(pk=person.pk).organization == world.b1
    assert membership_as_of(person, dt.date(2024, 3, 9)).organization == world.a1
    assert membership_as_of(person, dt.date(2024, 3, 10)).organization == world.b1
    assert members_on(day=dt.date(2024, 3, 9), org_path=world.b1.path).count() == 1
    assert members_on(day=dt.date(2024, 3, 10), org_path=world.b1.path).count() == 2
    assert members_on(day=dt.date(2024, 3, 10)).count() == members_on(day=dt.date(2024, 3, 9)).count()
    assert list(TransferEvent.objects.filter(transfer=t).values_list("transition", flat=True)) == [
        "start",
        "accept",
    ]


def test_the_sender_may_not_accept_and_the_receiver_may_not_withdraw(world):
    t = start(world)
    with pytest.raises(Forbidden) as e:
        services.transfer_accept(actor=world.secretary, transfer=t, on=D)
    assert "第二十五条" in e.value.message
    t2 = Transfer.objects.get(pk=t.pk)
    assert t2.status == TransferStatus.PENDING
    assert [
        s.name for s in workflow.allowed_transitions(t2, world.secretary, workflow=services.TRANSFER)
    ] == ["cancel"]


@pytest.mark.parametrize(
    "target, message",
    [("missing", errors.ERR_TARGET_MISSING), ("own", "就是该党员现在所在的党组织"), ("group", "党小组")],
)
def test_a_transfer_to_a_missing_org_or_the_own_branch_is_refused_and_nothing_is_written(
    world, target, message
):
    to_id = {"missing": 999999, "own": world.a1.pk, "group": world.g1.pk}[target]
    before = (Transfer.objects.count(), TransferEvent.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ApplicationError) as e:
        services.transfer_start(
            actor=world.secretary, person=world.people["member_a1"], kind=TransferKind.WITHIN, to_org_id=to_id
        )
    assert message in e.value.message and e.value.field == "to_org"
    assert (Transfer.objects.count(), TransferEvent.objects.count(), AuditEvent.objects.count()) == before


def test_accepting_twice_is_refused_and_the_member_moves_once(world):
    t = start(world)
    stale = Transfer.objects.get(pk=t.pk)
    services.transfer_accept(actor=world.committee, transfer=t, on=D)
    periods = MembershipPeriod.objects.filter(person=world.people["member_a1"]).count()
    with pytest.raises(ApplicationError) as e:  # a stale copy (the racing second acceptance)
        services.transfer_accept(actor=world.committee, transfer=stale, on=D)
    assert "状态已变更" in e.value.message
    with pytest.raises(ApplicationError) as e:  # a fresh copy: not from that state any more
        services.transfer_accept(actor=world.committee, transfer=Transfer.objects.get(pk=t.pk), on=D)
    assert "不能执行" in e.value.message
    assert MembershipPeriod.objects.filter(person=world.people["member_a1"]).count() == periods
    assert TransferEvent.objects.filter(transfer=t, transition="accept").count() == 1


def test_accept_on_the_start_day_is_allowed_the_day_before_is_not(world):
    t = start(world)
    with pytest.raises(ApplicationError) as e:
        services.transfer_accept(actor=world.committee, transfer=t, on=D - dt.timedelta(days=1))
    assert e.value.field == "on"
    assert Transfer.objects.get(pk=t.pk).status == TransferStatus.PENDING
    services.transfer_accept(actor=world.committee, transfer=t, on=D)
    assert Transfer.objects.get(pk=t.pk).status == TransferStatus.COMPLETED


def test_one_pending_transfer_per_member(world):
    start(world)
    with pytest.raises(ApplicationError) as e:
        start(world, to=world.a2)
    assert "正在办理" in e.value.message


def test_return_needs_a_reason_and_leaves_the_member_where_they_were(world):
    t = start(world)
    with pytest.raises(ApplicationError) as e:
        services.transfer_return(actor=world.committee, transfer=t, note="  ")
    assert "须说明原因" in e.value.message
    services.transfer_return(actor=world.committee, transfer=t, note="接收支部有误")
    assert Transfer.objects.get(pk=t.pk).status == TransferStatus.RETURNED
    assert Person.objects.get(pk=world.people["member_a1"].pk).organization == world.a1


def test_withdrawing_then_starting_again(world):
    t = start(world)
    services.transfer_cancel(actor=world.secretary, transfer=t)
    assert Transfer.objects.get(pk=t.pk).status == TransferStatus.CANCELLED
    assert start(world, to=world.a2).status == TransferStatus.PENDING


@pytest.mark.parametrize("days, ok", [(1, True), (90, True), (91, False), (0, False)])
def test_letter_validity_is_at_most_three_months(world, days, ok):
    call = lambda: services.transfer_start(  # noqa: E731
        actor=world.secretary,
        person=world.people["member_a1"],
        kind=TransferKind.OUT,
        external_org="中共北京市海淀区委组织部",
        started_on=D,
        valid_days=days,
    )
    if ok:
        t = call()
        assert t.letter_no.startswith("2024-") and t.valid_until == D + dt.timedelta(days=days - 1)
        assert t.due_on == t.valid_until
    else:
        with pytest.raises(ApplicationError) as e:
            call()
        assert e.value.field == "valid_days" and "3个月" in e.value.message
        assert not Transfer.objects.exists()


def test_letter_numbers_follow_each_other(world):
    a = services.transfer_start(
        actor=world.committee,
        person=world.people["member_a1"],
        kind=TransferKind.OUT,
        external_org="外省",
        started_on=D,
    )
    b = services.transfer_start(
        actor=world.committee,
        person=world.people["member_a2"],
        kind=TransferKind.OUT,
        external_org="外省",
        started_on=D,
    )
    assert (a.letter_no, b.letter_no) == ("2024-00001", "2024-00002")


def test_the_receipt_takes_the_member_out_and_disables_the_account_in_one_go(world):
    person = world.people["member_a1"]  # world.member's person, with an account
    t = services.transfer_start(
        actor=world.secretary,
        person=person,
        kind=TransferKind.OUT,
        external_org="中共上海市浦东新区委组织部",
        started_on=D,
    )
    services.transfer_receipt(actor=world.secretary, transfer=t, receipt_on=dt.date(2024, 3, 20))
    m = Membership.objects.get(person=person)
    assert m.status == MembershipStatus.TRANSFERRED_OUT and m.left_on == dt.date(2024, 3, 20)
    world.member.refresh_from_db()
    assert world.member.is_active is False
    assert membership_as_of(person, dt.date(2024, 3, 19)).status == MembershipStatus.FULL
    assert membership_as_of(person, dt.date(2024, 3, 20)).status == MembershipStatus.TRANSFERRED_OUT


def test_the_receipt_is_for_letters_only(world):
    t = start(world)
    with pytest.raises(Forbidden):
        services.transfer_receipt(actor=world.secretary, transfer=t, receipt_on=D)


def test_registering_a_member_from_outside_the_system(world):
    t = services.transfer_register_in(
        actor=world.unit_staff,
        organization=world.a2,
        name="钱八",
        id_number=synthetic(dt.date(1980, 1, 2), "M", 9),
        status=MembershipStatus.FULL,
        admitted_on=dt.date(2005, 6, 1),
        full_on=dt.date(2006, 6, 1),
        external_org="中共吉林省长春市委组织部",
        letter_no="吉2024-12",
        on=D,
    )
    assert t.kind == TransferKind.IN and t.status == TransferStatus.COMPLETED
    assert _as_of(t.person, D - dt.timedelta(days=1)) is None
    assert membership_as_of(t.person, D).organization == world.a2


def test_registering_from_outside_refuses_a_non_member(world):
    with pytest.raises(ApplicationError) as e:
        services.transfer_register_in(
            actor=world.unit_staff,
            organization=world.a2,
            name="钱八",
            id_number=synthetic(dt.date(1980, 1, 2), "M", 9),
            status=MembershipStatus.APPLICANT,
            admitted_on=dt.date(2005, 6, 1),
            external_org="外省",
        )
    assert e.value.field == "status"
    assert not Person.objects.filter(name="钱八").exists()


def test_due_dates_the_deadline_day_is_in_time(world):
    t = start(world, started_on=dt.date(2024, 1, 31))
    assert t.due_on == dt.date(2024, 2, 29)  # one month later, the month's last day
    from dangjian.transfers.selectors import transfer_list

    assert not transfer_list(actor=world.committee, box="overdue", today=dt.date(2024, 2, 29)).exists()
    assert transfer_list(actor=world.committee, box="overdue", today=dt.date(2024, 3, 1)).get() == t


def test_queues_on_both_sides(world):
    t = start(world)
    from dangjian.transfers.selectors import transfer_list

    assert list(transfer_list(actor=world.secretary, box="outgoing")) == [t]
    assert not transfer_list(actor=world.secretary, box="incoming").exists()
    assert list(transfer_list(actor=world.committee, box="incoming")) == [t]
    assert not transfer_list(actor=world.member, box="incoming").exists()


def test_months_before():
    assert rules.months_before(dt.date(2024, 8, 31), 6) == dt.date(2024, 2, 29)
