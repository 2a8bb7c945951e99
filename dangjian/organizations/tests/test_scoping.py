import pytest
from django.http import Http404

from dangjian.core.errors import Forbidden
from dangjian.organizations import scoping
from dangjian.people import selectors


def names(qs):
    return sorted(p.name for p in qs)


def test_a_branch_secretary_sees_only_their_branch(world):
    assert names(selectors.member_list(actor=world.secretary)) == ["张三", "李四"]


def test_unit_staff_see_their_whole_unit_and_not_the_other(world):
    assert names(selectors.member_list(actor=world.unit_staff)) == ["张三", "李四", "王五", "赵六"]


def test_committee_staff_and_auditor_see_everyone(world):
    assert len(selectors.member_list(actor=world.committee)) == 5
    assert len(selectors.member_list(actor=world.auditor)) == 5


def test_a_member_sees_only_themselves(world):
    assert names(selectors.member_list(actor=world.member)) == ["张三"]


def test_an_outsider_sees_nothing(world):
    assert names(selectors.member_list(actor=world.outsider)) == []
    assert not scoping.orgs_visible(world.outsider).exists()


def test_another_branch_is_404_not_403(world):
    with pytest.raises(Http404):
        scoping.access_org(world.secretary, world.b1.pk)
    with pytest.raises(Http404):
        selectors.person_get(actor=world.secretary, person_id=world.people["member_b1"].pk)


def test_the_auditor_may_read_but_not_write(world):
    org = scoping.access_org(world.auditor, world.a1.pk)
    assert org == world.a1
    with pytest.raises(Forbidden):
        scoping.access_org(world.auditor, world.a1.pk, write=True)


def test_full_id_view_is_for_permitted_roles_only(world):
    p = world.people["member_a1"]
    assert scoping.can_view_full_id(world.secretary, p)
    assert not scoping.can_view_full_id(world.branch_committee, p)
    assert not scoping.can_view_full_id(world.auditor, p)
    assert scoping.can_view_full_id(world.member, p)  # their own
