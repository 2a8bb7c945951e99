"""The demo's bulk writers and its reset keep the tallies equal to a recount, and the meetings'
first-topic flags equal to their agenda items (they write rows by raw
INSERT and DELETE, which the triggers see like any other write)."""

from io import StringIO

from django.core.management import call_command

from dangjian.fees import tally as fee_tally
from dangjian.meetings import first_topic
from dangjian.meetings import tally as meeting_tally
from dangjian.people import tally as membership_tally
from dangjian.tests.personas import PASSWORD


def test_building_and_rebuilding_the_demo_keeps_every_tally(db, monkeypatch):
    monkeypatch.setenv("DANGJIAN_DEMO_PASSWORD", PASSWORD)
    for args in ((), ("--reset",)):
        call_command("demo", "--year", "2023", "--scale", "0.01", "--seed", "3", *args, stdout=StringIO())
        assert fee_tally.differences() == {}
        assert membership_tally.differences() == {}
        assert meeting_tally.differences() == {}
        assert first_topic.differences() == set()
