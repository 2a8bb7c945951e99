import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.core.models import AuditAction, AuditEvent
from dangjian.organizations import errors, services
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.forms import ERR_ORG_CHOICE
from dangjian.organizations.models import PartyOrganization, Unit
from dangjian.people import services as people_services
from dangjian.people.enums import Post
from dangjian.people.models import Person
from dangjian.tests.personas import make_person

pytestmark = pytest.mark.django_db

NON_COMMITTEE = ["unit_staff", "secretary", "branch_committee", "member", "auditor", "outsider"]


def text(response) -> str:
    return response.content.decode()


def audit_rows(obj, action=None):
    qs = AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return qs.filter(action=action) if action else qs


# --- the tree --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona,top,first_level",
    [
        ("committee", "省直机关工委", "省教育厅机关党委"),
        ("auditor", "省直机关工委", "省教育厅机关党委"),
        ("unit_staff", "省财政厅机关党委", "省财政厅机关党总支"),
        ("secretary", "省财政厅第一党支部", "第一党小组"),
        ("branch_committee", "省财政厅第一党支部", "第一党小组"),
    ],
)
def test_the_tree_page_renders_for_every_subtree_role(world, login, persona, top, first_level):
    response = login(getattr(world, persona)).get("/orgs/")
    assert response.status_code == 200
    tree = text(response).split('id="org-tree"')[1]
    assert f">{top}</a>" in tree and f">{first_level}</a>" in tree


def test_the_committee_tree_opens_the_root_with_kinds_units_and_member_counts(world, login):
    body = text(login(world.committee).get("/orgs/"))
    assert "省直机关工委" in body and "省财政厅机关党委" in body and "省教育厅机关党委" in body
    assert 'class="badge kind-organ_committee"' in body
    assert "党员 5 人" in body  # the whole tree: 张三, 李四, 王五, 赵六, 孙七
    assert "党员 4 人" in body  # 省财政厅机关党委's subtree
    assert f'hx-get="/orgs/{world.oc_a.pk}/children/"' in body


def test_a_secretary_sees_only_their_branch_in_the_tree(world, login):
    body = text(login(world.secretary).get("/orgs/"))
    assert "省财政厅第一党支部" in body
    assert "省财政厅机关党委" not in body and "省教育厅" not in body and "第二党支部" not in body


def test_an_outsider_gets_an_empty_tree(world, login):
    body = text(login(world.outsider).get("/orgs/"))
    assert "您的权限范围内没有党组织" in body


def test_the_children_partial_lists_children_with_unit_secretary_and_subtree_counts(world, login):
    people_services.cadre_post_create(
        actor=world.committee,
        person=world.people["member_a1"],
        organization=world.a1,
        post=Post.SECRETARY,
        started_on=dt.date(2022, 1, 1),
    )
    response = login(world.committee).get(f"/orgs/{world.oc_a.pk}/children/", HTTP_HX_REQUEST="true")
    body = text(response)
    assert response.status_code == 200
    assert body.lstrip().startswith("<li>") and "<html" not in body
    assert "省财政厅第一党支部" in body and "省财政厅第二党支部" in body and "省财政厅机关党总支" in body
    assert "书记：张三" in body
    assert "党员 2 人" in body  # a1: 张三 (正式) + 李四 (预备)
    assert "省财政厅第三党支部" not in body  # grandchildren load on their own click


def test_the_secretary_of_a1_gets_404_for_b1_detail_and_children(world, login):
    client = login(world.secretary)
    assert client.get(f"/orgs/{world.b1.pk}/").status_code == 404
    assert client.get(f"/orgs/{world.b1.pk}/children/").status_code == 404
    assert client.get(f"/orgs/{world.oc_a.pk}/children/").status_code == 404  # above their branch
    assert client.get(f"/orgs/{world.a1.pk}/children/").status_code == 200


def test_unit_staff_get_404_for_the_other_unit_and_for_unknown_ids(world, login):
    client = login(world.unit_staff)
    assert client.get(f"/orgs/{world.oc_b.pk}/").status_code == 404
    assert client.get(f"/orgs/{world.b1.pk}/children/").status_code == 404
    assert client.get("/orgs/999999/").status_code == 404
    assert client.get(f"/orgs/{world.a3.pk}/").status_code == 200


def test_the_children_partial_query_count_is_the_same_with_1_and_50_children(world, login):
    client = login(world.committee)
    url = f"/orgs/{world.oc_b.pk}/children/"
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for i in range(49):
        org = services.org_create(
            actor=world.committee,
            name=f"省教育厅测试党支部{i}",
            kind=OrgKind.BRANCH,
            unit=world.unit_b,
            parent=world.oc_b,
        )
        if i % 10 == 0:
            make_person(org, f"测试{i}", seq=100 + i)
            people_services.cadre_post_create(
                actor=world.committee,
                person=Person.objects.get(name=f"测试{i}"),
                organization=org,
                post=Post.SECRETARY,
                started_on=dt.date(2022, 1, 1),
            )
            services.org_create(
                actor=world.committee,
                name=f"测试党小组{i}",
                kind=OrgKind.PARTY_GROUP,
                unit=world.unit_b,
                parent=org,
            )
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url)
    assert text(response).count("<li>") == 50
    assert len(fifty) == len(one)


def test_the_tree_page_query_count_does_not_grow_with_the_first_level(world, login):
    client = login(world.committee)
    client.get("/orgs/")
    with CaptureQueriesContext(connection) as before:
        client.get("/orgs/")
    for i in range(20):
        services.org_create(
            actor=world.committee,
            name=f"测试机关党委{i}",
            kind=OrgKind.ORGAN_COMMITTEE,
            unit=world.unit_b,
            parent=world.root,
        )
    with CaptureQueriesContext(connection) as after:
        body = text(client.get("/orgs/"))
    assert "测试机关党委19" in body
    assert len(after) == len(before)


def test_search_shows_each_match_with_its_ancestor_path(world, login):
    body = text(login(world.committee).get("/orgs/", {"q": "第一党支部"}))
    results = body.split('id="search-results"')[1].split('id="org-tree"')[0]
    assert "共 2 个组织" in results
    assert "省财政厅第一党支部" in results and "省教育厅第一党支部" in results
    assert f'<a href="/orgs/{world.oc_a.pk}/">省财政厅机关党委</a> ›' in results
    assert f'<a href="/orgs/{world.root.pk}/">省直机关工委</a> ›' in results


def test_search_stays_inside_the_scope_and_shows_no_ancestor_outside_it(world, login):
    body = text(login(world.secretary).get("/orgs/", {"q": "党支部"}))
    results = body.split('id="search-results"')[1].split('id="org-tree"')[0]
    assert "共 1 个组织" in results and "省财政厅第一党支部" in results
    assert "省教育厅" not in results and "机关党委" not in results


def test_the_detail_page_shows_facts_posts_children_and_the_member_list_link(world, login):
    people_services.cadre_post_create(
        actor=world.committee,
        person=world.people["member_a1"],
        organization=world.a1,
        post=Post.SECRETARY,
        started_on=dt.date(2022, 3, 1),
    )
    services.org_update(
        actor=world.committee,
        org=world.a1,
        term_started_on=dt.date(2021, 6, 1),
        term_ends_on=dt.date(2024, 5, 31),
    )
    response = login(world.secretary).get(f"/orgs/{world.a1.pk}/")
    body = text(response)
    assert response.status_code == 200
    assert (
        "省财政厅" in body and "2000年1月1日" in body and "2021年6月1日" in body and "2024年5月31日" in body
    )
    assert "书记" in body and "张三" in body and "2022年3月1日" in body
    assert "第一党小组" in body
    assert "2 人（含下级组织）" in body
    assert f'href="/people/members/?org={world.a1.pk}"' in body
    assert f"/orgs/{world.a1.pk}/edit/" not in body  # management links are for the committee


def test_the_detail_page_does_not_link_or_name_a_parent_outside_the_scope(world, login):
    body = text(login(world.unit_staff).get(f"/orgs/{world.oc_a.pk}/"))
    assert "省直机关工委" not in body
    body = text(login(world.unit_staff).get(f"/orgs/{world.a1.pk}/"))
    assert f'<a href="/orgs/{world.oc_a.pk}/">省财政厅机关党委</a>' in body


def test_a_member_may_open_their_own_branch_but_no_other(world, login):
    client = login(world.member)
    assert client.get(f"/orgs/{world.a1.pk}/").status_code == 200
    assert client.get(f"/orgs/{world.a2.pk}/").status_code == 404


def test_the_picker_options_are_scoped_and_filtered_by_kind(world, login):
    body = text(login(world.secretary).get("/orgs/options/", {"q": "党支部"}))
    assert f'value="{world.a1.pk}"' in body and f'value="{world.b1.pk}"' not in body
    body = text(login(world.committee).get("/orgs/options/", {"q": "第一", "kinds": "branch"}))
    assert f'value="{world.a1.pk}"' in body and f'value="{world.b1.pk}"' in body
    assert f'value="{world.g1.pk}"' not in body


# --- committee-only management: refusals ----------------------------------------------------


def management_urls(w):
    return [
        "/orgs/units/",
        "/orgs/units/new/",
        f"/orgs/units/{w.unit_a.pk}/edit/",
        "/orgs/manage/",
        "/orgs/manage/new/",
        f"/orgs/{w.a1.pk}/edit/",
        f"/orgs/{w.a1.pk}/move/",
        f"/orgs/{w.a1.pk}/merge/",
        f"/orgs/{w.a2.pk}/dissolve/",
        f"/orgs/{w.b1.pk}/edit/",
    ]


@pytest.mark.parametrize("persona", NON_COMMITTEE)
def test_only_committee_staff_reach_the_management_pages(world, login, persona):
    client = login(getattr(world, persona))
    for url in management_urls(world):
        assert client.get(url).status_code == 403, url


def test_committee_staff_reach_every_management_page(world, login):
    client = login(world.committee)
    for url in management_urls(world):
        assert client.get(url).status_code == 200, url


def test_unit_staff_cannot_write_through_the_management_pages(world, login):
    client = login(world.unit_staff)
    assert client.post(f"/orgs/{world.g1.pk}/dissolve/", {"on": "2024-01-01"}).status_code == 403
    assert client.post(f"/orgs/{world.a3.pk}/move/", {"parent": world.oc_a.pk}).status_code == 403
    assert (
        client.post(
            "/orgs/units/new/", {"name": "新单位", "category": "provincial", "sort_order": 0}
        ).status_code
        == 403
    )
    world.g1.refresh_from_db()
    world.a3.refresh_from_db()
    assert world.g1.is_active and world.a3.parent_id == world.ga.pk
    assert not Unit.objects.filter(name="新单位").exists()


# --- units -----------------------------------------------------------------------------------


def test_the_unit_list_shows_subordinate_units_under_their_parent_and_searches(world, login):
    sub = services.unit_create(actor=world.committee, name="省财政厅信息中心", parent=world.unit_a)
    client = login(world.committee)
    body = text(client.get("/orgs/units/"))
    assert body.index("省财政厅</td>") < body.index("省财政厅信息中心") < body.index("省教育厅</td>")
    assert 'class="indent-1"' in body
    body = text(client.get("/orgs/units/", {"q": "教育"}))
    assert "省教育厅" in body and sub.name not in body


def test_creating_a_unit_leaves_an_audit_row(world, login):
    response = login(world.committee).post(
        "/orgs/units/new/",
        {"name": " 省审计厅 ", "category": "provincial", "sort_order": 3, "located_in_capital": "on"},
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name="省审计厅")
    assert unit.sort_order == 3 and unit.located_in_capital
    assert audit_rows(unit, AuditAction.CREATE).count() == 1


def test_it_rejects_a_duplicate_unit_name(world, login):
    response = login(world.committee).post(
        "/orgs/units/new/", {"name": "省财政厅", "category": "provincial", "sort_order": 0}
    )
    assert response.status_code == 200
    assert errors.ERR_UNIT_NAME_TAKEN.format(name="省财政厅") in text(response)
    assert Unit.objects.filter(name="省财政厅").count() == 1


def test_it_rejects_an_empty_unit_name_in_chinese(world, login):
    response = login(world.committee).post(
        "/orgs/units/new/", {"name": "", "category": "provincial", "sort_order": 0}
    )
    assert "请填写单位名称。" in text(response)


def test_editing_a_unit_saves_and_audits_and_refuses_a_cycle(world, login):
    sub = services.unit_create(actor=world.committee, name="省财政厅信息中心", parent=world.unit_a)
    client = login(world.committee)
    response = client.post(
        f"/orgs/units/{world.unit_a.pk}/edit/",
        {"name": "省财政厅", "category": "provincial", "sort_order": 1, "parent": sub.pk, "is_active": "on"},
    )
    assert errors.ERR_UNIT_PARENT_SELF in text(response)
    world.unit_a.refresh_from_db()
    assert world.unit_a.parent_id is None
    response = client.post(
        f"/orgs/units/{world.unit_a.pk}/edit/",
        {
            "name": "省财政厅",
            "short_name": "财政厅",
            "category": "provincial",
            "sort_order": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    world.unit_a.refresh_from_db()
    assert world.unit_a.short_name == "财政厅"
    assert audit_rows(world.unit_a, AuditAction.UPDATE).count() == 1


# --- organisations ---------------------------------------------------------------------------


def test_the_org_list_filters_by_kind_and_name(world, login):
    client = login(world.committee)
    body = text(client.get("/orgs/manage/", {"kind": "branch"}))
    assert (
        "省财政厅第一党支部" in body and "省教育厅第一党支部" in body and "省财政厅机关党委</a>" not in body
    )
    body = text(client.get("/orgs/manage/", {"q": "教育厅"}))
    assert "省教育厅机关党委" in body and "省财政厅第一党支部" not in body


def test_the_org_list_query_count_is_the_same_with_1_and_50_rows(world, login):
    client = login(world.committee)
    client.get("/orgs/manage/", {"q": "测试"})
    services.org_create(
        actor=world.committee, name="测试支部0", kind=OrgKind.BRANCH, unit=world.unit_b, parent=world.oc_b
    )
    with CaptureQueriesContext(connection) as one:
        client.get("/orgs/manage/", {"q": "测试"})
    for i in range(1, 50):
        services.org_create(
            actor=world.committee,
            name=f"测试支部{i}",
            kind=OrgKind.BRANCH,
            unit=world.unit_b,
            parent=world.oc_b if i % 2 else world.oc_a,
        )
    with CaptureQueriesContext(connection) as fifty:
        body = text(client.get("/orgs/manage/", {"q": "测试"}))
    assert "测试支部49" in body
    assert len(fifty) == len(one)


def test_creating_an_org_redirects_to_it_and_leaves_an_audit_row(world, login):
    response = login(world.committee).post(
        "/orgs/manage/new/",
        {
            "name": "省财政厅第四党支部",
            "kind": "branch",
            "parent": world.ga.pk,
            "unit": world.unit_a.pk,
            "established_on": "2023-03-01",
            "term_started_on": "2023-03-01",
            "term_ends_on": "2026-02-28",
            "sort_order": 0,
        },
    )
    org = PartyOrganization.objects.get(name="省财政厅第四党支部")
    assert response.status_code == 302 and response["Location"] == f"/orgs/{org.pk}/"
    assert (
        org.parent_id == world.ga.pk
        and org.path.startswith(world.ga.path)
        and org.depth == world.ga.depth + 1
    )
    assert org.established_on == dt.date(2023, 3, 1)
    assert audit_rows(org, AuditAction.CREATE).count() == 1


def test_it_rejects_a_parent_of_the_wrong_kind(world, login):
    response = login(world.committee).post(
        "/orgs/manage/new/",
        {
            "name": "错误支部",
            "kind": "branch",
            "parent": world.a1.pk,
            "unit": world.unit_a.pk,
            "sort_order": 0,
        },
    )
    assert response.status_code == 200
    assert errors.ERR_PARENT_KIND.format(kind="党支部", parent_kind="党支部") in text(response)
    assert not PartyOrganization.objects.filter(name="错误支部").exists()


def test_it_rejects_missing_fields_and_bad_dates_in_chinese(world, login):
    response = login(world.committee).post(
        "/orgs/manage/new/",
        {"name": "", "kind": "", "unit": "", "established_on": "2023-13-45", "sort_order": 0},
    )
    body = text(response)
    assert "请填写组织名称。" in body and "请填写类别。" in body and "请填写所属单位。" in body
    assert "成立日期：请输入有效日期" in body


def test_it_rejects_a_dissolved_parent(world, login):
    services.org_dissolve(actor=world.committee, org=world.g1)
    response = login(world.committee).post(
        "/orgs/manage/new/",
        {
            "name": "某党小组",
            "kind": "party_group",
            "parent": world.g1.pk,
            "unit": world.unit_a.pk,
            "sort_order": 0,
        },
    )
    assert ERR_ORG_CHOICE in text(response)


def test_editing_an_org_saves_audits_and_rejects_a_reversed_term(world, login):
    client = login(world.committee)
    response = client.post(
        f"/orgs/{world.a2.pk}/edit/",
        {
            "name": "省财政厅第二党支部",
            "unit": world.unit_a.pk,
            "term_started_on": "2024-01-01",
            "term_ends_on": "2023-01-01",
            "sort_order": 0,
        },
    )
    assert errors.ERR_TERM_RANGE in text(response)
    response = client.post(
        f"/orgs/{world.a2.pk}/edit/",
        {
            "name": "省财政厅综合党支部",
            "unit": world.unit_a.pk,
            "established_on": "2001-07-01",
            "sort_order": 2,
        },
    )
    assert response.status_code == 302
    world.a2.refresh_from_db()
    assert world.a2.name == "省财政厅综合党支部" and world.a2.established_on == dt.date(2001, 7, 1)
    assert audit_rows(world.a2, AuditAction.UPDATE).count() == 1


def test_moving_a_subtree_rewrites_its_paths_and_audits(world, login):
    response = login(world.committee).post(f"/orgs/{world.ga.pk}/move/", {"parent": world.oc_b.pk})
    assert response.status_code == 302
    world.ga.refresh_from_db()
    world.a3.refresh_from_db()
    assert world.ga.parent_id == world.oc_b.pk and world.a3.path.startswith(world.ga.path)
    assert world.ga.path.startswith(world.oc_b.path)
    assert audit_rows(world.ga, AuditAction.UPDATE).count() == 1


def test_it_rejects_moving_an_org_into_its_own_subtree(world, login):
    before = world.oc_a.path
    response = login(world.committee).post(f"/orgs/{world.oc_a.pk}/move/", {"parent": world.ga.pk})
    assert errors.ERR_MOVE_INTO_SELF in text(response)
    world.oc_a.refresh_from_db()
    assert world.oc_a.path == before


def test_the_move_dialog_offers_only_valid_new_parents_by_full_name(world, login):
    client = login(world.committee)
    page = text(client.get(f"/orgs/{world.a3.pk}/move/"))
    assert f"move={world.a3.pk}" in page

    def offered(org, q="省"):
        response = client.get("/orgs/options/", {"q": q, "move": org.pk})
        return [o.split(">", 1)[1] for o in text(response).split("</option>") if ">" in o]

    # a branch goes under a committee or a general branch; not under a branch, its parent or itself
    assert offered(world.a3) == [
        "省直机关工委",
        "省直机关工委 / 省财政厅机关党委",
        "省直机关工委 / 省教育厅机关党委",
    ]
    # a general branch only under an organ committee; an organ committee never into its own subtree
    assert offered(world.ga) == ["省直机关工委 / 省教育厅机关党委"]
    assert offered(world.oc_a) == ["省直机关工委 / 省教育厅机关党委"]


def test_the_move_options_of_an_organisation_outside_scope_are_404(world, login):
    client = login(world.unit_staff)
    assert client.get("/orgs/options/", {"q": "省", "move": world.b1.pk}).status_code == 404
    assert client.get("/orgs/options/", {"q": "省", "move": world.a3.pk}).status_code == 200


def test_merging_two_branches_moves_people_and_dissolves_the_source(world, login):
    response = login(world.committee).post(
        f"/orgs/{world.a2.pk}/merge/", {"target": world.a1.pk, "on": "2024-01-01"}
    )
    assert response.status_code == 302 and response["Location"] == f"/orgs/{world.a1.pk}/"
    world.a2.refresh_from_db()
    assert not world.a2.is_active and world.a2.dissolved_on == dt.date(2024, 1, 1)
    assert Person.objects.get(name="王五").organization_id == world.a1.pk
    assert audit_rows(world.a1, AuditAction.UPDATE).exists()
    assert audit_rows(world.a2, AuditAction.UPDATE).exists()


def test_merging_ends_the_posts_of_the_source_each_with_an_audit_row(world, login):
    wang = Person.objects.get(name="王五")
    post = people_services.cadre_post_create(
        actor=world.committee,
        person=wang,
        organization=world.a2,
        post=Post.SECRETARY,
        started_on=dt.date(2023, 1, 1),
    )
    login(world.committee).post(f"/orgs/{world.a2.pk}/merge/", {"target": world.a1.pk, "on": "2024-01-01"})
    post.refresh_from_db()
    assert post.ended_on == dt.date(2024, 1, 1) and post.end_reason == "other"
    row = AuditEvent.objects.get(
        object_type="people.cadrepost", object_id=str(post.pk), action=AuditAction.UPDATE
    )
    assert row.changes["ended_on"] == [None, "2024-01-01"]


def test_it_rejects_merging_something_that_is_not_a_branch(world, login):
    response = login(world.committee).post(
        f"/orgs/{world.ga.pk}/merge/", {"target": world.a1.pk, "on": "2024-01-01"}
    )
    assert errors.ERR_MERGE_KIND in text(response)
    world.ga.refresh_from_db()
    assert world.ga.is_active


def test_it_rejects_merging_a_branch_into_itself(world, login):
    response = login(world.committee).post(
        f"/orgs/{world.a1.pk}/merge/", {"target": world.a1.pk, "on": "2024-01-01"}
    )
    assert errors.ERR_MERGE_SAME in text(response)


def test_dissolving_an_empty_org_audits_and_refusals_name_the_reason(world, login):
    client = login(world.committee)
    response = client.post(f"/orgs/{world.a2.pk}/dissolve/", {"on": "2024-01-01"})
    assert errors.ERR_DISSOLVE_HAS_MEMBERS.format(n=1) in text(response)
    response = client.post(f"/orgs/{world.ga.pk}/dissolve/", {"on": "2024-01-01"})
    assert errors.ERR_DISSOLVE_HAS_CHILDREN in text(response)
    response = client.post(f"/orgs/{world.g1.pk}/dissolve/", {"on": "2024-01-01"})
    assert response.status_code == 302
    world.g1.refresh_from_db()
    assert not world.g1.is_active and world.g1.dissolved_on == dt.date(2024, 1, 1)
    assert audit_rows(world.g1, AuditAction.UPDATE).count() == 1
    assert client.get(f"/orgs/{world.a1.pk}/children/").content.decode().strip() == ""


def test_management_forms_carry_confirmations_and_the_picker(world, login):
    client = login(world.committee)
    body = text(client.get(f"/orgs/{world.a1.pk}/merge/"))
    assert "data-confirm=" in body and 'hx-get="/orgs/options/?kinds=branch"' in body
    assert "data-confirm=" in text(client.get(f"/orgs/{world.a1.pk}/move/"))
    assert "data-confirm=" in text(client.get(f"/orgs/{world.g1.pk}/dissolve/"))
