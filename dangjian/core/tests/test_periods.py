"""In force on a day / during a period: the start day counts, the end day (the first day out) does not."""

import datetime as dt

import pytest

from dangjian.core.periods import in_force_during, in_force_on, is_in_force_on
from dangjian.organizations.models import PartyOrganization

D = dt.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [(D(2023, 3, 31), False), (D(2023, 4, 1), True), (D(2023, 9, 30), True), (D(2023, 10, 1), False)],
)
def test_a_record_is_in_force_from_its_start_day_until_the_day_before_its_end(day, expected):
    assert is_in_force_on(day, D(2023, 4, 1), D(2023, 10, 1)) is expected


def test_empty_bounds_mean_always_and_still():
    assert is_in_force_on(D(1900, 1, 1), None, None) and is_in_force_on(D(2999, 1, 1), D(2000, 1, 1), None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (D(2023, 1, 1), D(2023, 12, 31), {"from-april", "left-oct-1", "no-start"}),
        (D(2024, 1, 1), D(2024, 12, 31), {"from-april", "no-start"}),  # dissolved on 1 Jan: not in 2024
        (D(2023, 10, 1), D(2023, 10, 1), {"from-april", "no-start"}),  # the end day is out
        (D(2023, 4, 1), D(2023, 4, 1), {"from-april", "left-oct-1", "no-start"}),  # the start day is in
        (D(2023, 3, 1), D(2023, 3, 31), {"left-oct-1", "no-start"}),
    ],
)
def test_the_queries_agree_at_both_edges(world, first, last, expected):
    PartyOrganization.objects.update(established_on=D(1990, 1, 1))
    world.a1.__class__.objects.filter(pk=world.a1.pk).update(name="from-april", established_on=D(2023, 4, 1))
    world.a2.__class__.objects.filter(pk=world.a2.pk).update(name="left-oct-1", dissolved_on=D(2023, 10, 1))
    world.a3.__class__.objects.filter(pk=world.a3.pk).update(
        name="jan-first", dissolved_on=D(2024, 1, 1), established_on=D(2024, 1, 1)
    )
    world.b1.__class__.objects.filter(pk=world.b1.pk).update(name="no-start", established_on=None)
    names = {"from-april", "left-oct-1", "jan-first", "no-start"}
    during = PartyOrganization.objects.filter(
        in_force_during(first, last, start="established_on", end="dissolved_on", open_start=True),
        name__in=names,
    )
    assert set(during.values_list("name", flat=True)) == expected
    if first == last:
        on = PartyOrganization.objects.filter(
            in_force_on(first, start="established_on", end="dissolved_on", open_start=True), name__in=names
        )
        assert set(on.values_list("name", flat=True)) == expected


@pytest.mark.django_db
def test_an_empty_start_is_not_in_force_unless_open(world):
    PartyOrganization.objects.filter(pk=world.b1.pk).update(established_on=None)
    closed = PartyOrganization.objects.filter(
        in_force_on(D(2023, 1, 1), start="established_on", end="dissolved_on")
    )
    assert world.b1.pk not in set(closed.values_list("pk", flat=True))
