"""Member pages and forms: scoping (404 outside, 403 visible-but-not-allowed), masking, filters,
query counts and the Chinese form errors."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.core import crypto, idnumber
from dangjian.core.models import AuditAction, AuditEvent, Job, JobStatus
from dangjian.people import errors
from dangjian.people import services as people_services
from dangjian.people.enums import Education, MembershipStatus, PostEndReason
from dangjian.people.models import CadrePost, Membership, MembershipPeriod, Person
from dangjian.tests.personas import make_person


def full_id(person):
    return crypto.decrypt(person.id_enc)


def names_in(page: str, world) -> set[str]:
    return {p.name for p in world.people.values() if p.name in page}


# --- the list ---------------------------------------------------------------------------------


def test_the_secretary_lists_only_the_members_of_their_branch(world, login):
    page = login(world.secretary).get("/people/members/").content.decode()
    assert names_in(page, world) == {"张三", "李四"}


def test_committee_staff_list_every_member_with_masked_ids_only(world, login):
    page = login(world.committee).get("/people/members/").content.decode()
    assert names_in(page, world) == {"张三", "李四", "王五", "赵六", "孙七"}
    for person in world.people.values():
        assert person.id_masked in page
        assert full_id(person) not in page
        assert full_id(person)[6:14] not in page  # not even the birth-date digits in a row


def test_an_organisation_filter_outside_the_scope_is_not_found(world, login):
    client = login(world.secretary)
    assert client.get(f"/people/members/?org={world.b1.pk}").status_code == 404
    page = client.get(f"/people/members/?org={world.a1.pk}").content.decode()
    assert names_in(page, world) == {"张三", "李四"}


def test_the_organisation_filter_takes_a_subtree(world, login):
    page = login(world.unit_staff).get(f"/people/members/?org={world.ga.pk}").content.decode()
    assert names_in(page, world) == {"赵六"}
    page = login(world.unit_staff).get(f"/people/members/?org={world.oc_a.pk}").content.decode()
    assert names_in(page, world) == {"张三", "李四", "王五", "赵六"}


def test_the_list_filters_by_status_and_gender(world, login):
    client = login(world.secretary)
    assert names_in(client.get("/people/members/?status=probationary").content.decode(), world) == {"李四"}
    assert names_in(client.get("/people/members/?status=full").content.decode(), world) == {"张三"}
    assert names_in(client.get("/people/members/?gender=F").content.decode(), world) == {"李四"}
    assert names_in(client.get("/people/members/?gender=M").content.decode(), world) == {"张三"}


def _young_member(world, name="钱八", years=25):
    today = dt.date.today()
    birth = today.replace(year=today.year - years, day=1) - dt.timedelta(days=40)
    admitted = today - dt.timedelta(days=200)
    return people_services.person_create(
        actor=world.committee,
        organization=world.a1,
        unit=world.unit_a,
        name=name,
        id_number=idnumber.synthetic(birth, "M", 8),
        education=Education.BACHELOR,
        status=MembershipStatus.PROBATIONARY,
        membership={"applied_on": admitted - dt.timedelta(days=400), "admitted_on": admitted},
    )


def test_the_list_filters_by_age_band(world, login):
    _young_member(world)
    client = login(world.secretary)
    page = client.get("/people/members/?age_band=-30").content.decode()
    assert "钱八" in page and names_in(page, world) == set()
    page = client.get("/people/members/?age_band=61-").content.decode()
    assert "钱八" not in page and names_in(page, world) == set()
    page = client.get("/people/members/?age_band=36-40").content.decode()  # 李四, born 1990-02-03
    assert names_in(page, world) == (
        {"李四"} if 36 <= world.people["other_a1"].age_on(dt.date.today()) <= 40 else set()
    )


def test_the_list_filters_by_party_age_band(world, login):
    # 张三 became a full member on 2011-07-01; 李四 is probationary and has no party age yet.
    client = login(world.secretary)
    years = (dt.date.today() - dt.date(2011, 7, 1)).days // 366
    band = "11-20" if 11 <= years <= 20 else "21-30"
    assert names_in(client.get(f"/people/members/?party_age_band={band}").content.decode(), world) == {"张三"}
    assert names_in(client.get("/people/members/?party_age_band=-5").content.decode(), world) == set()
    assert names_in(client.get("/people/members/?party_age_band=50-").content.decode(), world) == set()


def test_the_list_finds_a_member_by_the_last_digits_of_the_id_number(world, login):
    client = login(world.secretary)
    tail = full_id(world.people["member_a1"])
    for n in (4, 6):
        assert names_in(client.get(f"/people/members/?q={tail[-n:]}").content.decode(), world) == {"张三"}
    # the tail of someone outside the scope finds nobody
    other = full_id(world.people["member_b1"])[-6:]
    assert names_in(client.get(f"/people/members/?q={other}").content.decode(), world) == set()


def test_the_list_finds_a_member_by_name_or_pinyin_prefix(world, login):
    client = login(world.secretary)
    assert names_in(client.get("/people/members/?q=张").content.decode(), world) == {"张三"}
    assert names_in(client.get("/people/members/?q=li").content.decode(), world) == {"李四"}


def test_the_list_sorts_by_join_date_both_ways(world, login):
    make_person(world.a1, "钱八", seq=8, birth=dt.date(1970, 1, 1), status=MembershipStatus.FULL)
    Membership.objects.filter(person__name="钱八").update(
        admitted_on=dt.date(1999, 1, 1), full_on=dt.date(2000, 1, 1)
    )
    client = login(world.secretary)
    page = client.get("/people/members/?sort=admitted").content.decode()
    assert page.index("钱八") < page.index("张三")
    page = client.get("/people/members/?sort=-admitted").content.decode()
    assert page.index("张三") < page.index("钱八")


def test_the_list_runs_a_constant_number_of_queries(world, login):
    client = login(world.committee)
    Person.objects.exclude(pk=world.people["member_a1"].pk).delete()
    client.get("/people/members/")  # warm up: the first request after login stores the session
    with CaptureQueriesContext(connection) as one:
        response = client.get("/people/members/")
    assert response.status_code == 200 and len(response.context["rows"]) == 1
    for i in range(49):
        make_person(world.a2, f"成员{i:02d}", seq=100 + i)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get("/people/members/")
    assert len(response.context["rows"]) == 50
    assert len(fifty) == len(one), [q["sql"] for q in fifty.captured_queries]


def test_the_list_paginates_by_fifty(world, login):
    for i in range(50):
        make_person(world.a2, f"成员{i:02d}", seq=100 + i)
    client = login(world.committee)
    assert len(client.get("/people/members/").context["rows"]) == 50
    assert len(client.get("/people/members/?page=2").context["rows"]) == 5


def test_a_member_sees_only_themselves_in_the_list(world, login):
    page = login(world.member).get("/people/members/").content.decode()
    assert names_in(page, world) == {"张三"}


def test_only_roles_that_may_export_full_ids_get_the_checkbox(world, login):
    assert "包含完整身份证号" in login(world.secretary).get("/people/members/").content.decode()
    assert "包含完整身份证号" not in login(world.branch_committee).get("/people/members/").content.decode()
    assert "包含完整身份证号" not in login(world.auditor).get("/people/members/").content.decode()


# --- export button ---------------------------------------------------------------------------


def test_the_export_button_starts_a_job_and_shows_its_page(world, login):
    client = login(world.secretary)
    response = client.post("/people/members/export/", {"status": "full", "full_ids": "1"})
    job = Job.objects.get(created_by=world.secretary)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.kind == "people.members_export" and job.status == JobStatus.DONE
    assert job.params == {"filters": {"status": "full", "sort": "name"}, "full_ids": True}


def test_the_export_ignores_the_full_id_checkbox_for_roles_without_it(world, login):
    login(world.branch_committee).post("/people/members/export/", {"full_ids": "1"})
    assert Job.objects.get(created_by=world.branch_committee).params["full_ids"] is False


def test_an_export_of_another_branch_is_not_found(world, login):
    response = login(world.secretary).post("/people/members/export/", {"org": world.b1.pk})
    assert response.status_code == 404
    assert not Job.objects.exists()


def test_the_export_is_post_only(world, login):
    assert login(world.secretary).get("/people/members/export/").status_code == 405


# --- detail and reveal -----------------------------------------------------------------------


def test_a_member_detail_shows_masked_data_history_and_posts(world, login):
    person = world.people["member_a1"]
    CadrePost.objects.create(
        person=person, organization=world.a1, post="secretary", started_on=dt.date(2020, 1, 1)
    )
    page = login(world.secretary).get(f"/people/persons/{person.pk}/").content.decode()
    assert person.id_masked in page and full_id(person) not in page
    assert "138****1234" in page and "13800001234" not in page
    assert "2011年7月1日" in page  # 转正日期
    assert "登记" in page and "书记" in page and "至今" in page
    assert 'id="reveal-id"' in page


def test_the_secretary_cannot_open_the_other_branchs_member(world, login):
    client = login(world.secretary)
    other = world.people["member_b1"]
    assert client.get(f"/people/persons/{other.pk}/").status_code == 404
    assert client.post(f"/people/persons/{other.pk}/reveal-id/").status_code == 404
    assert client.post(f"/people/persons/{other.pk}/reveal-phone/").status_code == 404
    for url in ("edit", "membership", "transfer", "posts/new"):
        assert client.get(f"/people/persons/{other.pk}/{url}/").status_code == 404
        assert client.post(f"/people/persons/{other.pk}/{url}/", {"name": "改名"}).status_code == 404
    assert Person.objects.get(pk=other.pk).name == "孙七"
    assert not AuditEvent.objects.filter(action=AuditAction.ACCESS).exists()


def test_a_member_cannot_open_a_fellow_branch_member(world, login):
    client = login(world.member)
    assert client.get(f"/people/persons/{world.people['other_a1'].pk}/").status_code == 404
    assert client.get(f"/people/persons/{world.people['member_a1'].pk}/").status_code == 200


def test_a_reveal_returns_the_full_number_and_is_logged(world, login):
    person = world.people["member_a1"]
    response = login(world.secretary).post(f"/people/persons/{person.pk}/reveal-id/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and full_id(person) in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=AuditAction.ACCESS)
    assert event.actor == world.secretary and event.object_id == str(person.pk)
    assert event.changes == {"field": ["", "id_number"]}


def test_a_reveal_must_be_a_post(world, login):
    person = world.people["member_a1"]
    assert login(world.secretary).get(f"/people/persons/{person.pk}/reveal-id/").status_code == 405


def test_a_branch_committee_member_may_not_reveal_an_id_number(world, login):
    person = world.people["member_a1"]
    client = login(world.branch_committee)
    page = client.get(f"/people/persons/{person.pk}/").content.decode()
    assert 'id="reveal-id"' not in page
    response = client.post(f"/people/persons/{person.pk}/reveal-id/")
    assert response.status_code == 403 and full_id(person) not in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.ACCESS).exists()


def test_the_auditor_reads_but_cannot_change_or_reveal(world, login):
    person = world.people["member_b1"]
    client = login(world.auditor)
    page = client.get(f"/people/persons/{person.pk}/").content.decode()
    assert "孙七" in page and "编辑人员信息" not in page
    assert client.post(f"/people/persons/{person.pk}/reveal-id/").status_code == 403
    for url in ("edit", "membership", "transfer", "posts/new"):
        assert client.get(f"/people/persons/{person.pk}/{url}/").status_code == 403
        assert client.post(f"/people/persons/{person.pk}/{url}/", {"name": "改名"}).status_code == 403
    assert client.get("/people/persons/new/").status_code == 403
    assert Person.objects.get(pk=person.pk).name == "孙七"


def test_me_shows_the_members_own_record(world, login):
    page = login(world.member).get("/people/me/").content.decode()
    assert "张三" in page and world.people["member_a1"].id_masked in page


def test_me_without_a_linked_person_says_so(world, login):
    response = login(world.secretary).get("/people/me/")
    assert response.status_code == 404 and "尚未关联党员信息" in response.content.decode()


# --- forms -------------------------------------------------------------------------------------


def _create_data(world, **over):
    data = {
        "organization": world.a1.pk,
        "name": "周九",
        "id_number": idnumber.synthetic(dt.date(1988, 8, 8), "M", 9),
        "ethnicity": "01",
        "education": Education.BACHELOR,
        "category": "civil_servant",
        "phone": "13900002222",
        "status": "full",
        "applied_on": "2010-01-01",
        "admitted_on": "2011-07-01",
        "full_on": "2012-07-01",
    }
    data.update(over)
    return data


def _field_errors(response, field):
    return response.context["form"].errors.get(field, [])


def test_a_secretary_registers_a_member_through_the_form(world, login):
    response = login(world.secretary).post("/people/persons/new/", _create_data(world))
    person = Person.objects.get(name="周九")
    assert response.status_code == 302 and response["Location"] == f"/people/persons/{person.pk}/"
    assert person.organization == world.a1 and person.unit == world.unit_a
    assert person.membership.status == "full" and person.phone_masked == "139****2222"


def test_the_create_form_offers_only_writable_organisations(world, login):
    response = login(world.secretary).get("/people/persons/new/")
    choices = {o.pk for o in response.context["form"].fields["organization"].queryset}
    assert choices == {world.a1.pk}
    response = login(world.secretary).post(
        "/people/persons/new/", _create_data(world, organization=world.b1.pk)
    )
    assert _field_errors(response, "organization")
    assert not Person.objects.filter(name="周九").exists()


def test_the_form_names_a_wrong_check_digit(world, login):
    number = idnumber.synthetic(dt.date(1988, 8, 8), "M", 9)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    response = login(world.secretary).post("/people/persons/new/", _create_data(world, id_number=wrong))
    assert _field_errors(response, "id_number") == [idnumber.ERR_CHECK]
    assert idnumber.ERR_CHECK in response.content.decode()


def test_the_form_names_a_duplicate_id_number(world, login):
    existing = full_id(world.people["member_a1"])
    response = login(world.secretary).post("/people/persons/new/", _create_data(world, id_number=existing))
    assert _field_errors(response, "id_number") == [errors.ERR_ID_DUPLICATE.format(name="张三")]


def test_the_form_refuses_a_future_date(world, login):
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    response = login(world.secretary).post("/people/persons/new/", _create_data(world, full_on=future))
    assert _field_errors(response, "full_on") == [errors.ERR_DATE_FUTURE.format(field="转正日期")]
    assert not Person.objects.filter(name="周九").exists()


def test_the_form_refuses_a_birth_date_that_does_not_match_the_id(world, login):
    response = login(world.secretary).post(
        "/people/persons/new/", _create_data(world, birth_date="1988-08-09")
    )
    assert _field_errors(response, "birth_date") == [
        errors.ERR_BIRTH_MISMATCH.format(expected=dt.date(1988, 8, 8))
    ]


def test_the_edit_form_changes_personal_data_and_keeps_the_id(world, login):
    person = world.people["member_a1"]
    number = full_id(person)
    response = login(world.secretary).post(
        f"/people/persons/{person.pk}/edit/",
        {
            "name": "张三丰",
            "ethnicity": "03",
            "education": Education.POSTGRADUATE,
            "category": "professional",
            "position": "处长",
            "id_number": "",
            "phone": "",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "张三丰" and person.ethnicity == "03" and full_id(person) == number
    assert person.phone_masked == "138****1234"  # blank keeps the phone


def test_the_edit_form_refuses_another_persons_id_number(world, login):
    person = world.people["member_a1"]
    response = login(world.secretary).post(
        f"/people/persons/{person.pk}/edit/",
        {
            "name": "张三",
            "ethnicity": "01",
            "education": Education.BACHELOR,
            "category": "civil_servant",
            "id_number": full_id(world.people["other_a1"]),
        },
    )
    assert _field_errors(response, "id_number") == [errors.ERR_ID_DUPLICATE.format(name="李四")]


def test_the_membership_form_makes_a_probationary_member_full(world, login):
    person = world.people["other_a1"]
    response = login(world.secretary).post(
        f"/people/persons/{person.pk}/membership/",
        {"status": "full", "applied_on": "2008-03-01", "admitted_on": "2010-07-01", "full_on": "2011-07-01"},
    )
    assert response.status_code == 302
    periods = list(MembershipPeriod.objects.filter(person=person).values_list("status", "valid_to"))
    assert periods == [("probationary", dt.date(2011, 7, 1)), ("full", None)]


def test_the_membership_form_names_a_date_out_of_order(world, login):
    person = world.people["other_a1"]
    response = login(world.secretary).post(
        f"/people/persons/{person.pk}/membership/",
        {"status": "full", "applied_on": "2008-03-01", "admitted_on": "2010-07-01", "full_on": "2009-07-01"},
    )
    assert _field_errors(response, "full_on") == [
        errors.ERR_DATE_ORDER.format(later="转正日期", earlier="入党日期")
    ]


def test_unit_staff_transfer_a_member_to_a_sibling_branch(world, login):
    person = world.people["member_a1"]
    response = login(world.unit_staff).post(
        f"/people/persons/{person.pk}/transfer/",
        {"target": world.a2.pk, "on": "2024-01-01", "reason": "工作调动"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.organization == world.a2
    history = list(
        MembershipPeriod.objects.filter(person=person)
        .order_by("valid_from")
        .values_list("organization__name", "valid_to")
    )
    assert history == [(world.a1.name, dt.date(2024, 1, 1)), (world.a2.name, None)]


def test_a_transfer_out_of_scope_is_refused(world, login):
    person = world.people["member_a1"]
    response = login(world.secretary).post(
        f"/people/persons/{person.pk}/transfer/",
        {"target": world.b1.pk, "on": "2024-01-01", "reason": "工作调动"},
    )
    assert response.status_code == 200 and _field_errors(response, "target")
    person.refresh_from_db()
    assert person.organization == world.a1


def test_a_post_is_added_and_ended_mid_term(world, login):
    person = world.people["member_a1"]
    client = login(world.secretary)
    response = client.post(
        f"/people/persons/{person.pk}/posts/new/",
        {"organization": world.a1.pk, "post": "organization", "started_on": "2021-05-01"},
    )
    assert response.status_code == 302
    post = CadrePost.objects.get(person=person)
    response = client.post(
        f"/people/posts/{post.pk}/end/", {"ended_on": "2023-06-30", "reason": PostEndReason.MID_TERM}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.ended_on == dt.date(2023, 6, 30) and post.end_reason == "mid_term"
    assert "届中调整" in client.get(f"/people/persons/{person.pk}/").content.decode()


def test_a_post_cannot_end_before_it_started(world, login):
    person = world.people["member_a1"]
    post = CadrePost.objects.create(
        person=person, organization=world.a1, post="secretary", started_on=dt.date(2021, 5, 1)
    )
    response = login(world.secretary).post(
        f"/people/posts/{post.pk}/end/", {"ended_on": "2020-01-01", "reason": "term_end"}
    )
    assert _field_errors(response, "ended_on") == [errors.ERR_POST_DATES]


def test_the_secretary_cannot_end_a_post_in_the_other_branch(world, login):
    post = CadrePost.objects.create(
        person=world.people["member_b1"],
        organization=world.b1,
        post="secretary",
        started_on=dt.date(2021, 5, 1),
    )
    client = login(world.secretary)
    assert client.get(f"/people/posts/{post.pk}/end/").status_code == 404
    assert (
        client.post(
            f"/people/posts/{post.pk}/end/", {"ended_on": "2023-01-01", "reason": "term_end"}
        ).status_code
        == 404
    )
    post.refresh_from_db()
    assert post.ended_on is None


@pytest.mark.parametrize("persona", ["branch_committee", "auditor"])
def test_write_buttons_follow_the_write_permission(world, login, persona):
    person = world.people["member_a1"]
    page = login(getattr(world, persona)).get(f"/people/persons/{person.pk}/").content.decode()
    assert ("编辑人员信息" in page) is (persona == "branch_committee")
