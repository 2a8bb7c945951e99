"""The data migration that moves the findings recorded before the ledger into it: each becomes a
problem (source 调研) of its unit, and the finding keeps the link."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("villages", "0001_initial")]
AFTER = [("villages", "0003_survey_findings_link_only")]


@pytest.mark.django_db(transaction=True)
def test_findings_recorded_before_become_problems_of_their_units():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Org = old.get_model("organizations", "PartyOrganization")
    Unit = old.get_model("organizations", "Unit")
    unit = Unit.objects.create(name="省财政厅", sort_order=1)
    committee = Unit.objects.create(name="工委机关", sort_order=0)
    root = Org.objects.create(name="工委", kind="working_committee", unit=committee, path="0001", depth=1)
    oc = Org.objects.create(
        name="省财政厅机关党委", kind="organ_committee", unit=unit, path="00010001", depth=2, root=root
    )
    team = old.get_model("villages", "SurveyTeam").objects.create(
        name="第一调研组", organization=root, root=root, started_on=dt.date(2023, 4, 1)
    )
    old.get_model("villages", "SurveyFinding").objects.create(
        team=team, area="chaoyang", unit=unit, found_on=dt.date(2023, 5, 31), description="台账不完整"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    finding = new.get_model("villages", "SurveyFinding").objects.get()
    problem = new.get_model("problems", "Problem").objects.get()
    assert finding.problem_id == problem.pk
    assert (problem.source, problem.unit_id, problem.organization_id, problem.raised_by_id) == (
        "survey",
        unit.pk,
        oc.pk,
        root.pk,
    )
    assert problem.description == "台账不完整" and problem.found_on == dt.date(2023, 5, 31)
    assert problem.deadline == dt.date(2023, 8, 31) and problem.status == "assigned"
    assert new.get_model("problems", "ProblemEvent").objects.get(problem_id=problem.pk).transition == "create"
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
