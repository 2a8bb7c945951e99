"""Read-only roles: the pages an auditor may only read show no editable inputs, and figures are
worded with the viewer's scope."""

import re

import pytest

from dangjian.accounts.enums import Role
from dangjian.materials.services import distribution_create, material_create
from dangjian.tests.personas import held_meeting
from dangjian.users import services as user_services

pytestmark = pytest.mark.django_db


def book(world):
    material = material_create(actor=world.committee, title="党章", year=2024, ordered_copies=10)
    distribution_create(actor=world.committee, material=material, unit=world.unit_a, copies=4)
    distribution_create(actor=world.committee, material=material, unit=world.unit_b, copies=3)
    return material


def post_forms(page: str) -> list[str]:
    """The POST forms of a page, without the header's logout form."""
    forms = re.findall(r'<form[^>]*method="post"[^>]*>', page)
    return [f for f in forms if "logout" not in f]


def editable_inputs(page: str) -> list[str]:
    body = page[page.index('<main class="content">') :]
    body = re.sub(r'<form[^>]*method="get".*?</form>', "", body, flags=re.S)  # filters may stay
    return re.findall(r'<(?:input|select|textarea)\b(?![^>]*type="hidden")[^>]*>', body)


def test_an_auditor_sees_pages_without_anything_to_edit(world, login):
    meeting = held_meeting(world)
    material = book(world)
    client = login(world.auditor)
    pages = [
        f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}/attendance/",
        f"/people/persons/{world.people['member_a1'].pk}/",
        f"/orgs/{world.a1.pk}/",
        f"/meetings/materials/{material.pk}/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert post_forms(page) == [], url
        assert editable_inputs(page) == [], url
    attendance = client.get(f"/meetings/{meeting.pk}/attendance/").content.decode()
    assert "张三" in attendance and "✓" in attendance


def test_the_secretary_still_edits_the_attendance(world, login):
    meeting = held_meeting(world)
    page = login(world.secretary).get(f"/meetings/{meeting.pk}/attendance/").content.decode()
    assert 'id="attendance-form"' in page and 'type="radio"' in page


@pytest.mark.parametrize(
    ("persona", "label"),
    [("auditor", "全省"), ("committee", "全省"), ("unit_auditor", "本单位"), ("unit_staff", "本单位")],
)
def test_totals_are_worded_with_the_viewers_scope(world, login, persona, label):
    material = book(world)
    if persona == "unit_auditor":
        user, _ = user_services.user_create(actor=None, username="t-auditor-a", password="Test-Passw0rd!")
        user_services.grant_create(actor=None, user=user, role=Role.AUDITOR, organization=world.oc_a)
    else:
        user = getattr(world, persona)
    page = login(user).get(f"/meetings/materials/{material.pk}/").content.decode()
    assert f"配发合计（{label}）" in page
    assert f"{7 if label == '全省' else 4}册" in page
