import pytest
from django.db.models import Q

from dangjian.organizations.lookups import covers_all, in_subtree, path_q, path_successor, subtree_q
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


def _ids(q) -> set[int]:
    return set(PartyOrganization.objects.filter(q).values_list("id", flat=True))


def _same_as_under(world) -> None:
    """subtree_q / in_subtree over the organisations' parent equal parent__path__under, and path_q
    equals path__under, for every subtree."""
    for org in PartyOrganization.objects.all():
        plain = _ids(Q(parent__path__under=org.path))
        assert _ids(subtree_q(org.path, "parent")) == plain == _ids(in_subtree(org.path, "parent")), org.name
        assert _ids(path_q(org.path)) == _ids(Q(path__under=org.path)), org.name


def test_the_whole_province_needs_no_join_and_selects_the_same_rows(world):
    _same_as_under(world)
    assert covers_all(world.root.path) and covers_all("")
    assert not covers_all(world.oc_a.path)
    sql = str(PartyOrganization.objects.filter(subtree_q(world.root.path, "parent")).query)
    assert "JOIN" not in sql and "IS NOT NULL" in sql  # the root itself has no parent: still left out
    assert world.root.id not in _ids(subtree_q(world.root.path, "parent"))
    assert path_q(world.root.path) == Q() == path_q("")  # no path range: an index on what is asked
    assert path_q(world.oc_a.path) == Q(path__under=world.oc_a.path)


def test_with_a_second_root_the_province_is_a_subtree_again(world):
    from dangjian.organizations.services import next_child_path

    path = next_child_path(None)
    other = PartyOrganization.objects.create(
        name="另一工委", kind=world.root.kind, unit=world.root.unit, path=path, depth=1
    )
    PartyOrganization.objects.create(
        name="另一支部",
        kind=world.a1.kind,
        unit=world.root.unit,
        parent=other,
        root=other,
        path=path + "0001",
        depth=2,
    )
    assert not covers_all(world.root.path) and covers_all("")
    assert "JOIN" in str(PartyOrganization.objects.filter(subtree_q(world.root.path, "parent")).query)
    _same_as_under(world)


def test_covers_all_only_for_a_subtree_holding_every_organisation(world):
    assert covers_all("") and covers_all(world.root.path)
    assert not covers_all(world.oc_a.path) and not covers_all(world.a1.path)
    PartyOrganization.objects.create(
        name="另一个工委", kind=world.root.kind, unit=world.root.unit, path="0002", depth=1
    )
    assert not covers_all(world.root.path) and covers_all("")
