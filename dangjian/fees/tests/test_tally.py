"""The fee tally (fees.tally) is kept by the database: every way a payment is written, moved,
re-dated, re-amounted or deleted changes it in the same transaction, and it always equals a recount
from the payments; the fees collected read from it equal the sum of the payments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum

from dangjian.core import bulk
from dangjian.fees import selectors, services, tally
from dangjian.fees.enums import FeeCategory
from dangjian.fees.models import FeePayment, FeeTally

D = dt.date


def pay(world, org=None, person="member_a1", year=2023, month=3, amount="12.34", paid_on=None):
    org = org or world.a1
    return FeePayment.objects.create(
        person=world.people[person],
        organization=org,
        root=org.root,
        year=year,
        month=month,
        amount=Decimal(amount),
        paid_on=paid_on or D(year, month, 5),
    )


def fen(org, year=2023, paid_year=None) -> dict[int, int]:
    """{month of payment: fen} of the tally row, months with none left out."""
    row = (
        FeeTally.objects.filter(organization=org, year=year, paid_year=paid_year or year)
        .values(*tally.MONTHS)
        .first()
    )
    return {i: n for i, n in enumerate((row or {}).values(), start=1) if n}


def test_a_payment_is_counted_in_fen_in_the_month_it_was_paid(world):
    pay(world, month=3, amount="12.34")
    pay(world, month=4, amount="0.10", paid_on=D(2023, 3, 31))  # paid ahead, in March
    pay(world, month=5, amount="1234567.89")
    assert fen(world.a1) == {3: 1244, 5: 123456789}
    assert tally.differences() == {}


def test_a_back_payment_in_the_next_year_is_a_row_of_its_own(world):
    pay(world, month=12, paid_on=D(2024, 1, 8))
    assert fen(world.a1) == {} and fen(world.a1, paid_year=2024) == {1: 1234}
    assert fen(world.a1, year=2024) == {}


def test_the_service_re_dating_re_amounting_and_moving_change_the_tally(world):
    services.fee_base_declare(
        actor=world.secretary, person=world.people["member_a1"], year=2023, category=FeeCategory.LOW, base="0"
    )
    rows = services.fee_pay(
        actor=world.secretary,
        person=world.people["member_a1"],
        year=2023,
        months=[1, 2],
        paid_on=D(2023, 2, 3),
    )
    assert fen(world.a1) == {2: 40}
    p = rows[0]
    p.paid_on = D(2023, 1, 30)
    p.save()
    assert fen(world.a1) == {1: 20, 2: 20}
    FeePayment.objects.filter(pk=p.pk).update(amount=Decimal("5.55"))
    assert fen(world.a1) == {1: 555, 2: 20}
    FeePayment.objects.filter(pk=p.pk).update(organization=world.b1)  # a raw UPDATE, as a merge would
    assert fen(world.a1) == {2: 20} and fen(world.b1) == {1: 555}
    FeePayment.objects.filter(pk=p.pk).update(year=2024)
    assert fen(world.b1) == {} and fen(world.b1, year=2024, paid_year=2023) == {1: 555}
    assert tally.differences() == {}


def test_saving_a_payment_unchanged_keeps_its_sum(world):
    p = pay(world)
    p.is_back_payment = True
    p.save()
    p.save(update_fields=["is_back_payment"])
    assert fen(world.a1) == {3: 1234}


def test_deleting_takes_the_amount_away(world):
    keep, gone = pay(world, month=3), pay(world, month=4, paid_on=D(2023, 3, 9))
    gone.delete()
    assert fen(world.a1) == {3: 1234}
    FeePayment.objects.filter(pk=keep.pk).delete()
    assert fen(world.a1) == {}
    assert tally.differences() == {}


def test_bulk_writers_are_counted_too(world):
    FeePayment.objects.bulk_create(
        [
            FeePayment(
                person=world.people["member_a2"],
                organization=world.a2,
                root=world.root,
                year=2023,
                month=m,
                amount=Decimal("0.20"),
                paid_on=D(2023, 6, 1),
            )
            for m in (1, 2, 3)
        ]
    )
    ids = bulk.reserve_ids(FeePayment, 2)
    bulk.insert_rows(
        FeePayment,
        [
            {
                "id": i,
                "person_id": world.people["member_b1"].id,
                "organization_id": world.b1.id,
                "root_id": world.root.id,
                "year": 2023,
                "month": m,
                "amount": Decimal("33.30"),
                "paid_on": D(2023, 9, 9),
                "is_back_payment": False,
                "created_at": dt.datetime(2023, 9, 9, tzinfo=dt.UTC),
            }
            for i, m in zip(ids, (8, 9), strict=True)
        ],
    )
    assert fen(world.a2) == {6: 60}
    assert fen(world.b1) == {9: 6660}
    assert tally.differences() == {}


def test_a_rolled_back_write_leaves_no_sum(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        pay(world)
        raise RuntimeError
    assert fen(world.a1) == {}


def test_differences_finds_a_tally_gone_wrong_and_rebuild_mends_it(world):
    pay(world)
    pay(world, org=world.b1, person="member_b1", month=8)
    FeeTally.objects.filter(organization=world.a1).update(m03=5)  # as after a TRUNCATE or a hand edit
    FeeTally.objects.filter(organization=world.b1).delete()
    wrong = tally.differences()
    assert wrong[(world.a1.id, 2023, 2023)][0][2] == 5
    assert wrong[(world.b1.id, 2023, 2023)][1][7] == 1234
    tally.rebuild()
    assert tally.differences() == {}
    assert fen(world.a1) == {3: 1234} and fen(world.b1) == {8: 1234}


def test_the_triggers_exist_on_this_database(db):
    """The migration created them on this vendor (SQLite and PostgreSQL both run this suite)."""
    assert tally.installed()


def test_the_command_reports_a_wrong_tally_and_rebuilds_it(world, capsys):
    pay(world)
    call_command("fee_tally")
    assert "一致" in capsys.readouterr().out
    FeeTally.objects.update(m03=0)
    with pytest.raises(SystemExit):
        call_command("fee_tally")
    assert "1 组" in capsys.readouterr().out
    call_command("fee_tally", "--rebuild")
    assert "现在不一致的组数：0" in capsys.readouterr().out
    assert fen(world.a1) == {3: 1234}


def test_the_command_refuses_to_vouch_for_a_database_without_the_triggers(world, capsys):
    with tally.TALLY.suspended():  # the triggers dropped, and put back with a recount after
        assert not tally.installed()
        with pytest.raises(SystemExit) as exc:
            call_command("fee_tally")
        assert exc.value.code == 2 and "migrate" in capsys.readouterr().out
    assert tally.installed()
    pay(world)
    assert fen(world.a1) == {3: 1234}


@pytest.mark.parametrize(
    "first, last",
    [
        (D(2023, 1, 1), D(2023, 12, 31)),  # the year: twelve whole months
        (D(2023, 3, 1), D(2023, 3, 31)),  # one month
        (D(2023, 3, 6), D(2023, 7, 4)),  # parts of March and July around whole months
        (D(2023, 3, 5), D(2023, 3, 5)),  # one day
        (D(2023, 1, 1), D(2024, 1, 31)),  # into the next calendar year
        (D(2022, 12, 15), D(2023, 2, 10)),
    ],
)
def test_collected_equals_the_sum_of_the_payments_in_the_days(world, first, last):
    pay(world, month=1, amount="0.01", paid_on=D(2022, 12, 20))  # paid ahead in December
    pay(world, month=2, amount="0.10", paid_on=D(2023, 2, 10))
    pay(world, month=3, amount="1.00", paid_on=D(2023, 3, 5))
    pay(world, month=4, amount="10.00", paid_on=D(2023, 3, 6))
    pay(world, month=5, amount="100.00", paid_on=D(2023, 7, 4))
    pay(world, month=6, amount="1000.00", paid_on=D(2023, 7, 5))
    pay(world, month=12, amount="10000.00", paid_on=D(2024, 1, 31))  # back payment
    pay(world, org=world.b1, person="member_b1", amount="0.03")
    pay(world, year=2024, month=1, amount="99999.99", paid_on=D(2023, 3, 5))  # next year's fee
    for path in ("", world.root.path, world.oc_a.path, world.a1.path, world.b1.path, world.a2.path):
        payments = selectors.payments_in(path, first.year).filter(paid_on__gte=first, paid_on__lte=last)
        expected = Decimal(str(payments.aggregate(s=Sum("amount"))["s"] or 0)).quantize(Decimal("0.01"))
        assert selectors.collected(path, first.year, first, last) == expected, path


def test_a_bulk_load_with_the_triggers_suspended_is_recounted_after(world):
    pay(world)
    with tally.suspended():
        assert not tally.installed()
        pay(world, month=4, paid_on=D(2023, 4, 2))
    assert tally.installed()
    assert fen(world.a1) == {3: 1234, 4: 1234}
    pay(world, month=5)  # counted by the triggers again
    assert fen(world.a1) == {3: 1234, 4: 1234, 5: 1234}
    assert tally.differences() == {}
