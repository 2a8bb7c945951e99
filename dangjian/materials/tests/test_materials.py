"""Study materials (学习材料征订配发): records, distributions, totals, refusals and scope."""

import datetime as dt

import pytest

from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditEvent
from dangjian.materials import errors
from dangjian.materials.models import MaterialDistribution, StudyMaterial
from dangjian.materials.selectors import material_copies
from dangjian.materials.services import distribution_create, material_create

URL = "/meetings/materials/"
D = dt.date(2023, 4, 1)


@pytest.fixture
def book(world):
    return material_create(
        actor=world.committee, title="习近平著作选读", publisher="人民出版社", year=2023, ordered_copies=500
    )


def test_a_material_and_its_distributions_are_recorded_and_audited(world, book):
    row = distribution_create(
        actor=world.committee, material=book, unit=world.unit_a, copies=120, distributed_on=D
    )
    assert row.organization == world.oc_a  # filed under the unit's organ committee, for scope
    assert AuditEvent.objects.filter(object_type="materials.studymaterial", action="create").exists()
    event = AuditEvent.objects.get(object_type="materials.materialdistribution", action="create")
    assert event.org_path == world.oc_a.path and event.changes["copies"] == [None, 120]


def test_a_material_without_a_title_is_refused(world):
    with pytest.raises(ApplicationError) as e:
        material_create(actor=world.committee, title="  ", year=2023)
    assert e.value.message == errors.ERR_MATERIAL_TITLE and e.value.field == "title"
    assert not StudyMaterial.objects.exists()


def test_only_committee_staff_record_materials(world):
    with pytest.raises(Forbidden):
        material_create(actor=world.unit_staff, title="书", year=2023)


@pytest.mark.parametrize("copies", [0, -5])
def test_zero_or_negative_copies_are_refused(world, book, copies):
    with pytest.raises(ApplicationError) as e:
        distribution_create(
            actor=world.committee, material=book, unit=world.unit_a, copies=copies, distributed_on=D
        )
    assert e.value.message == errors.ERR_MATERIAL_COPIES and e.value.field == "copies"
    assert not MaterialDistribution.objects.exists()


def test_a_unit_outside_the_actors_scope_is_refused(world, book):
    with pytest.raises(ApplicationError) as e:
        distribution_create(
            actor=world.unit_staff, material=book, unit=world.unit_b, copies=10, distributed_on=D
        )
    assert e.value.message == errors.ERR_MATERIAL_UNIT_OUTSIDE.format(unit="省教育厅")
    assert not MaterialDistribution.objects.exists()
    assert not AuditEvent.objects.filter(object_type="materials.materialdistribution").exists()
    distribution_create(actor=world.unit_staff, material=book, unit=world.unit_a, copies=10, distributed_on=D)


def test_totals_per_material_per_unit_and_for_the_year(world, book, login):
    other = material_create(actor=world.committee, title="党章学习读本", year=2023)
    distribution_create(actor=world.committee, material=book, unit=world.unit_a, copies=100, distributed_on=D)
    distribution_create(actor=world.committee, material=book, unit=world.unit_b, copies=50, distributed_on=D)
    distribution_create(actor=world.committee, material=other, unit=world.unit_a, copies=7, distributed_on=D)
    distribution_create(
        actor=world.committee,
        material=other,
        unit=world.unit_a,
        copies=9,
        distributed_on=dt.date(2022, 12, 31),
    )
    total, qs = material_copies("", dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert total == 157 and qs.count() == 3
    assert material_copies(world.oc_b.path, dt.date(2023, 1, 1), dt.date(2023, 12, 31))[0] == 50
    html = login(world.committee).get(URL, {"year": 2023}).content.decode()
    assert 'id="material-total">157<' in html
    assert "习近平著作选读" in html and "党章学习读本" in html
    assert ">107<" in html  # 省财政厅 100 + 7


def test_unit_staff_see_only_their_units_distributions(world, book, login):
    distribution_create(actor=world.committee, material=book, unit=world.unit_a, copies=100, distributed_on=D)
    distribution_create(actor=world.committee, material=book, unit=world.unit_b, copies=50, distributed_on=D)
    html = login(world.unit_staff).get(URL, {"year": 2023}).content.decode()
    assert 'id="material-total">100<' in html and "省教育厅" not in html
    detail = login(world.unit_staff).get(f"{URL}{book.pk}/").content.decode()
    assert "省教育厅" not in detail and 'id="material-distributed">100册' in detail


def test_the_secretary_of_a1_never_sees_b1s_materials(world, book, login):
    only_b = material_create(actor=world.committee, title="教育厅专用读本", year=2023)
    distribution_create(
        actor=world.committee, material=only_b, unit=world.unit_b, copies=30, distributed_on=D
    )
    client = login(world.secretary)
    html = client.get(URL, {"year": 2023}).content.decode()
    assert "教育厅专用读本" not in html and "省教育厅" not in html
    assert client.get(f"{URL}{only_b.pk}/").status_code == 404
    assert (
        client.post(
            f"{URL}{only_b.pk}/", {"unit": world.unit_b.pk, "copies": 3, "distributed_on": "2023-05-01"}
        ).status_code
        == 404
    )
    assert client.get(f"{URL}new/").status_code == 403


def test_the_pages_create_a_material_and_a_distribution(world, login):
    client = login(world.committee)
    response = client.post(
        f"{URL}new/",
        {"title": "新时代学习纲要", "publisher": "学习出版社", "year": 2023, "ordered_copies": 80},
    )
    material = StudyMaterial.objects.get(title="新时代学习纲要")
    assert response.status_code == 302 and response["Location"].endswith(f"/materials/{material.pk}/")
    response = client.post(
        f"{URL}{material.pk}/", {"unit": world.unit_b.pk, "copies": 30, "distributed_on": "2023-05-01"}
    )
    assert response.status_code == 302
    assert MaterialDistribution.objects.get().copies == 30


def test_the_pages_show_refusals_on_the_field(world, book, login):
    client = login(world.committee)
    html = client.post(f"{URL}new/", {"title": "", "year": 2023, "ordered_copies": 0}).content.decode()
    assert "请填写书名" in html
    html = client.post(
        f"{URL}{book.pk}/", {"unit": world.unit_a.pk, "copies": 0, "distributed_on": "2023-05-01"}
    ).content.decode()
    assert errors.ERR_MATERIAL_COPIES in html
    unit_client = login(world.unit_staff)
    distribution_create(actor=world.committee, material=book, unit=world.unit_a, copies=1, distributed_on=D)
    html = unit_client.post(
        f"{URL}{book.pk}/", {"unit": world.unit_b.pk, "copies": 5, "distributed_on": "2023-05-01"}
    ).content.decode()
    assert "不在您的管理范围内" in html
    assert MaterialDistribution.objects.count() == 1
