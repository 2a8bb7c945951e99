"""Central group study (中心组学习): the list in scope, the committee's attendance (工委列席)."""

import datetime as dt

import pytest
from django.utils import timezone

from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditEvent
from dangjian.meetings import errors
from dangjian.meetings.enums import MeetingKind, MeetingStatus
from dangjian.meetings.selectors.central_group import central_group_attended_units
from dangjian.meetings.services import central_group as central_group_services
from dangjian.meetings.services import meetings as services
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization
from dangjian.organizations.services import next_child_path
from dangjian.tests.personas import make_person

URL = "/meetings/central-group/"


def at(y, m, d, h=9):
    return timezone.make_aware(dt.datetime(y, m, d, h))


def session(world, org, when, *, attended=False, status=MeetingStatus.HELD, title="中心组专题学习"):
    return services.meeting_create(
        actor=world.committee,
        organization=org,
        kind=MeetingKind.CENTRAL_GROUP,
        title=title,
        held_at=when,
        status=status,
        committee_attended=attended,
    )


@pytest.fixture
def observer(world):
    """A person of the working committee's own organs (a branch of the committee's unit)."""
    path = next_child_path(world.root)
    branch = PartyOrganization.objects.create(
        name="工委机关党支部",
        kind=OrgKind.BRANCH,
        unit=world.unit_root,
        parent=world.root,
        path=path,
        depth=len(path) // 4,
        root=world.root,
        established_on=dt.date(2000, 1, 1),
    )
    return make_person(branch, "周列席", seq=9)


def test_the_summary_counts_distinct_units_the_committee_attended_in_the_year(world, login):
    session(world, world.oc_a, at(2023, 3, 1), attended=True)
    session(world, world.oc_a, at(2023, 6, 1), attended=True)
    session(world, world.oc_b, at(2023, 6, 2), attended=False)
    session(world, world.oc_b, at(2022, 6, 2), attended=True)  # another year
    session(world, world.oc_b, at(2023, 8, 2), attended=True, status=MeetingStatus.CANCELLED)
    html = login(world.committee).get(URL, {"year": 2023}).content.decode()
    assert 'id="central-units-attended">1<' in html
    assert "工委列席 1 个单位的中心组专题学习" in html
    units = central_group_attended_units("", dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert list(units) == [world.unit_a]
    assert (
        central_group_attended_units(world.oc_b.path, dt.date(2022, 1, 1), dt.date(2022, 12, 31)).count() == 1
    )


def test_the_list_filters_by_unit_and_attendance(world, login):
    session(world, world.oc_a, at(2023, 3, 1), attended=True, title="财政厅学习")
    session(world, world.oc_b, at(2023, 3, 2), title="教育厅学习")
    client = login(world.committee)
    html = client.get(URL, {"year": 2023, "unit": world.unit_b.pk}).content.decode()
    assert "教育厅学习" in html and "财政厅学习" not in html
    html = client.get(URL, {"year": 2023, "attended": "1"}).content.decode()
    assert "财政厅学习" in html and "教育厅学习" not in html


def test_unit_staff_see_only_their_units_sessions(world, login):
    session(world, world.oc_a, at(2023, 3, 1), title="财政厅学习")
    other = session(world, world.oc_b, at(2023, 3, 2), title="教育厅学习")
    client = login(world.unit_staff)
    html = client.get(URL, {"year": 2023}).content.decode()
    assert "财政厅学习" in html and "教育厅学习" not in html
    assert client.get(f"{URL}{other.pk}/").status_code == 404


def test_the_secretary_of_a1_never_sees_b1s_unit_sessions(world, login):
    other = session(world, world.oc_b, at(2023, 3, 2), title="教育厅学习")
    client = login(world.secretary)
    assert "教育厅学习" not in client.get(URL, {"year": 2023}).content.decode()
    assert client.get(f"{URL}{other.pk}/").status_code == 404
    assert client.post(f"{URL}{other.pk}/", {"committee_attended": "on"}).status_code == 404


def test_committee_staff_mark_attendance_and_observers_with_an_audit_row(world, login, observer):
    m = session(world, world.oc_a, at(2023, 3, 1))
    client = login(world.committee)
    page = client.get(f"{URL}{m.pk}/").content.decode()
    assert "周列席" in page
    response = client.post(f"{URL}{m.pk}/", {"committee_attended": "on", "observers": [observer.pk]})
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.committee_attended and list(m.observers.all()) == [observer]
    event = AuditEvent.objects.filter(
        object_type="meetings.meeting", object_id=str(m.pk), action="update"
    ).get()
    assert event.changes["committee_attended"] == [False, True]


def test_unit_staff_may_not_mark_the_committees_attendance(world, login):
    m = session(world, world.oc_a, at(2023, 3, 1))
    client = login(world.unit_staff)
    assert client.get(f"{URL}{m.pk}/").status_code == 200
    assert client.post(f"{URL}{m.pk}/", {"committee_attended": "on"}).status_code == 403
    m.refresh_from_db()
    assert not m.committee_attended
    with pytest.raises(Forbidden):
        central_group_services.central_group_mark(actor=world.unit_staff, meeting=m, committee_attended=True)


def test_only_a_central_group_session_can_be_marked(world):
    m = services.meeting_create(
        actor=world.secretary,
        organization=world.a1,
        kind=MeetingKind.LECTURE,
        title="党课",
        held_at=at(2023, 3, 1),
        status=MeetingStatus.HELD,
    )
    with pytest.raises(ApplicationError) as e:
        central_group_services.central_group_mark(actor=world.committee, meeting=m, committee_attended=True)
    assert e.value.message == errors.ERR_CENTRAL_GROUP_KIND
    m.refresh_from_db()
    assert not m.committee_attended


def test_an_observer_outside_the_actors_scope_is_refused(world):
    m = session(world, world.oc_a, at(2023, 3, 1))
    narrow = scoping.Scope(
        roles=frozenset({"committee_staff"}),
        read_paths=(world.oc_a.path,),
        write_paths=(world.oc_a.path,),
        full_id_paths=(),
        person_id=None,
        committee=True,
        auditor=False,
    )
    world.committee._dangjian_scope = narrow  # a committee grant on a subtree only (scope_of's cache)
    with pytest.raises(ApplicationError) as e:
        central_group_services.central_group_mark(
            actor=world.committee, meeting=m, committee_attended=True, observers=[world.people["member_b1"]]
        )
    assert e.value.message == errors.ERR_OBSERVER_OUTSIDE.format(name="孙七")
