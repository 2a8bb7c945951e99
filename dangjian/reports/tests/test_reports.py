import datetime as dt
import json
import re

from django.core.management import call_command

from dangjian.core.metrics import REGISTRY, LazyRecords, Period, ReportScope, compute_all, scope_for_org
from dangjian.people import services as people_services
from dangjian.people.enums import MembershipStatus
from dangjian.reports.selectors import SECTION_ORDER


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
    people_services.membership_transfer(
        actor=world.committee, person=person, target=world.b1, on=dt.date(2023, 6, 1)
    )
    end_2022, end_2023 = Period.year(2022), Period.year(2023)
    a_scope, b_scope = scope_for_org(world.oc_a), scope_for_org(world.oc_b)
    assert REGISTRY["members_year_end"].compute(a_scope, end_2022).value == 4
    assert REGISTRY["members_year_end"].compute(a_scope, end_2023).value == 3
    assert REGISTRY["members_year_end"].compute(b_scope, end_2023).value == 2


def test_probation_before_full_membership_counts_as_probationary(world):
    people_services.membership_update(
        actor=world.committee,
        person=world.people["other_a1"],
        status=MembershipStatus.FULL,
        full_on=dt.date(2023, 7, 1),
    )
    q = REGISTRY["members_probationary_year_end"]
    assert q.compute(ReportScope(), Period.year(2022)).value == 1
    assert q.compute(ReportScope(), Period.year(2023)).value == 0


def test_the_command_prints_json_for_every_metric(world, capsys):
    call_command("report", "annual", "--year", "2023", "--format", "json")
    out = json.loads(capsys.readouterr().out)
    meta = out.pop("_meta")
    assert set(out) == set(REGISTRY)
    assert {m["id"] for m in meta["registered"]} == set(REGISTRY)
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


def test_the_table_names_metrics_in_chinese_with_the_id_only_as_a_tooltip(world, login):
    page = login(world.committee).get("/reports/annual/?year=2023").content.decode()
    table = page.split('class="grid metrics"')[1]
    assert "<th>指标编号</th>" not in page and 'title="指标编号：members_year_end"' in page
    assert ">members_year_end<" not in table


def test_each_drill_down_record_links_to_its_page(world, login):
    client = login(world.unit_staff)
    detail = client.get("/reports/metrics/members_year_end/?year=2023").content.decode()
    person = world.people["member_a2"]
    assert f'<a href="/people/persons/{person.pk}/">王五</a>' in detail
    orgs = client.get("/reports/metrics/orgs_branch/?year=2023").content.decode()
    assert f'<a href="/orgs/{world.a1.pk}/">{world.a1.name}</a>' in orgs


def test_a_compliance_rate_drills_down_to_the_organisations_judged(world, login):
    from django.utils import timezone

    from dangjian.meetings.enums import MeetingKind, MeetingStatus
    from dangjian.meetings.models import Meeting

    for month in range(1, 13):
        Meeting.objects.create(
            organization=world.a1,
            root=world.root,
            kind=MeetingKind.THEMED_DAY,
            title="主题党日",
            status=MeetingStatus.HELD,
            held_at=timezone.make_aware(dt.datetime(2023, month, 5, 9)),
        )
    page = (
        login(world.committee)
        .get("/reports/metrics/cadence_compliance_themed_day/?year=2023")
        .content.decode()
    )
    rows = page.split('id="metric-records"')[1].split("</table>")[0].split("<tr>")[2:]
    assert "缺少的期次" in page and len(rows) == 4  # a1, a2, a3, b1
    assert world.a1.name in rows[-1] and "达标" in rows[-1]  # those that missed it first
    assert "未达标" in rows[0] and "2023年1月" in rows[0]


def test_a_drill_down_list_exports_to_xlsx_scoped_and_audited(world, login):
    import io

    import openpyxl

    from dangjian.core.jobs import job_dir
    from dangjian.core.models import AuditAction, AuditEvent, Job

    client = login(world.unit_staff)
    response = client.post("/reports/metrics/members_year_end/export/", {"year": 2023})
    job = Job.objects.get(kind="reports.metric_export")
    assert response.status_code == 302 and job.status == "done", job.message
    ws = openpyxl.load_workbook(io.BytesIO((job_dir(job) / job.result_file).read_bytes())).active
    text = str([[c.value for c in r] for r in ws.iter_rows()])
    assert "王五" in text and "孙七" not in text
    for person in world.people.values():
        assert person.id_masked[:6] + person.id_masked[-4:] not in text  # no ID numbers at all
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="reports.metric")
    assert event.actor == world.unit_staff and event.org_path == world.oc_a.path
    assert (
        client.post(
            "/reports/metrics/members_year_end/export/", {"year": 2023, "org": world.oc_b.pk}
        ).status_code
        == 404
    )
    assert client.post("/reports/metrics/no_such_metric/export/", {"year": 2023}).status_code == 404


def test_coming_back_to_the_report_does_not_compute_every_figure_again(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.committee)
    with CaptureQueriesContext(connection) as first:
        client.get("/reports/annual/?year=2023")
    with CaptureQueriesContext(connection) as again:
        client.get("/reports/annual/?year=2023")
    assert len(again) < len(first) // 2
    people_services.membership_update(
        actor=world.committee,
        person=world.people["other_a1"],
        status=MembershipStatus.FULL,
        full_on=dt.date(2023, 7, 1),
    )
    page = client.get("/reports/annual/?year=2023").content.decode()  # a write: computed afresh
    assert 'data-metric="members_probationary_year_end">0<' in page


def test_the_five_compliance_rates_share_one_sum_and_list_no_organisations(world, monkeypatch):
    from dangjian.meetings import cadence

    calls: dict[str, int] = {"totals": 0, "compliance": 0}
    real_totals, real_compliance = cadence.compliance_totals, cadence.compliance

    def totals(**kw):
        calls["totals"] += 1
        return real_totals(**kw)

    def compliance(**kw):
        calls["compliance"] += 1
        return real_compliance(**kw)

    monkeypatch.setattr(cadence, "compliance_totals", totals)
    monkeypatch.setattr(cadence, "compliance", compliance)
    ids = [m for m in REGISTRY if m.startswith("cadence_compliance_")]
    compute_all(ReportScope(), Period.year(2023), ids=ids)
    assert len(ids) == 5 and calls == {"totals": 1, "compliance": 0}
    records = REGISTRY["cadence_compliance_themed_day"].compute(ReportScope(), Period.year(2023)).queryset
    assert isinstance(records, LazyRecords) and calls["compliance"] == 0  # listed only when looked at
    assert len(records) == records.count() > 0 and calls["compliance"] == 1


def test_the_report_page_orders_its_sections_as_the_summary_does(world, login):
    page = login(world.committee).get("/reports/annual/?year=2023").content.decode()
    headings = re.findall(r"<h2>([^<]+)</h2>", page)
    order = [h for h in SECTION_ORDER if h in headings]
    assert [h for h in headings if h in SECTION_ORDER] == order
    assert {"建设政治机关", "服务中心大局", "凝聚各方力量"} <= set(headings)
    assert "思想教育" not in headings  # one section, named as the summary names it: 突出思想教育
