"""Cadence compliance (cadence.compliance / overdue): the edge rules of months, quarters, years,
organisations founded or dissolved during the year, statuses and time zones."""

import datetime as dt

import pytest
from django.utils import timezone

from dangjian.meetings import cadence
from dangjian.meetings.enums import CadencePeriod, MeetingKind, MeetingStatus
from dangjian.meetings.models import CadenceRule, Meeting

pytestmark = pytest.mark.usefixtures("committees")

K = MeetingKind
YEAR = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
TODAY = dt.date(2024, 6, 15)


def at(y, m, d, h=9, minute=0):
    return timezone.make_aware(dt.datetime(y, m, d, h, minute))


def held(org, kind, when, status=MeetingStatus.HELD):
    return Meeting.objects.create(
        organization=org, root=org.root, kind=kind, status=status, title=f"{kind}", held_at=when
    )


def cell(result, org, kind):
    row = next(r for r in result.rows if r.id == org.id)
    return row.cells.get(kind)


def run(world, org=None, start=YEAR[0], end=YEAR[1], today=TODAY, **kw):
    return cadence.compliance(org_path=(org or world.root).path, start=start, end=end, today=today, **kw)


def test_the_default_rules_are_seeded_with_their_sources(db):
    rules = {r.kind: r for r in CadenceRule.objects.all()}
    assert rules[K.COMMITTEE_MEETING].period == CadencePeriod.MONTH
    assert rules[K.GENERAL_MEETING].period == CadencePeriod.QUARTER
    assert rules[K.GROUP_MEETING].holder == "party_group"
    assert rules[K.LECTURE].confidence == "local practice"
    assert all(r.source for r in rules.values())


def test_a_month_without_a_committee_meeting_is_missing(world):
    for month in range(1, 13):
        if month != 3:
            held(world.a1, K.COMMITTEE_MEETING, at(2023, month, 10))
    c = cell(run(world), world.a1, K.COMMITTEE_MEETING)
    assert (c.required, c.met) == (12, 11)
    assert [s.key for s in c.missing] == ["2023-03"]
    assert not c.ok


def test_the_general_meeting_is_judged_per_quarter(world):
    held(world.a1, K.GENERAL_MEETING, at(2023, 2, 1))
    held(world.a1, K.GENERAL_MEETING, at(2023, 3, 30))  # a second one in Q1 does not cover Q3
    held(world.a1, K.GENERAL_MEETING, at(2023, 6, 30))
    held(world.a1, K.GENERAL_MEETING, at(2023, 10, 1))
    c = cell(run(world), world.a1, K.GENERAL_MEETING)
    assert (c.required, c.met) == (4, 3)
    assert [s.label for s in c.missing] == ["2023年第3季度"]


def test_a_branch_founded_mid_month_is_judged_from_its_first_full_period(world):
    world.a2.established_on = dt.date(2023, 5, 10)
    world.a2.save()
    result = run(world)
    committee = cell(result, world.a2, K.COMMITTEE_MEETING)
    assert committee.required == 7  # June..December; May was only partly lived
    assert committee.missing[0].key == "2023-06"
    assert cell(result, world.a2, K.GENERAL_MEETING).required == 2  # Q3, Q4
    assert not cell(result, world.a2, K.REVIEW_MEETING).judged  # the year was not lived whole


def test_a_branch_founded_on_the_first_of_a_month_is_judged_for_that_month(world):
    world.a2.established_on = dt.date(2023, 4, 1)
    world.a2.save()
    result = run(world)
    assert cell(result, world.a2, K.COMMITTEE_MEETING).required == 9
    assert cell(result, world.a2, K.GENERAL_MEETING).required == 3


def test_a_branch_founded_after_the_period_is_not_listed(world):
    world.a2.established_on = dt.date(2024, 2, 1)
    world.a2.save()
    assert world.a2.id not in {r.id for r in run(world).rows}


def test_a_dissolved_branch_is_judged_only_for_the_periods_it_existed(world):
    world.a3.dissolved_on = dt.date(2023, 7, 1)
    world.a3.is_active = False
    world.a3.save()
    result = run(world)
    assert cell(result, world.a3, K.COMMITTEE_MEETING).required == 6  # January..June
    assert cell(result, world.a3, K.GENERAL_MEETING).required == 2
    assert not cell(result, world.a3, K.APPRAISAL).judged


def test_a_branch_dissolved_before_the_period_is_not_listed(world):
    world.a3.dissolved_on = dt.date(2022, 12, 1)
    world.a3.is_active = False
    world.a3.save()
    assert world.a3.id not in {r.id for r in run(world).rows}


def test_the_party_group_rule_applies_only_to_party_groups(world):
    for month in range(1, 13):
        held(world.g1, K.GROUP_MEETING, at(2023, month, 5))
    result = run(world)
    group_row = next(r for r in result.rows if r.id == world.g1.id)
    assert set(group_row.cells) == {K.GROUP_MEETING}
    assert group_row.cells[K.GROUP_MEETING].ok
    branch_row = next(r for r in result.rows if r.id == world.a1.id)
    assert K.GROUP_MEETING not in branch_row.cells
    assert {r.kind for r in result.rows} == {"branch", "party_group"}  # no committees or general branches
    assert result.by_kind[K.GROUP_MEETING].orgs == 1


def test_cancelled_and_planned_meetings_do_not_count(world):
    held(world.a1, K.THEMED_DAY, at(2023, 1, 5), status=MeetingStatus.CANCELLED)
    held(world.a1, K.THEMED_DAY, at(2023, 2, 5), status=MeetingStatus.PLANNED)
    held(world.a1, K.THEMED_DAY, at(2023, 3, 5))
    c = cell(run(world), world.a1, K.THEMED_DAY)
    assert c.met == 1
    assert {s.key for s in c.missing} >= {"2023-01", "2023-02"}


def test_a_meeting_late_on_the_last_day_of_a_month_counts_for_that_month_in_local_time(world):
    held(world.a1, K.COMMITTEE_MEETING, at(2023, 3, 31, 23, 30))  # 15:30 UTC
    held(world.a1, K.COMMITTEE_MEETING, at(2023, 5, 1, 0, 30))  # 30 April 16:30 UTC: still May here
    c = cell(run(world), world.a1, K.COMMITTEE_MEETING)
    months = {s.key for s in c.missing}
    assert "2023-03" not in months and "2023-05" not in months
    assert "2023-04" in months


def test_a_meeting_late_on_the_last_day_of_a_quarter_counts_for_that_quarter(world):
    held(world.a1, K.GENERAL_MEETING, at(2023, 12, 31, 23, 30))
    held(world.a1, K.GENERAL_MEETING, at(2023, 1, 1, 0, 10))  # 31 Dec 2022 16:10 UTC: still Q1 2023 here
    c = cell(run(world), world.a1, K.GENERAL_MEETING)
    assert [s.key for s in c.missing] == ["2023-Q2", "2023-Q3"]


def test_periods_that_have_not_ended_are_not_judged(world):
    result = run(world, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31), today=dt.date(2024, 5, 20))
    assert cell(result, world.a1, K.COMMITTEE_MEETING).required == 4  # January..April
    assert cell(result, world.a1, K.GENERAL_MEETING).required == 1  # Q1
    assert not cell(result, world.a1, K.REVIEW_MEETING).judged


def test_a_month_range_judges_only_whole_periods_inside_it(world):
    result = run(world, start=dt.date(2023, 2, 1), end=dt.date(2023, 6, 30))
    assert cell(result, world.a1, K.COMMITTEE_MEETING).required == 5
    assert [s.key for s in result.spans[K.GENERAL_MEETING]] == ["2023-Q2"]  # not Q1: January is outside
    assert run(world, start=dt.date(2023, 2, 1), end=dt.date(2023, 5, 31)).spans[K.GENERAL_MEETING] == []
    assert result.spans[K.REVIEW_MEETING] == []


def test_min_count_and_custom_rules_are_respected(world):
    rule = CadenceRule(kind=K.LECTURE, period=CadencePeriod.YEAR, min_count=2, holder="branch", source="测试")
    held(world.a1, K.LECTURE, at(2023, 3, 1))
    result = run(world, rules=[rule])
    assert [r.kind for r in result.rules] == [K.LECTURE]
    assert not cell(result, world.a1, K.LECTURE).ok
    held(world.a1, K.LECTURE, at(2023, 9, 1))
    assert cell(run(world, rules=[rule]), world.a1, K.LECTURE).ok


def test_an_inactive_rule_is_not_judged(world):
    CadenceRule.objects.filter(kind=K.TALK).update(is_active=False)
    result = run(world)
    assert K.TALK not in result.kinds
    assert K.TALK not in next(r for r in result.rows if r.id == world.a1.id).cells


def test_rates_by_kind_by_unit_and_for_a_subtree(world):
    for month in range(1, 13):
        held(world.a1, K.COMMITTEE_MEETING, at(2023, month, 3))
    for month in range(1, 7):
        held(world.b1, K.COMMITTEE_MEETING, at(2023, month, 3))
    result = run(world)
    rate = result.by_kind[K.COMMITTEE_MEETING]
    assert (rate.required, rate.met, rate.orgs, rate.orgs_ok) == (48, 18, 4, 1)  # a1, a2, a3, b1
    assert rate.rate == 18 / 48 and rate.org_rate == 0.25 and rate.percent == 37.5
    units = {u.name: u.by_kind[K.COMMITTEE_MEETING] for u in result.by_unit}
    assert units["省教育厅"].rate == 0.5
    assert (result.total.orgs, result.total.orgs_ok) == (5, 0)  # a1, a2, a3, b1 and the party group g1
    assert cadence.compliance_rates(world.oc_b.path, *YEAR, today=TODAY)[K.COMMITTEE_MEETING] == 0.5
    assert (
        cadence.compliance_rates(world.oc_b.path, *YEAR, basis="orgs", today=TODAY)[K.COMMITTEE_MEETING]
        == 0.0
    )
    [chart] = result.unit_charts(links={})
    assert chart["categories"] == ["省财政厅", "省教育厅"] and len(chart["values"]) == 2


def test_the_whole_tree_is_the_empty_path(world):
    held(world.b1, K.COMMITTEE_MEETING, at(2023, 1, 3))
    everything = cadence.compliance(
        org_path="", start=dt.date(2023, 1, 1), end=dt.date(2023, 1, 31), today=TODAY
    )
    assert {world.a1.id, world.b1.id} <= {r.id for r in everything.rows}
    assert cell(everything, world.b1, K.COMMITTEE_MEETING).ok


def test_compliance_takes_three_queries_whatever_the_size(world, django_assert_num_queries):
    held(world.a1, K.COMMITTEE_MEETING, at(2023, 1, 3))
    # rules, two probes (does the root's subtree hold every organisation?), organisations, the
    # verdicts (committees a subquery)
    with django_assert_num_queries(5):
        run(world)
    rules = cadence.active_rules()
    with django_assert_num_queries(4):
        run(world, rules=rules)
    with django_assert_num_queries(1):  # the totals: the database sums the same verdicts
        cadence.compliance_totals(org_path="", start=YEAR[0], end=YEAR[1], today=TODAY, rules=rules)
    with django_assert_num_queries(3):  # a subtree: the two probes find organisations outside it
        cadence.compliance_totals(
            org_path=world.oc_a.path, start=YEAR[0], end=YEAR[1], today=TODAY, rules=rules
        )


def _plain_verdict(org, rule, start, end, today):
    """What the module docstring says, counted from the meeting rows one period at a time."""
    judged, missing = 0, []
    for span in cadence.spans(rule.period, start, end, today=today):
        if (org.established_on and org.established_on > span.start) or (
            org.dissolved_on and org.dissolved_on <= span.end
        ):
            continue
        judged += 1
        held_in_span = sum(
            1
            for m in Meeting.objects.filter(organization=org, kind=rule.kind, status=MeetingStatus.HELD)
            if span.start <= timezone.localtime(m.held_at).date() <= span.end
        )
        if held_in_span < rule.min_count:
            missing.append(span.key)
    return judged, judged - len(missing), missing


@pytest.mark.parametrize(
    "start,end",
    [
        YEAR,
        (dt.date(2023, 2, 15), dt.date(2023, 11, 20)),  # partial months at both ends
        (dt.date(2022, 11, 1), dt.date(2024, 3, 31)),  # across years
        (dt.date(2016, 1, 1), dt.date(2024, 5, 31)),  # 100 months: two mask columns per monthly rule
    ],
)
def test_the_verdicts_equal_a_plain_count_of_the_meetings(world, start, end):
    import random

    from dangjian.organizations.models import PartyOrganization

    rng = random.Random(12)
    orgs = [world.a1, world.a2, world.a3, world.b1, world.g1]
    world.a2.established_on = dt.date(2023, 5, 10)  # founded during the year
    world.a3.dissolved_on = dt.date(2023, 9, 1)  # dissolved during it
    world.a3.is_active = False
    for org in (world.a2, world.a3):
        org.save()
    rules = cadence.active_rules()
    next(r for r in rules if r.kind == K.THEMED_DAY).min_count = 2  # a minimum above one
    for org in orgs:
        for _ in range(70):
            when = at(rng.choice([2016, 2022, 2023, 2024]), rng.randint(1, 12), rng.randint(1, 28))
            when += dt.timedelta(hours=rng.choice([0, 14, 15]))  # 23:00-24:00 local: still that day
            status = rng.choice([MeetingStatus.HELD] * 4 + [MeetingStatus.CANCELLED, MeetingStatus.PLANNED])
            held(org, rng.choice(list(K)), when, status=status)
    result = run(world, start=start, end=end, rules=rules)
    checked = 0
    for row in result.rows:
        org = PartyOrganization.objects.get(pk=row.id)
        for rule in rules:
            c = row.cells.get(rule.kind)
            if c is None:
                continue
            assert (c.required, c.met, [s.key for s in c.missing]) == _plain_verdict(
                org, rule, start, end, TODAY
            ), (org.name, rule.kind)
            checked += 1
    assert checked >= 20
    totals = cadence.compliance_totals(org_path="", start=start, end=end, today=TODAY, rules=rules)
    assert totals.by_kind == result.by_kind
    assert any(r.met for r in totals.by_kind.values())
    some = cadence.compliance_totals(
        org_path="", start=start, end=end, today=TODAY, rules=rules, kinds=[K.LECTURE, K.GROUP_MEETING]
    )
    assert some.by_kind == {k: result.by_kind[k] for k in (K.LECTURE, K.GROUP_MEETING)}


def test_the_totals_of_a_subtree_count_only_its_organisations(world):
    held(world.b1, K.COMMITTEE_MEETING, at(2023, 1, 3))
    totals = cadence.compliance_totals(org_path=world.oc_a.path, start=YEAR[0], end=YEAR[1], today=TODAY)
    full = run(world, org=world.oc_a)
    assert totals.by_kind == full.by_kind and totals.by_kind[K.COMMITTEE_MEETING].met == 0
    assert full.total.orgs == 4  # a1, a2, a3 and g1; not b1
    assert totals.by_kind[K.GROUP_MEETING].orgs == 1  # g1


def test_totals_with_no_rules_or_no_organisations_are_empty(world):
    empty = cadence.compliance_totals(org_path="", start=YEAR[0], end=YEAR[1], today=TODAY, rules=[])
    assert empty.by_kind == {}
    none = cadence.compliance_totals(
        org_path=world.root.path + "9999", start=YEAR[0], end=YEAR[1], today=TODAY
    )
    assert none.by_kind and all(r.rate is None and r.orgs == 0 for r in none.by_kind.values())


# --- overdue ------------------------------------------------------------------------------------


def test_overdue_lists_organisations_that_have_not_met_the_running_period(world):
    today = dt.date(2024, 5, 20)
    held(world.a1, K.COMMITTEE_MEETING, at(2024, 5, 2))
    held(world.a1, K.COMMITTEE_MEETING, at(2024, 4, 28))
    held(world.a2, K.COMMITTEE_MEETING, at(2024, 4, 28, 10))
    items = cadence.overdue(org_path=world.oc_a.path, today=today)
    committee = {i.org_id: i for i in items if i.kind == K.COMMITTEE_MEETING}
    assert world.a1.id not in committee
    assert committee[world.a2.id].last_held == dt.date(2024, 4, 28)
    assert committee[world.a3.id].last_held is None
    assert committee[world.a2.id].span.key == "2024-05" and committee[world.a2.id].days_left == 11
    assert world.b1.id not in {i.org_id for i in items}
    general = next(i for i in items if i.kind == K.GENERAL_MEETING and i.org_id == world.a1.id)
    assert general.span.key == "2024-Q2"
    assert items == sorted(items, key=lambda i: (i.span.end, i.org_path, i.kind))


def test_overdue_skips_an_organisation_founded_during_the_running_period(world):
    world.a2.established_on = dt.date(2024, 5, 3)
    world.a2.save()
    items = cadence.overdue(org_path=world.oc_a.path, today=dt.date(2024, 5, 20))
    assert world.a2.id not in {i.org_id for i in items}
    assert world.a3.id in {i.org_id for i in items}


@pytest.mark.parametrize(
    ("day", "period", "key", "end"),
    [
        (dt.date(2024, 2, 29), CadencePeriod.MONTH, "2024-02", dt.date(2024, 2, 29)),
        (dt.date(2024, 5, 20), CadencePeriod.QUARTER, "2024-Q2", dt.date(2024, 6, 30)),
        (dt.date(2024, 12, 31), CadencePeriod.QUARTER, "2024-Q4", dt.date(2024, 12, 31)),
        (dt.date(2024, 7, 1), CadencePeriod.YEAR, "2024", dt.date(2024, 12, 31)),
    ],
)
def test_span_of_a_day(day, period, key, end):
    span = cadence.span_of(period, day)
    assert (span.key, span.end) == (key, end)
    assert span.start <= day <= span.end


def test_a_branch_without_a_committee_is_not_judged_for_committee_meetings(world):
    from dangjian.people.models import CadrePost

    CadrePost.objects.filter(organization=world.a2).exclude(post="secretary").delete()
    held(world.a2, K.THEMED_DAY, at(2023, 1, 10))
    result = run(world)
    assert cell(result, world.a2, K.COMMITTEE_MEETING) is None
    assert cell(result, world.a2, K.THEMED_DAY).required == 12
    assert cell(result, world.a1, K.COMMITTEE_MEETING).required == 12


def test_a_percentage_is_rounded_once_from_the_exact_counts():
    rate = cadence.Rate()
    rate.add(1973, 1832)  # 92.854 %: rounding the ratio to 4 places first would show 92.8
    assert rate.percent == 92.9 and rate.rate == 1832 / 1973
    assert cadence.Rate().percent is None
