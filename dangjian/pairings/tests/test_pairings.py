"""Liaison pairings: the registry with checked credit codes, pairings, the year's distinct counts,
the registry and pairings imports (dry run, row errors, all or nothing, scope), and scope."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core import creditcode
from dangjian.core.areas import Area
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.metrics import Period, ReportScope
from dangjian.pairings import errors, metrics, services
from dangjian.pairings.imports import PAIRING_IMPORT, REGISTRY_IMPORT
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


# --- the pairings import ---------------------------------------------------------------------------

PAIRING_HEADERS = [
    "选派单位",
    "对接类型",
    "园区或企业名称",
    "统一社会信用代码",
    "对接开始",
    "选派干部",
    "走访次数",
    "解决问题数",
]


def _pairing_rows(world, park):
    e = enterprise(world, 1)
    return e, [
        ["省财政厅", "企业", "企业1", e.credit_code.lower(), "2023-03-01", "张三、王五", "6", "2"],
        ["省财政厅", "园区", park.name, "", "2023-04-01", "", "", ""],
    ]


def test_the_pairings_dry_run_writes_nothing(world, park):
    _e, rows = _pairing_rows(world, park)
    job = PAIRING_IMPORT.submit(
        actor=world.unit_staff, data=workbook("对接关系", PAIRING_HEADERS, rows), filename="t.xlsx"
    )
    job.refresh_from_db()
    assert job.result["error_count"] == 0 and job.result["create"] == 2
    assert not Pairing.objects.exists()


def test_a_good_pairings_file_imports_every_row(world, park):
    e, rows = _pairing_rows(world, park)
    job, commit = run_import(PAIRING_IMPORT, world.unit_staff, workbook("对接关系", PAIRING_HEADERS, rows))
    assert commit is not None and commit.result["created"] == 2
    by_partner = {p.partner.name: p for p in Pairing.objects.all()}
    first = by_partner["企业1"]
    assert (
        first.enterprise == e
        and first.unit == world.unit_a
        and (first.visits, first.problems_solved) == (6, 2)
    )
    assert sorted(c.name for c in first.cadres.all()) == ["张三", "王五"]
    assert by_partner[park.name].park == park


def test_a_wrong_check_character_refuses_the_whole_pairings_file_naming_the_row(world, park):
    _e, rows = _pairing_rows(world, park)
    wrong = CODE[:17] + ("0" if CODE[17] != "0" else "1")
    rows.append(["省财政厅", "企业", "", wrong, "2023-03-01", "", "", ""])
    job, commit = run_import(PAIRING_IMPORT, world.unit_staff, workbook("对接关系", PAIRING_HEADERS, rows))
    assert commit is None
    errs = job.result["errors"]
    assert [(x["row"], x["column"]) for x in errs] == [(4, "统一社会信用代码")]
    assert "校验位错误" in errs[0]["reason"]
    assert not Pairing.objects.exists()


def test_pairings_rows_the_registry_or_the_service_refuse_are_named(world, park):
    e, e2 = enterprise(world, 1), enterprise(world, 2)
    services.pairing_create(actor=world.committee, unit=world.unit_a, started_on=D, park=park)
    unknown = creditcode.synthetic("210100", 9)
    rows = [
        ["省财政厅", "企业", "", unknown, "2023-03-01", "", "", ""],  # not in the registry
        ["省财政厅", "企业", "别的名字", e.credit_code, "2023-03-01", "", "", ""],  # name differs
        ["省财政厅", "园区", park.name, "", "2023-03-01", "", "", ""],  # already paired
        ["省财政厅", "企业", "", e.credit_code, "2023-03-01", "孙七", "", ""],  # cadre of another unit
        ["省财政厅", "企业", "", e2.credit_code, "2023-03-01", "", "-1", ""],  # negative visits
        ["省财政厅", "企业", "", e2.credit_code, "2023-03-01", "", "", ""],  # twice in the file
    ]
    job, commit = run_import(PAIRING_IMPORT, world.unit_staff, workbook("对接关系", PAIRING_HEADERS, rows))
    assert commit is None
    assert [(x["row"], x["column"]) for x in job.result["errors"]] == [
        (2, "统一社会信用代码"),
        (3, "园区或企业名称"),
        (4, "园区或企业名称"),
        (5, "选派干部"),
        (6, "走访次数"),
        (7, "园区或企业名称"),
    ]
    assert "第6行" in job.result["errors"][-1]["reason"]
    assert Pairing.objects.count() == 1


def test_a_unit_imports_pairings_only_for_units_in_its_scope(world, park):
    rows = [
        ["省教育厅", "园区", park.name, "", "2023-03-01", "", "", ""],
        ["省财政厅", "园区", park.name, "", "2023-03-01", "", "", ""],
    ]
    job, commit = run_import(PAIRING_IMPORT, world.unit_staff, workbook("对接关系", PAIRING_HEADERS, rows))
    assert commit is None
    errs = job.result["errors"]
    assert [(x["row"], x["column"]) for x in errs] == [(2, "选派单位")]
    assert "不在您的管理范围内" in errs[0]["reason"]
    # a branch secretary writes a branch, not the unit's committee the pairing is filed under
    job, commit = run_import(PAIRING_IMPORT, world.secretary, workbook("对接关系", PAIRING_HEADERS, rows[1:]))
    assert commit is None and [(x["row"], x["column"]) for x in job.result["errors"]] == [(2, "选派单位")]
    with pytest.raises(Forbidden):
        PAIRING_IMPORT.submit(
            actor=world.member, data=workbook("对接关系", PAIRING_HEADERS, rows), filename="t"
        )
    assert not Pairing.objects.exists()


def test_the_pairings_import_pages_and_template_open(world, login):
    client = login(world.unit_staff)
    assert client.get("/pairings/import/").status_code == 200
    r = client.get("/pairings/import/template.xlsx")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert [c.value for c in wb["对接关系"][1]][:4] == [
        "选派单位",
        "对接类型",
        "园区或企业名称",
        "统一社会信用代码",
    ]
    assert "说明" in wb.sheetnames
    assert "/pairings/import/" in client.get("/pairings/").content.decode()
    assert login(world.member).get("/pairings/import/").status_code in (403, 404)


def test_the_pairings_import_api_runs_the_dry_run(world, park, client):
    _e, rows = _pairing_rows(world, park)
    data = workbook("对接关系", PAIRING_HEADERS, rows)
    r = client.post(
        "/api/v1/imports/pairings",
        {"file": SimpleUploadedFile("t.xlsx", data)},
        headers=auth(world.unit_staff),
    )
    assert r.status_code == 202 and not Pairing.objects.exists()
    r = client.post(f"/api/v1/imports/pairings/{r.json()['id']}/commit", headers=auth(world.unit_staff))
    assert r.status_code == 202 and Pairing.objects.count() == 2
