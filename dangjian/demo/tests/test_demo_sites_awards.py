"""The sites, awards and complaints stage at a small scale: the records behind the figures are
there, their counts follow the scale, and their dates are consistent."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from dangjian.awards.enums import NominationStatus
from dangjian.awards.models import Nomination
from dangjian.complaints.models import Complaint
from dangjian.core.metrics import REGISTRY, Period, ReportScope
from dangjian.sites.enums import SiteStatus
from dangjian.sites.models import DemoSite
from dangjian.tests.personas import PASSWORD


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setenv("DANGJIAN_DEMO_PASSWORD", PASSWORD)
    call_command("demo", "--year", "2023", "--scale", "0.1", "--seed", "5", stdout=StringIO())


def value(mid: str):
    return REGISTRY[mid].compute(ReportScope(), Period.year(2023)).value


def test_the_figures_are_scaled_counts_of_consistent_records(demo):
    assert (
        value("demo_sites_revoked")
        == round(96 * 0.1)
        == DemoSite.objects.filter(status=SiteStatus.REVOKED).count()
    )
    assert value("demo_sites_selected") == 10 and value("demo_sites_recommended_provincial") == 3
    assert value("civilized_unit_candidates") == 1
    assert (value("labour_award_collectives"), value("labour_award_individuals")) == (1, 1)
    assert value("complaints_received") == Complaint.objects.count() == 6
    # ... and the records are consistent (one build for both: it takes a while).
    for s in DemoSite.objects.all():
        assert s.proposed_on <= (s.named_on or s.proposed_on) <= (s.revoked_on or dt.date(2100, 1, 1))
        if s.provincial_on:
            assert s.status == SiteStatus.NAMED and s.named_on is not None and s.named_on <= s.provincial_on
    assert (
        DemoSite.objects.filter(status__in=[SiteStatus.PROPOSED, SiteStatus.EVALUATING, SiteStatus.NAMED])
        .values("organization")
        .distinct()
        .count()
        == DemoSite.objects.filter(
            status__in=[SiteStatus.PROPOSED, SiteStatus.EVALUATING, SiteStatus.NAMED]
        ).count()
    )
    for n in Nomination.objects.filter(status=NominationStatus.AWARDED):
        steps = [n.nominated_on, n.recommended_on, n.decided_on, n.awarded_on]
        assert all(steps) and steps == sorted(d for d in steps if d) and len(set(steps)) == 4
    for c in Complaint.objects.all():
        assert c.received_on <= (c.handed_over_on or c.received_on) <= (c.closed_on or dt.date(2100, 1, 1))
        assert c.handover_due > c.received_on
