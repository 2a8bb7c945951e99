"""The 50-years medal (party age from the full-membership date, 50 years by 1 July of the year,
living members only) and care records (Decimal amounts, totals in 万元)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.care import selectors, services
from dangjian.care.enums import CareKind
from dangjian.care.models import CareRecord, MedalAward
from dangjian.core.errors import ApplicationError
from dangjian.people.enums import MembershipStatus
from dangjian.people.models import Membership
from dangjian.tests.personas import make_person


def veteran(world, full_on, seq=20, status=MembershipStatus.FULL, name="老党员"):
    p = make_person(world.a2, name, seq=seq, birth=dt.date(1940, 1, 1))
    Membership.objects.filter(person=p).update(
        admitted_on=full_on - dt.timedelta(days=365),
        full_on=full_on,
        applied_on=dt.date(1960, 1, 1),
        status=status,
    )
    return p


@pytest.mark.parametrize("full_on, ok", [(dt.date(1973, 7, 1), True), (dt.date(1973, 7, 2), False)])
def test_medal_at_the_1_july_boundary(world, full_on, ok):
    p = veteran(world, full_on)
    eligible = selectors.medal_eligible(actor=world.committee, year=2023)
    assert (p in eligible) is ok
    if ok:
        services.medal_award(actor=world.committee, people=[p], year=2023, awarded_on=dt.date(2023, 6, 20))
        assert MedalAward.objects.get(person=p).unit == p.unit
    else:
        with pytest.raises(ApplicationError) as e:
            services.medal_award(
                actor=world.committee, people=[p], year=2023, awarded_on=dt.date(2023, 6, 20)
            )
        assert (
            "党龄为49年" in e.value.message and "不满50年" in e.value.message and "纪念章" in e.value.message
        )
        assert not MedalAward.objects.exists()


def test_the_cut_off_day_is_configurable(world, settings):
    p = veteran(world, dt.date(1973, 7, 2))
    settings.MEDAL_CUTOFF_MONTH_DAY = (10, 1)
    assert p in selectors.medal_eligible(actor=world.committee, year=2023)


def test_deceased_members_are_not_listed_and_cannot_get_the_medal(world):
    p = veteran(world, dt.date(1960, 1, 1), status=MembershipStatus.DECEASED)
    assert p not in selectors.medal_eligible(actor=world.committee, year=2023, include_awarded=True)
    with pytest.raises(ApplicationError) as e:
        services.medal_award(actor=world.committee, people=[p], year=2023)
    assert "健在" in e.value.message


def test_awarding_is_all_or_nothing_and_once_per_person(world):
    good = veteran(world, dt.date(1960, 1, 1), seq=21, name="甲")
    young = veteran(world, dt.date(1990, 1, 1), seq=22, name="乙")
    with pytest.raises(ApplicationError):
        services.medal_award(actor=world.committee, people=[good, young], year=2023)
    assert not MedalAward.objects.exists()
    services.medal_award(actor=world.committee, people=[good], year=2023)
    with pytest.raises(ApplicationError) as e:
        services.medal_award(actor=world.committee, people=[good], year=2024)
    assert "不能重复颁发" in e.value.message
    assert good not in selectors.medal_eligible(actor=world.committee, year=2024)


def test_the_eligible_list_is_scoped(world):
    veteran(world, dt.date(1960, 1, 1))  # in a2
    assert not selectors.medal_eligible(actor=world.secretary, year=2023).exists()  # a1 only
    assert selectors.medal_eligible(actor=world.unit_staff, year=2023).count() == 1


def test_care_amounts_are_decimal_and_totals_in_wan_yuan(world):
    services.care_record(
        actor=world.unit_staff,
        kind=CareKind.CONDOLENCE,
        organization=world.a1,
        on=dt.date(2024, 1, 20),
        reason="春节慰问",
        amount="1234.56",
        recipient="张三",
    )
    services.care_record(
        actor=world.unit_staff,
        kind=CareKind.CONDOLENCE,
        organization=world.a2,
        on=dt.date(2024, 2, 1),
        reason="住院慰问",
        amount=Decimal("20000"),
        recipient="王五",
    )
    services.care_record(
        actor=world.unit_staff,
        kind=CareKind.VISIT,
        organization=world.a2,
        on=dt.date(2024, 2, 1),
        reason="走访",
        recipient="王五",
    )
    t = selectors.care_totals(actor=world.committee, year=2024)
    assert t["condolence"] == Decimal("21234.56") and t["condolence_wan"] == Decimal("2.1235")
    assert t["units"][0]["n"] == 3  # one unit (省财政厅)
    assert not selectors.care_totals(actor=world.member, year=2024)["units"]


@pytest.mark.parametrize(
    "amount, kind", [("-1", CareKind.CONDOLENCE), ("abc", CareKind.CONDOLENCE), ("0", CareKind.CONDOLENCE)]
)
def test_bad_care_amounts_are_refused(world, amount, kind):
    with pytest.raises(ApplicationError) as e:
        services.care_record(
            actor=world.unit_staff,
            kind=kind,
            organization=world.a1,
            on=dt.date(2024, 1, 20),
            reason="慰问",
            amount=amount,
            recipient="张三",
        )
    assert e.value.field == "amount"
    assert not CareRecord.objects.exists()


def test_pages_and_exports(world, login):
    veteran(world, dt.date(1960, 1, 1))
    c = login(world.committee)
    assert "老党员" in c.get("/care/medals/?year=2023").content.decode()
    r = c.get("/care/medals/?year=2023&format=xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = c.get("/care/medals/?year=2023&format=docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert c.get("/care/?year=2023").status_code == 200
    assert c.get("/care/?year=2023&format=xlsx").content[:2] == b"PK"
    c = login(world.secretary)
    assert "老党员" not in c.get("/care/medals/?year=2023").content.decode()


def test_the_api_refuses_a_medal_at_49_years(world, client):
    from dangjian.tests.api import auth, is_chinese_error, send

    p = veteran(world, dt.date(1975, 3, 1))
    r = send(client, "post", "/api/v1/medals", {"year": 2024, "person_ids": [p.pk]}, auth(world.committee))
    assert "不满50年" in is_chinese_error(r, 400)["message"]
    assert not MedalAward.objects.exists()
    r = client.get("/api/v1/medals/eligible?year=2025", headers=auth(world.committee))
    assert r.json()["count"] == 1
    r = send(client, "post", "/api/v1/medals", {"year": 2025, "person_ids": [p.pk]}, auth(world.committee))
    assert r.status_code == 201
    r = send(client, "post", "/api/v1/medals", {"year": 2025, "person_ids": [p.pk]}, auth(world.secretary))
    assert r.status_code == 404  # a2 is outside the secretary's branch
