"""Liaison pairings: the registry with checked credit codes, pairings, the year's distinct counts,
the registry import (all or nothing), and scope."""

import datetime as dt

import pytest

from dangjian.core import creditcode
from dangjian.core.areas import Area
from dangjian.core.errors import ApplicationError
from dangjian.core.metrics import Period, ReportScope
from dangjian.pairings import errors, metrics, services
from dangjian.pairings.imports import REGISTRY_IMPORT
from dangjian.pairings.models import Enterprise, Pairing, Park
from dangjian.tests.api import auth, is_chinese_error, send
from dangjian.tests.registry_helpers import run_import, workbook

D = dt.date(2023, 3, 1)
CODE = creditcode.synthetic("210100", 1)
HEADERS = ["类型", "名称", "统一社会信用代码", "所在地区", "所在园区"]


@pytest.fixture
def park(world):
    return services.park_create(actor=world.committee, name="沈阳经济技术开发区", area=Area.SHENYANG)


def enterprise(world, n=1, **kw):
    return services.enterprise_create(
        actor=world.committee,
        name=f"企业{n}",
        credit_code=creditcode.synthetic("210100", n),
        area="shenyang",
        **kw,
    )


def test_an_enterprise_with_a_wrong_check_character_is_refused_naming_the_field(world):
    wrong = CODE[:17] + ("0" if CODE[17] != "0" else "1")
    with pytest.raises(ApplicationError) as e:
        services.enterprise_create(actor=world.committee, name="某公司", credit_code=wrong, area="shenyang")
    assert e.value.field == "credit_code" and "校验位错误" in e.value.message
    assert not Enterprise.objects.exists()


def test_a_credit_code_used_twice_is_refused(world):
    enterprise(world)
    with pytest.raises(ApplicationError) as e:
        services.enterprise_create(
            actor=world.committee, name="另一家", credit_code=CODE.lower(), area="dalian"
        )
    assert e.value.message == errors.ERR_CODE_EXISTS.format(code=CODE, name="企业1")


def test_a_pairing_needs_exactly_one_partner_and_a_unit_in_scope(world, park):
    e = enterprise(world)
    with pytest.raises(ApplicationError) as err:
        services.pairing_create(
            actor=world.committee, unit=world.unit_a, started_on=D, park=park, enterprise=e
        )
    assert err.value.message == errors.ERR_PARTNER
    with pytest.raises(ApplicationError) as err:
        services.pairing_create(actor=world.unit_staff, unit=world.unit_b, started_on=D, park=park)
    assert err.value.field == "unit"
    with pytest.raises(ApplicationError) as err:
        services.pairing_create(
            actor=world.committee,
            unit=world.unit_a,
            started_on=D,
            park=park,
            cadres=[world.people["member_b1"]],
        )
    assert err.value.field == "cadres" and not Pairing.objects.exists()


def test_negative_visits_are_refused(world, park):
    with pytest.raises(ApplicationError) as err:
        services.pairing_create(actor=world.committee, unit=world.unit_a, started_on=D, park=park, visits=-1)
    assert err.value.field == "visits"


def test_the_years_counts_are_distinct_units_parks_and_enterprises_in_force(world, park):
    e1, e2 = enterprise(world, 1), enterprise(world, 2)
    for unit, kw in [
        (world.unit_a, {"park": park}),
        (world.unit_b, {"park": park}),
        (world.unit_a, {"enterprise": e1}),
    ]:
        services.pairing_create(actor=world.committee, unit=unit, started_on=D, **kw)
    services.pairing_create(  # ended before the year: not counted
        actor=world.committee,
        unit=world.unit_a,
        started_on=dt.date(2021, 1, 1),
        ended_on=dt.date(2022, 6, 1),
        enterprise=e2,
    )
    year = Period.year(2023)
    assert metrics.pairing_units(ReportScope(), year).value == 2
    assert metrics.pairing_parks(ReportScope(), year).value == 1
    assert metrics.pairing_enterprises(ReportScope(), year).value == 1
    assert metrics.pairing_units(ReportScope(path=world.oc_a.path), year).value == 1
    assert metrics.pairing_enterprises(ReportScope(), Period.year(2022)).value == 1


def test_the_registry_import_refuses_a_wrong_check_character_naming_the_row_and_writes_nothing(world):
    good_park = ["园区", "大连高新区", "", "大连市", ""]
    good = ["企业", "大连某公司", creditcode.synthetic("210200", 5), "大连市", "大连高新区"]
    wrong = ["企业", "错码公司", CODE[:17] + ("0" if CODE[17] != "0" else "1"), "沈阳市", ""]
    job, commit = run_import(
        REGISTRY_IMPORT, world.unit_staff, workbook("园区和企业", HEADERS, [good_park, good, wrong])
    )
    assert commit is None
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [(4, "统一社会信用代码")]
    assert not Park.objects.exists() and not Enterprise.objects.exists()
    job, commit = run_import(
        REGISTRY_IMPORT, world.unit_staff, workbook("园区和企业", HEADERS, [good_park, good])
    )
    assert commit is not None and Enterprise.objects.get().park == Park.objects.get()


def test_pairings_are_seen_in_scope_only(world, park, login, client):
    services.pairing_create(actor=world.committee, unit=world.unit_a, started_on=D, park=park)
    b = services.pairing_create(actor=world.committee, unit=world.unit_b, started_on=D, park=park)
    page = login(world.unit_staff).get("/pairings/").content.decode()
    assert "省财政厅" in page and "省教育厅" not in page
    assert client.get(f"/pairings/{b.pk}/").status_code == 404
    r = client.get("/api/v1/pairings", headers=auth(world.unit_staff)).json()
    assert r["count"] == 1


def test_the_api_refuses_a_wrong_code_in_chinese(world, client):
    r = send(
        client,
        "post",
        "/api/v1/enterprises",
        {"name": "某公司", "credit_code": CODE[:17] + ("0" if CODE[17] != "0" else "1"), "area": "shenyang"},
        auth(world.unit_staff),
    )
    assert "统一社会信用代码" in is_chinese_error(r, 400)["message"]
