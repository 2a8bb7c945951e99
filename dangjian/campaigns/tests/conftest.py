import datetime as dt

import pytest

from dangjian.activities import services as activity_services
from dangjian.campaigns import services
from dangjian.campaigns.enums import ReportLine

START = dt.date(2023, 3, 1)


@pytest.fixture
def campaign(world):
    """The committee's province-wide campaign, counted as 党员进社区."""
    c = activity_services.campaign_create(
        actor=world.committee,
        name="三年新突破 振兴当先锋",
        organization=world.root,
        first_day=START,
        last_day=dt.date(2025, 12, 31),
    )
    services.report_line_set(actor=world.committee, campaign=c, report_line=ReportLine.COMMUNITY)
    return c
