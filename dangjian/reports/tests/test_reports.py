import datetime as dt
import json

from django.core.management import call_command

from dangjian.core.metrics import REGISTRY, Period, ReportScope, compute_all, scope_for_org
from dangjian.people import services as people_services
from dangjian.people.enums import MembershipStatus


def test_the_annual_report_counts_members_at_year_end_from_records(world):
    values = compute_all(ReportScope(), Period.year(dt.date.today().year))
    assert values["members_full_year_end"] == 4
    assert values["members_probationary_year_end"] == 1
    assert values["orgs_branch"] == 4
    assert values["units"] == 2


def test_a_scope_restricts_every_figure_to_the_subtree(world):
    values = compute_all(scope_for_org(world.oc_a), Period.year(dt.date.today().year))
    assert values["members_year_end"] == 4  # a1 (2), a2, a3
    assert values["orgs_branch"] == 3
    assert values["units"] == 1


def test_a_transfer_moves_the_member_between_subtrees_from_its_date(world):
    person = world.people["member_a2"]
    people_services.membership_transfer(actor=world.committee, person=person, target=world.b1,
                                        on=dt.date(2023, 6, 1))
    end_2022, end_2023 = Period.year(2022), Period.year(2023)
    a_scope, b_scope = scope_for_org(world.oc_a), scope_for_org(world.oc_b)
    assert REGISTRY["members_year_end"].compute(a_scope, end_2022).value == 4
    assert REGISTRY["members_year_end"].compute(a_scope, end_2023).value == 3
    assert REGISTRY["members_year_end"].compute(b_scope, end_2023).value == 2


def test_probation_before_full_membership_counts_as_probationary(world):
    people_services.membership_update(actor=world.committee, person=world.people["other_a1"],
                                      status=MembershipStatus.FULL, full_on=dt.date(2023, 7, 1))
    q = REGISTRY["members_probationary_year_end"]
    assert q.compute(ReportScope(), Period.year(2022)).value == 1
    assert q.compute(ReportScope(), Period.year(2023)).value == 0


def test_the_command_prints_json_for_every_metric(world, capsys):
    call_command("report", "annual", "--year", "2023", "--format", "json")
    out = json.loads(capsys.readouterr().out)
    assert set(out) == set(REGISTRY)
    call_command("report", "annual", "--year", "2023", "--scope", str(world.oc_b.pk))
    assert json.loads(capsys.readouterr().out)["members_year_end"] == 1


def test_the_report_page_links_each_figure_to_its_records(world, login):
    client = login(world.unit_staff)
    page = client.get("/reports/annual/?year=2023").content.decode()
    assert "省财政厅机关党委" in page and 'data-metric="members_year_end"' in page
    detail = client.get("/reports/metrics/members_year_end/?year=2023").content.decode()
    assert "王五" in detail and "孙七" not in detail


def test_the_report_of_another_unit_is_404(world, login):
    client = login(world.unit_staff)
    assert client.get(f"/reports/annual/?year=2023&org={world.oc_b.pk}").status_code == 404
    assert client.get(f"/reports/metrics/members_year_end/?year=2023&org={world.b1.pk}").status_code == 404


def test_a_member_has_no_report(world, login):
    assert login(world.member).get("/reports/annual/").status_code == 404
