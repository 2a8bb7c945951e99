"""The development chart of 统计图表: the year's development step by step; equal to a plain count
(the approvals and conversions are the report's new_members and conversions), each bar listing
exactly its records, within the viewer's scope."""

import datetime as dt

from dangjian.core.metrics import REGISTRY, Period, scope_for_org
from dangjian.development.enums import Stage
from dangjian.development.models import Applicant
from dangjian.people.enums import MembershipStatus
from dangjian.tests.charts import chart_option, record_rows
from dangjian.tests.personas import make_person

YEAR = 2023
D = dt.date


def _applicant(world, name, org, seq, **dates):
    person = make_person(world, name, org=org, seq=seq, status=MembershipStatus.APPLICANT)
    stage = Stage.FULL if dates.get("full_on") else Stage.APPLIED
    return Applicant.objects.create(person=person, organization=org, stage=stage, **dates)


def _data(world):
    _applicant(world, "申一", world.a1, 11, applied_on=D(2023, 2, 1))
    _applicant(world, "申二", world.b1, 12, applied_on=D(2023, 3, 1), activist_on=D(2023, 6, 1))
    _applicant(world, "积一", world.a2, 13, applied_on=D(2022, 3, 1), activist_on=D(2023, 4, 1))
    _applicant(
        world,
        "发一",
        world.a1,
        14,
        applied_on=D(2021, 3, 1),
        activist_on=D(2022, 4, 1),
        candidate_on=D(2023, 5, 1),
        approved_on=D(2023, 11, 1),
    )
    _applicant(
        world,
        "转一",
        world.a3,
        15,
        applied_on=D(2020, 3, 1),
        activist_on=D(2020, 9, 1),
        candidate_on=D(2021, 9, 1),
        approved_on=D(2022, 6, 1),
        full_on=D(2023, 6, 1),
        conversion_approved_on=D(2023, 6, 20),
    )
    _applicant(
        world, "待批", world.b1, 16, applied_on=D(2019, 3, 1), activist_on=D(2019, 9, 1),
        candidate_on=D(2020, 9, 1), approved_on=D(2021, 6, 1), full_on=D(2023, 6, 1),
    )  # fmt: skip


FIELDS = ["applied_on", "activist_on", "candidate_on", "approved_on", "full_on"]


def _recount(path=""):
    out = []
    for field in FIELDS:
        qs = Applicant.objects.filter(**{f"{field}__year": YEAR}, organization__path__startswith=path)
        if field == "full_on":
            qs = qs.filter(conversion_approved_on__isnull=False)
        out.append(qs.count())
    return out


def test_each_step_equals_a_plain_count_and_its_bar_lists_the_records(world, login):
    _data(world)
    client = login(world.committee)
    option = chart_option(client, "development_steps", year=YEAR)
    assert option["values"] == _recount() == [2, 2, 1, 1, 1]
    names = [sorted(r.split()[0] for r in record_rows(client, link)) for link in option["links"]]
    assert names == [["申一", "申二"], ["申二", "积一"], ["发一"], ["发一"], ["转一"]]
    period = Period.year(YEAR)
    scope = scope_for_org(world.root)
    assert option["values"][3] == REGISTRY["new_members"].compute(scope, period).value
    assert option["values"][4] == REGISTRY["conversions"].compute(scope, period).value


def test_a_units_viewer_gets_its_subtree_only(world, login):
    _data(world)
    client = login(world.unit_staff)
    option = chart_option(client, "development_steps", year=YEAR)
    assert option["values"] == _recount(world.oc_a.path) == [1, 1, 1, 1, 1]
    assert [r.split()[0] for r in record_rows(client, option["links"][0])] == ["申一"]
    assert (
        client.get(f"/reports/charts/development_steps/applied/?year={YEAR}&org={world.oc_b.pk}").status_code
        == 404
    )
