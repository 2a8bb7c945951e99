"""Party fees: the brackets of 中组发〔2008〕3号 at their bounds, the base fixed for the year, monthly
payments (a month paid once; back-payment up to 6 months), the ledger reconciling."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.core.errors import ApplicationError
from dangjian.fees import rules, selectors, services
from dangjian.fees.enums import FeeCategory
from dangjian.fees.models import FeeBase, FeePayment


@pytest.mark.parametrize(
    "base, fee",
    [
        ("3000", "15.00"),
        ("3000.01", "30.00"),
        ("5000", "50.00"),
        ("5000.01", "75.00"),
        ("10000", "150.00"),
        ("10000.01", "200.00"),
        ("0", "0.00"),
        ("4567.89", "45.68"),
    ],
)
def test_salaried_brackets_each_upper_bound_inclusive(base, fee):
    assert rules.monthly_fee(FeeCategory.SALARIED, base) == Decimal(fee)


@pytest.mark.parametrize("base, fee", [("5000", "25.00"), ("5000.01", "50.00"), ("12000", "120.00")])
def test_retiree_brackets(base, fee):
    assert rules.monthly_fee(FeeCategory.RETIRED, base) == Decimal(fee)


def test_students_and_others_pay_fixed_amounts(settings):
    assert rules.monthly_fee(FeeCategory.LOW, "0") == Decimal("0.20")
    settings.FEE_FARMER_AMOUNT = "1"
    assert rules.monthly_fee(FeeCategory.FARMER, "0") == Decimal("1")
    assert rules.monthly_fee(FeeCategory.EXEMPT, "9000") == Decimal("0.00")


@pytest.mark.parametrize(
    "base, message", [("-1", "不能为负数"), ("abc", "请输入金额数字"), ("NaN", "请输入金额数字")]
)
def test_a_bad_base_is_refused_and_nothing_written(world, base, message):
    with pytest.raises(ApplicationError) as e:
        services.fee_base_declare(
            actor=world.secretary,
            person=world.people["member_a1"],
            year=2024,
            category=FeeCategory.SALARIED,
            base=base,
        )
    assert message in e.value.message and e.value.field == "base"
    assert not FeeBase.objects.exists()


def declare(world, base="4000", person="member_a1"):
    return services.fee_base_declare(
        actor=world.committee,
        person=world.people[person],
        year=2024,
        category=FeeCategory.SALARIED,
        base=base,
        declared_on=dt.date(2024, 1, 5),
    )


def test_the_base_is_fixed_for_the_year(world):
    declare(world)
    with pytest.raises(ApplicationError) as e:
        declare(world, base="9000")
    assert "年初核定" in e.value.message


def test_a_month_already_paid_is_refused(world):
    declare(world)
    p = world.people["member_a1"]
    services.fee_pay(actor=world.secretary, person=p, year=2024, months=[1], paid_on=dt.date(2024, 1, 15))
    with pytest.raises(ApplicationError) as e:
        services.fee_pay(
            actor=world.secretary, person=p, year=2024, months=[2, 1], paid_on=dt.date(2024, 2, 15)
        )
    assert "1月的党费已于2024-01-15交纳" in e.value.message
    assert FeePayment.objects.count() == 1  # February was not written either


def test_back_payment_up_to_six_months(world):
    declare(world)
    p = world.people["member_a1"]
    services.fee_pay(actor=world.secretary, person=p, year=2024, months=[2], paid_on=dt.date(2024, 8, 31))
    assert FeePayment.objects.get(month=2).is_back_payment
    with pytest.raises(ApplicationError) as e:
        services.fee_pay(actor=world.secretary, person=p, year=2024, months=[1], paid_on=dt.date(2024, 8, 1))
    assert "超过6个月" in e.value.message and "第十二条" in e.value.message


def test_paying_ahead_up_to_a_quarter(world):
    declare(world)
    p = world.people["member_a1"]
    services.fee_pay(
        actor=world.secretary, person=p, year=2024, months=[4, 5, 6], paid_on=dt.date(2024, 4, 2)
    )
    with pytest.raises(ApplicationError):
        services.fee_pay(actor=world.secretary, person=p, year=2024, months=[7], paid_on=dt.date(2024, 4, 2))


def test_the_ledger_reconciles(world):
    declare(world)  # 40.00 a month
    declare(world, base="12000", person="member_a2")  # other branch: not in a1's ledger
    p = world.people["member_a1"]
    services.fee_pay(
        actor=world.secretary, person=p, year=2024, months=[1, 2, 3], paid_on=dt.date(2024, 3, 1)
    )
    book = selectors.ledger(world.a1.path, 2024, as_of=dt.date(2024, 5, 20))
    assert [r.base.person for r in book.rows] == [p]
    row = book.rows[0]
    assert row.due == Decimal("200.00") and row.paid == Decimal("120.00") and row.arrears == Decimal("80.00")
    assert row.unpaid_months == [4, 5]
    assert book.reconciles and book.payments_total == Decimal("120.00")
    province = selectors.ledger("", 2024, as_of=dt.date(2024, 5, 20))
    assert province.due == Decimal("200.00") + Decimal("240.00") * 5
    totals = selectors.ledger("", 2024, as_of=dt.date(2024, 5, 20), with_rows=False)
    assert (totals.due, totals.paid, totals.arrears) == (
        province.due,
        Decimal("120.00"),
        province.due - Decimal("120"),
    )
    by_org = {c["name"]: c for c in selectors.ledger_by_branch("", 2024, as_of=dt.date(2024, 5, 20))}
    assert by_org["省财政厅第一党支部"]["arrears"] == Decimal("80.00")
    assert by_org["省财政厅第二党支部"]["due"] == Decimal("1200.00")


def test_publication_once_a_year(world):
    declare(world)
    services.fee_publish(
        actor=world.secretary, organization=world.a1, year=2024, published_on=dt.date(2024, 12, 20)
    )
    with pytest.raises(ApplicationError) as e:
        services.fee_publish(actor=world.secretary, organization=world.a1, year=2024)
    assert "已于2024-12-20公示" in e.value.message


def test_pages_and_export(world, login):
    declare(world)
    c = login(world.secretary)
    page = c.get(f"/fees/?org={world.a1.pk}&year=2024").content.decode()
    assert "张三" in page and "账目核对一致" in page
    assert c.get(f"/fees/?org={world.a1.pk}&year=2024&format=xlsx").content[:2] == b"PK"
    assert c.get(f"/fees/?org={world.b1.pk}&year=2024").status_code == 404
    r = c.post(
        f"/fees/members/{world.people['member_a1'].pk}/?year=2024",
        {"action": "pay", "months": ["1"], "paid_on": "2024-01-10"},
    )
    assert r.status_code == 302 and FeePayment.objects.count() == 1


@pytest.mark.parametrize(
    "base, message", [("-100", "不能为负数"), ("abc", "请输入金额数字"), (-5, "不能为负数")]
)
def test_the_api_refuses_a_bad_base_with_the_rule(world, client, base, message):
    from dangjian.tests.api import auth, is_chinese_error, send

    person = world.people["member_a1"]
    body = {"person_id": person.pk, "year": 2024, "category": "salaried", "base": base}
    r = send(client, "post", "/api/v1/fees/bases", body, auth(world.secretary))
    assert message in is_chinese_error(r, 400)["message"]
    assert not FeeBase.objects.exists()
    body["base"] = "5000"
    r = send(client, "post", "/api/v1/fees/bases", body, auth(world.secretary))
    assert r.status_code == 201 and r.json()["monthly_fee"] in ("50.00", "50.0", 50.0, "50")
    r = send(
        client,
        "post",
        "/api/v1/fees/payments",
        {"person_id": person.pk, "year": 2024, "months": [1]},
        auth(world.secretary),
    )
    assert r.status_code in (201, 400)  # 400 only when today is more than 6 months after January 2024
    ledger = client.get(f"/api/v1/fees/ledger?org_id={world.a1.pk}&year=2024", headers=auth(world.secretary))
    assert ledger.status_code == 200 and ledger.json()["reconciles"] is True


def test_the_collected_figure_is_exact_to_the_fen(world):
    """SQLite sums decimals as floats (0.1 + 0.2 = 0.30000000000000004): the figure is to the fen."""
    from decimal import Decimal

    from dangjian.core.metrics import REGISTRY, Period, scope_for_org

    p = world.people["member_a1"]
    for month, amount in ((1, "0.10"), (2, "0.20"), (3, "1234567.89")):
        FeePayment.objects.create(
            person=p,
            organization=world.a1,
            year=2024,
            month=month,
            amount=Decimal(amount),
            paid_on=dt.date(2024, month, 5),
        )
    value = REGISTRY["fees_collected_yuan"].compute(scope_for_org(world.root), Period.year(2024)).value
    assert value == Decimal("1234568.19") and str(value) == "1234568.19"
