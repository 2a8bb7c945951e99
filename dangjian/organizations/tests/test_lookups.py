import pytest

from dangjian.organizations.lookups import covers_all, path_successor
from dangjian.organizations.models import PartyOrganization


@pytest.mark.parametrize(
    "prefix, upper",
    [
        ("0001", "0002"),
        ("0009", "000A"),
        ("000Z", "001"),
        ("00010005", "00010006"),
        ("0ZZZ", "1"),
        ("ZZZZ", None),
    ],
)
def test_the_successor_bounds_the_subtree(prefix, upper):
    assert path_successor(prefix) == upper


def test_under_selects_exactly_the_subtree_like_startswith(world):
    for org in PartyOrganization.objects.all():
        under = set(PartyOrganization.objects.filter(path__under=org.path).values_list("id", flat=True))
        starts = set(PartyOrganization.objects.filter(path__startswith=org.path).values_list("id", flat=True))
        assert under == starts and org.id in under


def test_covers_all_only_for_a_subtree_holding_every_organisation(world):
    assert covers_all("") and covers_all(world.root.path)
    assert not covers_all(world.oc_a.path) and not covers_all(world.a1.path)
    PartyOrganization.objects.create(
        name="另一个工委", kind=world.root.kind, unit=world.root.unit, path="0002", depth=1
    )
    assert not covers_all(world.root.path) and covers_all("")
