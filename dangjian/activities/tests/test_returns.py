"""Unit returns (填报): asked units file once; a second filing or a unit not asked is refused with
nothing written; the committee sees who has not answered and the total; pages, API and export."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from dangjian.activities import errors, selectors, services
from dangjian.activities.models import UnitReturnEntry
from dangjian.core.errors import ApplicationError
from dangjian.organizations.models import Unit
from dangjian.tests.api import auth, send


@pytest.fixture
def ret(world):
    return services.unit_return_create(
        actor=world.committee,
        title="组织观看《清风传家故事会》专题片",
        measure="观看人次",
        organization=world.root,
        year=2023,
        due_on=dt.date(2023, 6, 30),
        units=[world.unit_a, world.unit_b],
    )


def test_each_asked_unit_files_once_and_the_total_and_the_missing_are_shown(world, ret, login):
    services.unit_return_file(
        actor=world.unit_staff, unit_return=ret, unit=world.unit_a, value=120, note="两场"
    )
    with pytest.raises(ApplicationError) as e:
        services.unit_return_file(actor=world.committee, unit_return=ret, unit=world.unit_a, value=5)
    assert e.value.message == errors.ERR_RETURN_FILED_TWICE.format(unit="省财政厅", value=120)
    assert selectors.unit_return_total(ret) == {"total": 120, "answered": 1, "asked": 2, "missing": 1}
    page = login(world.committee).get(f"/activities/returns/{ret.pk}/").content.decode()
    assert 'id="return-total">120<' in page and "未填报：省教育厅" in page


def test_a_unit_not_asked_is_refused_and_nothing_is_written(world, ret):
    other = Unit.objects.create(name="省交通厅", sort_order=3)
    with pytest.raises(ApplicationError) as e:
        services.unit_return_file(actor=world.committee, unit_return=ret, unit=other, value=3)
    assert e.value.message == errors.ERR_RETURN_NOT_ASKED.format(unit="省交通厅")
    assert not UnitReturnEntry.objects.exists()


def test_a_unit_files_only_for_itself(world, ret):
    with pytest.raises(ApplicationError, match="您不能代“省教育厅”填报"):
        services.unit_return_file(actor=world.unit_staff, unit_return=ret, unit=world.unit_b, value=3)
    with pytest.raises(ApplicationError, match=errors.ERR_RETURN_VALUE):
        services.unit_return_file(actor=world.unit_staff, unit_return=ret, unit=world.unit_a, value=-1)
    assert not UnitReturnEntry.objects.exists()


def test_filing_from_the_page_and_twice_from_the_page(world, ret, login):
    c = login(world.unit_staff)
    r = c.post(f"/activities/returns/{ret.pk}/file/", {"unit": world.unit_a.pk, "value": "30", "note": ""})
    assert r.status_code == 302
    r = c.post(f"/activities/returns/{ret.pk}/file/", {"unit": world.unit_a.pk, "value": "31", "note": ""})
    assert r.status_code == 400 and "已填报过本事项（30）" in r.content.decode()
    assert UnitReturnEntry.objects.get().value == 30
    # The unit sees its own row, not the other unit's.
    page = c.get(f"/activities/returns/{ret.pk}/").content.decode()
    assert "省财政厅" in page and "省教育厅" not in page


def test_creating_a_return_from_the_page_needs_units(world, login):
    c = login(world.committee)
    data = {
        "organization": world.root.pk,
        "title": "发放读本",
        "measure": "份数",
        "year": 2023,
        "due_on": "2023-03-01",
    }
    r = c.post("/activities/returns/new/", data)
    assert r.status_code == 400 and "请选择须填报的单位。" in r.content.decode()
    r = c.post("/activities/returns/new/", data | {"units": [world.unit_a.pk]})
    assert r.status_code == 302


def test_the_export_lists_every_unit_and_the_total(world, ret, login):
    services.unit_return_file(actor=world.committee, unit_return=ret, unit=world.unit_b, value=7)
    r = login(world.committee).get(f"/activities/returns/{ret.pk}/export.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows(min_row=3, values_only=True))
    assert [row[:2] for row in rows] == [("省财政厅", None), ("省教育厅", 7), ("合计", 7)]


def test_the_api_files_and_refuses_twice(world, ret, client):
    h = auth(world.unit_staff)
    r = send(
        client, "post", f"/api/v1/unit-returns/{ret.pk}/entries", {"unit_id": world.unit_a.pk, "value": 9}, h
    )
    assert r.status_code == 201
    r = send(
        client, "post", f"/api/v1/unit-returns/{ret.pk}/entries", {"unit_id": world.unit_a.pk, "value": 9}, h
    )
    assert r.status_code == 400 and "不能重复填报" in r.json()["message"]
    d = client.get(f"/api/v1/unit-returns/{ret.pk}", headers=auth(world.committee)).json()
    assert (d["total"], d["missing"]) == (9, 1)
