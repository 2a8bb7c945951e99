"""Selections and awards: the committee defines a selection with quotas, units nominate
collectives and people of their subtree, every allowed and refused step, the quota, the result list
and the API."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from python_calamine import CalamineWorkbook

from dangjian.awards import errors, services
from dangjian.awards.enums import NominationStatus, NomineeKind, SelectionKind
from dangjian.awards.models import Nomination, NominationEvent
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.metrics import REGISTRY, Period, ReportScope
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.tests.api import auth, is_chinese_error, send

S = NominationStatus
D = dt.date(2024, 3, 1)


@pytest.fixture
def selection(world):
    return services.selection_create(
        actor=world.committee,
        name="五一劳动奖",
        kind=SelectionKind.LABOUR,
        year=2024,
        collective_quota=1,
        individual_quota=2,
    )


def nominate_branch(world, selection, org=None, actor=None):
    return services.nomination_create(
        actor=actor or world.unit_staff,
        selection=selection,
        nominee_kind=NomineeKind.ORGANIZATION,
        nominee_org=org or world.a1,
        nominated_on=D,
    )


def step(n, name, actor, **kw):
    return services.nomination_step(
        actor=actor, nomination=n, name=name, on=kw.pop("on", D + dt.timedelta(days=10)), **kw
    )


def at(n, state):
    Nomination.objects.filter(pk=n.pk).update(status=state)
    n.refresh_from_db()
    return n


def test_only_the_committee_defines_a_selection_with_a_quota(world):
    with pytest.raises(Forbidden):
        services.selection_create(actor=world.unit_staff, name="x", year=2024, collective_quota=1)
    with pytest.raises(ApplicationError) as e:
        services.selection_create(actor=world.committee, name="x", year=2024)
    assert e.value.message == errors.ERR_QUOTAS


def test_units_nominate_collectives_offices_and_people_of_their_subtree(world, selection):
    n = nominate_branch(world, selection)
    assert n.is_collective and n.organization == world.a1 and n.status == S.NOMINATED
    office = services.nomination_create(
        actor=world.unit_staff,
        selection=selection,
        nominee_kind=NomineeKind.OFFICE,
        unit=world.unit_a,
        office_name="办公室",
    )
    assert office.name == "省财政厅办公室" and office.organization == world.oc_a
    person = services.nomination_create(
        actor=world.unit_staff,
        selection=selection,
        nominee_kind=NomineeKind.PERSON,
        person=world.people["member_a2"],
    )
    assert not person.is_collective and person.name == "王五"
    with pytest.raises(ApplicationError) as e:
        nominate_branch(world, selection, org=world.b1)
    assert e.value.message == errors.ERR_NOT_IN_SCOPE
    with pytest.raises(ApplicationError) as e:
        nominate_branch(world, selection)
    assert e.value.message == errors.ERR_DUPLICATE.format(name=world.a1.name)
    with pytest.raises(ApplicationError):  # a secretary does not nominate
        nominate_branch(world, selection, org=world.a2, actor=world.secretary)
    assert Nomination.objects.count() == 3


def test_the_whole_way_and_the_year_figures(world, selection):
    n = nominate_branch(world, selection)
    step(n, "recommend", world.committee, on=dt.date(2024, 3, 10))
    step(n, "decide", world.committee, on=dt.date(2024, 4, 10))
    step(n, "award", world.committee, on=dt.date(2024, 4, 28))
    n.refresh_from_db()
    assert (n.status, n.recommended_on, n.decided_on, n.awarded_on) == (
        S.AWARDED,
        dt.date(2024, 3, 10),
        dt.date(2024, 4, 10),
        dt.date(2024, 4, 28),
    )
    assert list(NominationEvent.objects.filter(nomination=n).values_list("transition", flat=True)) == [
        "recommend",
        "decide",
        "award",
    ]
    p = Period.year(2024)
    assert REGISTRY["labour_award_collectives"].compute(ReportScope(), p).value == 1
    assert REGISTRY["labour_award_individuals"].compute(ReportScope(), p).value == 0
    assert REGISTRY["labour_award_collectives"].compute(ReportScope(path=world.oc_b.path), p).value == 0


def test_more_awards_than_the_quota_are_refused_and_nothing_written(world, selection):
    first, second = nominate_branch(world, selection), nominate_branch(world, selection, org=world.a2)
    for n in (first, second):
        step(n, "recommend", world.committee)
    step(first, "decide", world.committee)
    with pytest.raises(ApplicationError) as e:
        step(second, "decide", world.committee)
    assert e.value.message == errors.ERR_QUOTA.format(kind="集体", quota=1, used=1)
    second.refresh_from_db()
    assert (
        second.status == S.RECOMMENDED
        and not NominationEvent.objects.filter(nomination=second, transition="decide").exists()
    )
    step(first, "reject", world.committee, note="复核未通过")  # frees the place
    step(second, "decide", world.committee)
    assert second.status == S.DECIDED


@pytest.mark.parametrize(
    "state,name",
    [
        (S.NOMINATED, "decide"),
        (S.NOMINATED, "award"),
        (S.RECOMMENDED, "recommend"),
        (S.RECOMMENDED, "award"),
        (S.DECIDED, "recommend"),
        (S.AWARDED, "reject"),
        (S.AWARDED, "award"),
        (S.NOT_SELECTED, "recommend"),
    ],
)
def test_a_step_not_allowed_from_the_state_is_refused(world, selection, state, name):
    n = at(nominate_branch(world, selection), state)
    with pytest.raises(ApplicationError) as e:
        step(n, name, world.committee, note="理由")
    assert "不能执行" in e.value.message
    assert Nomination.objects.get(pk=n.pk).status == state
    assert not AuditEvent.objects.filter(action=AuditAction.TRANSITION).exists()


def test_only_the_committee_takes_the_steps_and_rejecting_needs_a_reason(world, selection):
    n = nominate_branch(world, selection)
    with pytest.raises(Forbidden):
        step(n, "recommend", world.unit_staff)
    with pytest.raises(ApplicationError) as e:
        step(n, "reject", world.committee)
    assert e.value.message == errors.ERR_REASON
    assert Nomination.objects.get(pk=n.pk).status == S.NOMINATED


def test_pages_and_the_result_list(world, selection, login):
    c = login(world.unit_staff)
    r = c.post(f"/awards/{selection.pk}/", {"nominee_kind": "organization", "nominee_org": world.a1.pk})
    assert r.status_code == 302, r.content.decode()[-2000:]
    n = Nomination.objects.get()
    c = login(world.committee)
    assert world.a1.name in c.get(f"/awards/{selection.pk}/").content.decode()
    assert "推荐" in c.get(f"/awards/nominations/{n.pk}/").content.decode()
    c.post(f"/awards/nominations/{n.pk}/step/", {"transition": "recommend"})
    assert Nomination.objects.get().status == S.RECOMMENDED
    r = c.get(f"/awards/{selection.pk}/results.xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(r.content)).get_sheet_by_index(0).to_python()
    assert rows[2][3] == world.a1.name and rows[2][5] == "已推荐"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="awards.selection").exists()
    assert login(world.unit_staff).get("/awards/new/").status_code == 403
    r = login(world.committee).post(
        "/awards/new/",
        {
            "name": "文明单位",
            "kind": "civilized_unit",
            "year": 2024,
            "collective_quota": 13,
            "individual_quota": 0,
        },
    )
    assert r.status_code == 302


def test_the_api_creates_nominates_and_steps(world, client):
    hc = auth(world.committee)
    r = send(
        client,
        "post",
        "/api/v1/selections",
        {"name": "青年五四奖章", "year": 2024, "kind": "youth", "individual_quota": 1},
        hc,
    )
    assert r.status_code == 201, r.content
    sid = r.json()["id"]
    hu = auth(world.unit_staff)
    assert client.get("/api/v1/selections", headers=hu).json()["count"] == 1
    r = send(
        client,
        "post",
        f"/api/v1/selections/{sid}/nominations",
        {"nominee_kind": "person", "person_id": world.people["member_a1"].pk},
        hu,
    )
    assert r.status_code == 201, r.content
    nid = r.json()["id"]
    r = send(
        client,
        "post",
        f"/api/v1/selections/{sid}/nominations",
        {"nominee_kind": "organization", "organization_id": world.a1.pk},
        hu,
    )
    is_chinese_error(r, 400)  # no collective places in this selection
    r = send(
        client,
        "post",
        f"/api/v1/selections/{sid}/nominations",
        {"nominee_kind": "person", "person_id": world.people["member_b1"].pk},
        hu,
    )
    is_chinese_error(r, 404)
    is_chinese_error(send(client, "post", f"/api/v1/nominations/{nid}/steps", {"name": "recommend"}, hu), 403)
    for name in ("recommend", "decide", "award"):
        r = send(client, "post", f"/api/v1/nominations/{nid}/steps", {"name": name}, hc)
        assert r.status_code == 200, r.content
    assert r.json()["status"] == "awarded" and len(r.json()["timeline"]) == 3
    items = client.get(f"/api/v1/selections/{sid}/nominations?status=awarded", headers=hu).json()["items"]
    assert [i["name"] for i in items] == ["张三"]
