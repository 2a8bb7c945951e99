"""The scoping matrix: every role against every object page of branch b1 (省教育厅第一党支部),
which lies outside 省财政厅 — the scope of unit staff, the secretary, the branch committee member
and the member of a1. Outside scope an object does not exist: 404, on GET and POST alike, in pages,
exports and the API. Committee staff and the auditor (root grants) see it. The objects: b1 itself,
its member and post, a meeting, a youth study group it guides (with a member and an activity), a
work prompt sent to it alone, a study material distributed only to its unit, and its ledger.
"""

import datetime as dt

import pytest
from django.utils import timezone

from dangjian.accounts.enums import Role
from dangjian.activities import services as activity_services
from dangjian.activities.enums import ActivityKind
from dangjian.awards import services as award_services
from dangjian.awards.enums import NomineeKind
from dangjian.campaigns import services as campaign_services
from dangjian.complaints import services as complaint_services
from dangjian.events import services as event_services
from dangjian.materials import services as material_services
from dangjian.meetings.enums import MeetingKind, MeetingStatus
from dangjian.meetings.models import YouthGroupMember
from dangjian.meetings.services import meetings as meeting_services
from dangjian.meetings.services import youth as youth_services
from dangjian.people.enums import Post
from dangjian.people.models import CadrePost
from dangjian.problems import services as problem_services
from dangjian.prompts import services as prompt_services
from dangjian.sites import services as site_services
from dangjian.tests.personas import PASSWORD
from dangjian.transfers import services as transfer_services
from dangjian.users import services as user_services

OUTSIDE = ["unit_staff", "secretary", "branch_committee", "member", "outsider"]
INSIDE = ["committee", "auditor"]


@pytest.fixture
def b1_objects(world):
    person = world.people["member_b1"]
    meeting = meeting_services.meeting_create(
        actor=world.committee,
        organization=world.b1,
        kind=MeetingKind.THEMED_DAY,
        title="教育厅专属主题党日",
        held_at=timezone.make_aware(dt.datetime(2024, 3, 1, 9)),
        status=MeetingStatus.HELD,
    )
    post = CadrePost.objects.create(
        person=person, organization=world.b1, post=Post.SECRETARY, started_on=dt.date(2020, 1, 1)
    )
    group = youth_services.youth_group_create(
        actor=world.committee,
        unit=world.unit_b,
        organization=world.b1,
        name="教育厅青年理论学习小组",
        established_on=dt.date(2020, 1, 1),
    )
    member = YouthGroupMember.objects.create(group=group, person=person, joined_on=dt.date(2020, 1, 1))
    prompt = prompt_services.prompt_publish(
        actor=world.committee, title="教育厅专属工作提示", body="正文", recipients=[world.b1]
    )
    material = material_services.material_create(actor=world.committee, title="教育厅专属读本", year=2024)
    material_services.distribution_create(
        actor=world.committee,
        material=material,
        unit=world.unit_b,
        copies=5,
        distributed_on=dt.date(2024, 3, 1),
    )
    campaign = activity_services.campaign_create(
        actor=world.committee,
        name="教育厅专属主题活动",
        organization=world.b1,
        first_day=dt.date(2024, 1, 1),
        last_day=dt.date(2024, 12, 31),
    )
    activity = campaign_services.campaign_activity_create(
        actor=world.committee,
        campaign=campaign,
        kind=ActivityKind.VOLUNTEER,
        title="教育厅专属志愿服务",
        organization=world.b1,
        first_day=dt.date(2024, 3, 1),
        beneficiaries=5,
    )
    row = activity_services.participants_add(
        actor=world.committee, activity=activity, person_ids=[person.pk]
    )[0]
    unit_return = activity_services.unit_return_create(
        actor=world.committee,
        title="教育厅专属填报",
        measure="观看人次",
        organization=world.oc_b,
        year=2024,
        due_on=dt.date(2024, 6, 30),
        units=[world.unit_b],
    )
    deed = campaign_services.deed_create(
        actor=world.committee,
        campaign=campaign,
        organization=world.b1,
        title="教育厅专属实事",
        done_on=dt.date(2024, 3, 1),
    )
    difficulty = campaign_services.difficulty_create(
        actor=world.committee, campaign=campaign, organization=world.b1, title="教育厅专属难题"
    )
    problem = problem_services.problem_create(
        actor=world.committee,
        source="assessment",
        organization=world.b1,
        description="教育厅专属整改问题",
        found_on=dt.date(2024, 3, 1),
    )
    attachment = problem_services.attachment_add(
        actor=world.committee, problem=problem, name="整改报告.pdf", data=b"%PDF-1.4\n%%EOF"
    )
    from dangjian.assessments import services as assessment_services

    assessment = assessment_services.assessment_create(
        actor=world.committee, name="教育厅专属考核", year=2023
    )
    assessment_services.indicator_add(
        actor=world.committee, assessment=assessment, name="党建", max_score=100
    )
    (assessed,) = assessment_services.units_add(
        actor=world.committee, assessment=assessment, units=[world.unit_b]
    )
    assessment_services.assessment_start_scoring(actor=world.committee, assessment=assessment)
    leaf = assessment.indicators.get()
    assessment_services.scores_record(
        actor=world.committee, assessed=assessed, rows=[{"indicator": leaf, "score": 90}]
    )
    assessment_services.assessment_publish(actor=world.committee, assessment=assessment)
    rnd = assessment_services.round_create(actor=world.committee, name="教育厅专属述职评议", year=2023)
    appraisal = assessment_services.appraisal_add(actor=world.committee, round=rnd, organization=world.b1)
    event = event_services.event_create(
        actor=world.committee,
        kind=ActivityKind.COMPETITION,
        title="教育厅专属比赛",
        organization=world.b1,
        first_day=dt.date(2024, 5, 1),
        registration_opens=dt.date(2024, 1, 1),
    )
    # member lifecycle: a letter out of the system, a mobile member and a check drive, care, a fee base
    transfer = transfer_services.transfer_start(
        actor=world.committee,
        person=person,
        kind="out",
        external_org="外省某党委",
        started_on=dt.date(2024, 3, 1),
    )
    mobile = transfer_services.mobile_register(
        actor=world.committee, person=person, location="北京", since=dt.date(2024, 1, 1), contact="书记"
    )
    check = transfer_services.mobile_check_start(
        actor=world.committee, organization=world.oc_b, title="教育厅排查"
    )
    from dangjian.care import services as care_services
    from dangjian.fees import services as fee_services

    care_services.care_record(
        actor=world.committee,
        kind="condolence",
        organization=world.b1,
        on=dt.date(2024, 1, 5),
        reason="慰问",
        amount="500",
        person=person,
    )
    fee_services.fee_base_declare(
        actor=world.committee, person=person, year=2024, category="salaried", base="4000"
    )
    site = site_services.site_propose(actor=world.committee, organization=world.b1, statement="教育厅专属")
    selection = award_services.selection_create(
        actor=world.committee, name="全省文明单位", year=2024, collective_quota=5
    )
    nomination = award_services.nomination_create(
        actor=world.committee,
        selection=selection,
        nominee_kind=NomineeKind.ORGANIZATION,
        nominee_org=world.b1,
    )
    inspector, _ = user_services.user_create(actor=None, username="t-jijian", password=PASSWORD)
    user_services.grant_create(actor=None, user=inspector, role=Role.DISCIPLINE, organization=world.root)
    complaint = complaint_services.complaint_submit(
        title="教育厅专属举报",
        subject="某人",
        content="反映的问题描述足够长。",
        is_named=True,
        name="举报人甲",
        phone="13900000000",
    ).complaint
    complaint_services.complaint_step(actor=inspector, complaint=complaint, name="register", category="other")
    complaint_services.complaint_step(
        actor=inspector, complaint=complaint, name="hand_over", handler=world.b1
    )
    # Development of members and elections (b1's own records).
    from dangjian.development import services as development_services
    from dangjian.elections import services as election_services
    from dangjian.tests.personas import make_person

    applicant_person = make_person(world.b1, "教育厅申请人", seq=90, birth=dt.date(1996, 1, 1), status=None)
    applicant = development_services.applicant_create(
        actor=world.committee, person=applicant_person, applied_on=dt.date(2024, 1, 5)
    )
    election = election_services.election_create(
        actor=world.committee,
        organization=world.b1,
        held_on=dt.date(2024, 2, 1),
        method="general_meeting",
        members=[(person, Post.SECRETARY, 0)],
    )
    adjustment = election_services.adjustment_create(
        actor=world.committee,
        organization=world.b1,
        post=Post.SECRETARY,
        adjusted_on=dt.date(2024, 3, 1),
        reason="工作调动",
        left_post=post,
    )
    return {
        "site": site.pk,
        "selection": selection.pk,
        "nomination": nomination.pk,
        "complaint": complaint.pk,
        "event": event.pk,
        "campaign": campaign.pk,
        "activity": activity.pk,
        "row": row.pk,
        "return": unit_return.pk,
        "deed": deed.pk,
        "difficulty": difficulty.pk,
        "assessment": assessment.pk,
        "assessed": assessed.pk,
        "round": rnd.pk,
        "appraisal": appraisal.pk,
        "problem": problem.pk,
        "attachment": attachment.pk,
        "transfer": transfer.pk,
        "mobile": mobile.pk,
        "check": check.pk,
        "entry": check.entries.get().pk,
        "applicant": applicant.pk,
        "election": election.pk,
        "adjustment": adjustment.pk,
        "org": world.b1.pk,
        "person": person.pk,
        "meeting": meeting.pk,
        "post": post.pk,
        "group": group.pk,
        "member": member.pk,
        "prompt": prompt.pk,
        "material": material.pk,
        "unit": world.unit_b.pk,
    }


PAGES = [  # (method, url template)
    ("get", "/orgs/{org}/"),
    ("get", "/orgs/{org}/children/"),
    ("get", "/people/persons/{person}/"),
    ("post", "/people/persons/{person}/reveal-id/"),
    ("post", "/people/persons/{person}/reveal-phone/"),
    ("get", "/people/persons/{person}/edit/"),
    ("get", "/people/persons/{person}/membership/"),
    ("get", "/people/persons/{person}/transfer/"),
    ("get", "/people/persons/{person}/posts/new/"),
    ("get", "/people/members/?org={org}"),
    ("get", "/meetings/{meeting}/"),
    ("get", "/meetings/{meeting}/edit/"),
    ("get", "/meetings/{meeting}/attendance/"),
    ("get", "/meetings/{meeting}/record.docx"),
    ("get", "/meetings/{meeting}/signin-sheet.docx"),
    ("get", "/meetings/{meeting}/screen/"),
    ("get", "/meetings/{meeting}/screen/qr.svg"),
    ("post", "/meetings/{meeting}/votes/"),
    ("get", "/meetings/cadence/?org={org}"),
    ("get", "/reports/annual/?org={org}"),
    ("get", "/reports/metrics/members_year_end/?org={org}"),
    ("get", "/reports/summary/?org={org}"),
    ("get", "/reports/summary/?org={org}&compare=1"),
    ("get", "/reports/summary/docx/?org={org}"),
    ("get", "/reports/summary/pdf/?org={org}"),
    ("get", "/reports/statistics/?org={org}"),
    ("get", "/reports/summary/check/?org={org}"),
    ("get", "/reports/statistics/export/?org={org}"),
    ("get", "/reports/charts/?org={org}"),
    ("get", "/reports/charts/meetings_per_month/3/?org={org}"),
    ("get", "/reports/charts/transfers_per_month/3/?org={org}"),
    ("get", "/reports/charts/development_steps/applied/?org={org}"),
    ("get", "/reports/charts/campaign_deeds/{campaign}/?org={org}"),
    ("get", "/reports/charts/campaign_difficulties/{campaign}/?org={org}"),
    ("get", "/reports/charts/volunteer_beneficiaries_per_month/3/?org={org}"),
    ("get", "/reports/charts/problem_rectification/1/?org={org}"),
    # youth study groups
    ("get", "/meetings/youth-groups/{group}/"),
    ("get", "/meetings/youth-groups/{group}/edit/"),
    ("post", "/meetings/youth-groups/{group}/members/"),
    ("post", "/meetings/youth-groups/{group}/members/{member}/leave/"),
    ("post", "/meetings/youth-groups/{group}/dissolve/"),
    ("post", "/meetings/youth-groups/{group}/activities/"),
    # study materials
    ("get", "/meetings/materials/{material}/"),
    ("post", "/meetings/materials/{material}/"),
    # ledgers
    ("get", "/meetings/ledgers/?org={org}"),
    # campaigns (a campaign of b1 alone, its volunteer project, deed and difficulty)
    ("get", "/campaigns/{campaign}/"),
    ("get", "/campaigns/{campaign}/edit/"),
    ("get", "/campaigns/{campaign}/activities/new/"),
    ("get", "/campaigns/{campaign}/activities/{activity}/"),
    ("post", "/campaigns/{campaign}/activities/{activity}/"),
    ("get", "/campaigns/{campaign}/deeds/"),
    ("post", "/campaigns/{campaign}/deeds/"),
    ("get", "/campaigns/{campaign}/deeds.xlsx"),
    ("get", "/campaigns/{campaign}/difficulties/"),
    ("get", "/campaigns/{campaign}/difficulties.xlsx"),
    ("get", "/campaigns/{campaign}/projects/"),
    ("get", "/campaigns/{campaign}/projects.xlsx"),
    ("get", "/campaigns/deeds/{deed}/edit/"),
    ("post", "/campaigns/deeds/{deed}/edit/"),
    ("get", "/campaigns/difficulties/{difficulty}/edit/"),
    # problems and rectification
    ("get", "/problems/{problem}/"),
    ("post", "/problems/{problem}/transition/"),
    ("post", "/problems/{problem}/edit/"),
    ("post", "/problems/{problem}/attachments/"),
    ("get", "/problems/{problem}/attachments/{attachment}/"),
    # assessments and appraisals (the unit's published result is its own: b1's unit here)
    ("get", "/assessments/{assessment}/"),
    ("post", "/assessments/{assessment}/step/"),
    ("get", "/assessments/{assessment}/units/{assessed}/"),
    ("post", "/assessments/{assessment}/units/{assessed}/"),
    ("get", "/assessments/appraisals/{round}/"),
    ("get", "/assessments/appraisals/item/{appraisal}/"),
    ("post", "/assessments/appraisals/item/{appraisal}/"),
    ("post", "/assessments/appraisals/item/{appraisal}/step/"),
    # participation (activities): the activity, its participants, sign-in screen, returns
    ("get", "/activities/{activity}/"),
    ("get", "/activities/{activity}/edit/"),
    ("get", "/activities/{activity}/participants/add/"),
    ("get", "/activities/{activity}/participants.xlsx"),
    ("get", "/activities/{activity}/screen/"),
    ("get", "/activities/{activity}/screen/qr.svg"),
    ("get", "/activities/{activity}/screen/status/"),
    ("post", "/activities/{activity}/participants/mark/"),
    ("post", "/activities/{activity}/participants/save-list/"),
    ("post", "/activities/{activity}/participants/{row}/"),
    ("post", "/activities/{activity}/participants/{row}/remove/"),
    ("post", "/activities/{activity}/delete/"),
    ("get", "/activities/returns/{return}/"),
    ("get", "/activities/returns/{return}/export.xlsx"),
    ("post", "/activities/returns/{return}/file/"),
    # events
    ("get", "/events/{event}/"),
    ("get", "/events/{event}/edit/"),
    ("post", "/events/{event}/register/"),
    ("post", "/events/{event}/cases/"),
    ("post", "/events/{event}/results/"),
    ("get", "/events/{event}/results.xlsx"),
    # member lifecycle: transfers, mobile members, fees
    ("get", "/transfers/{transfer}/"),
    ("post", "/transfers/{transfer}/action/"),
    ("get", "/transfers/{transfer}/letter.docx"),
    ("get", "/transfers/new/?person={person}"),
    ("get", "/transfers/mobile/new/{person}/"),
    ("post", "/transfers/mobile/{mobile}/end/"),
    ("get", "/transfers/mobile/checks/{check}/"),
    ("get", "/transfers/mobile/checks/{check}/?format=xlsx"),
    ("post", "/transfers/mobile/checks/entries/{entry}/"),
    ("get", "/fees/?org={org}&year=2024"),
    ("get", "/fees/?org={org}&year=2024&format=xlsx"),
    ("get", "/fees/members/{person}/?year=2024"),
    # demonstration sites, selections and awards
    ("get", "/sites/{site}/"),
    ("post", "/sites/{site}/step/"),
    ("get", "/sites/branch/{org}/"),
    ("get", "/awards/nominations/{nomination}/"),
    ("post", "/awards/nominations/{nomination}/step/"),
    # development of members
    ("get", "/development/{applicant}/"),
    ("post", "/development/{applicant}/step/"),
    ("post", "/development/{applicant}/step/assign_contacts/"),
    ("get", "/development/?org={org}"),
    ("get", "/development/export.xlsx?org={org}"),
    ("get", "/development/export.docx?org={org}"),
    # elections and cadre changes
    ("get", "/elections/elections/{election}/"),
    ("post", "/elections/elections/{election}/decide/"),
    ("get", "/elections/adjustments/{adjustment}/"),
    ("post", "/elections/adjustments/{adjustment}/decide/"),
    ("get", "/elections/adjustments/new/{org}/"),
]
# Complaints are seen by the discipline staff and, once handed over, by the staff of the handling
# organisation (committee staff above it included), not by the auditor.
COMPLAINT_PAGES = [
    ("get", "/complaints/{complaint}/"),
    ("post", "/complaints/{complaint}/step/"),
    ("post", "/complaints/{complaint}/reporter/"),
    ("get", "/complaints/{complaint}/attachments/1/"),
]
# Work prompts are read by the organisations they are sent to and by committee staff, not by the
# auditor: outside those, a prompt does not exist.
PROMPT_PAGES = [
    ("get", "/meetings/prompts/{prompt}/"),
    ("post", "/meetings/prompts/{prompt}/remind/"),
    ("post", "/meetings/prompts/{prompt}/receipts.xlsx"),
]
API: list[tuple] = [
    ("get", "/api/v1/organizations/{org}"),
    ("get", "/api/v1/members/{person}"),
    ("post", "/api/v1/members/{person}/reveal-id"),
    ("get", "/api/v1/members/{person}/history"),
    ("get", "/api/v1/meetings/{meeting}"),
    ("get", "/api/v1/meetings/{meeting}/attendance"),
    ("get", "/api/v1/meetings/{meeting}/quorum"),
    ("get", "/api/v1/members/{person}/attendance"),
    ("get", "/api/v1/youth-groups/{group}"),
    ("post", "/api/v1/youth-groups/{group}/members", {"person_id": "{person}", "joined_on": "2024-01-01"}),
    ("delete", "/api/v1/youth-groups/{group}/members/{member}?left_on=2024-06-01"),
    ("get", "/api/v1/work-prompts/{prompt}"),
    ("get", "/api/v1/work-prompts/{prompt}/receipts"),
    ("post", "/api/v1/work-prompts/{prompt}/remind"),
    ("post", "/api/v1/study-materials/{material}/distributions", {"unit_id": "{unit}", "copies": 1}),
    ("post", "/api/v1/meetings/ledgers/export", {"org_id": "{org}", "year": 2024}),
    ("get", "/api/v1/reports/annual?year=2024&org={org}"),
    ("get", "/api/v1/reports/summary?year=2024&org={org}"),
    ("get", "/api/v1/reports/summary?year=2024&format=docx&org={org}"),
    ("get", "/api/v1/reports/metrics/members_year_end/records?year=2024&org={org}"),
    ("get", "/api/v1/campaigns/{campaign}"),
    ("patch", "/api/v1/campaigns/{campaign}", {"name": "x"}),
    ("get", "/api/v1/campaigns/{campaign}/units"),
    ("get", "/api/v1/campaigns/{campaign}/activities"),
    ("post", "/api/v1/campaigns/{campaign}/activities/{activity}/participants", {"person_ids": [1]}),
    ("get", "/api/v1/campaigns/{campaign}/deeds"),
    (
        "post",
        "/api/v1/campaigns/{campaign}/deeds",
        {"organization_id": "{org}", "title": "x", "done_on": "2024-03-02"},
    ),
    ("get", "/api/v1/campaigns/{campaign}/difficulties"),
    ("get", "/api/v1/campaigns/{campaign}/projects"),
    ("get", "/api/v1/campaigns/deeds/{deed}"),
    ("patch", "/api/v1/campaigns/deeds/{deed}", {"title": "x"}),
    ("delete", "/api/v1/campaigns/deeds/{deed}"),
    ("get", "/api/v1/campaigns/difficulties/{difficulty}"),
    ("patch", "/api/v1/campaigns/difficulties/{difficulty}", {"title": "x"}),
    ("get", "/api/v1/problems/{problem}"),
    ("get", "/api/v1/problems/{problem}/timeline"),
    ("patch", "/api/v1/problems/{problem}", {"progress": "x"}),
    ("post", "/api/v1/problems/{problem}/transitions", {"name": "start"}),
    ("get", "/api/v1/assessments/{assessment}"),
    ("get", "/api/v1/assessments/{assessment}/units"),
    ("get", "/api/v1/assessments/{assessment}/units/{assessed}/scores"),
    ("post", "/api/v1/assessments/{assessment}/units/{assessed}/findings", {"description": "x"}),
    ("get", "/api/v1/appraisal-rounds/{round}/appraisals"),
    ("get", "/api/v1/assessments/{assessment}/timeline"),
    ("post", "/api/v1/assessments/{assessment}/steps", {"step": "publish"}),
    ("get", "/api/v1/appraisals/{appraisal}"),
    ("get", "/api/v1/appraisals/{appraisal}/timeline"),
    ("post", "/api/v1/appraisals/{appraisal}/steps", {"name": "conclude"}),
    ("post", "/api/v1/appraisals/{appraisal}/ratings", {"grade": "好"}),
    ("get", "/api/v1/activities/{activity}"),
    ("get", "/api/v1/activities/{activity}/participants"),
    ("post", "/api/v1/activities/{activity}/participants", {"person_ids": ["{person}"]}),
    ("post", "/api/v1/activities/{activity}/guests", {"name": "来宾", "kind": "outside"}),
    (
        "post",
        "/api/v1/activities/{activity}/participants/status",
        {"status": "absent", "person_ids": ["{person}"]},
    ),
    ("patch", "/api/v1/activities/{activity}/participants/{row}", {"status": "absent"}),
    ("delete", "/api/v1/activities/{activity}/participants/{row}"),
    ("get", "/api/v1/activities/{activity}/signin-token"),
    ("get", "/api/v1/unit-returns/{return}"),
    ("post", "/api/v1/unit-returns/{return}/entries", {"unit_id": "{unit}", "value": 1}),
    ("get", "/api/v1/events/{event}"),
    ("post", "/api/v1/events/{event}/register"),
    ("get", "/api/v1/events/{event}/cases"),
    ("post", "/api/v1/events/{event}/cases", {"title": "案例"}),
    ("get", "/api/v1/events/{event}/results"),
    ("post", "/api/v1/events/{event}/results", {"participation_id": "{row}", "rank": 1}),
    ("get", "/api/v1/transfers/{transfer}"),
    ("post", "/api/v1/transfers/{transfer}/cancel", {}),
    ("post", "/api/v1/transfers", {"person_id": "{person}", "kind": "within", "to_org_id": "{org}"}),
    ("get", "/api/v1/mobile-checks/{check}"),
    ("post", "/api/v1/mobile-members/{mobile}/end"),
    (
        "post",
        "/api/v1/fees/bases",
        {"person_id": "{person}", "year": 2024, "category": "salaried", "base": "1"},
    ),
    ("post", "/api/v1/fees/payments", {"person_id": "{person}", "year": 2024, "months": [1]}),
    ("get", "/api/v1/fees/ledger?org_id={org}&year=2024"),
    ("post", "/api/v1/fees/publications", {"organization_id": "{org}", "year": 2024}),
    (
        "post",
        "/api/v1/care-records",
        {
            "kind": "visit",
            "organization_id": "{org}",
            "recipient": "某",
            "on": "2024-01-01",
            "reason": "走访",
        },
    ),
    ("post", "/api/v1/mobile-checks", {"organization_id": "{org}", "title": "排查"}),
    (
        "post",
        "/api/v1/transfers/in",
        {
            "organization_id": "{org}",
            "name": "某",
            "id_number": "1",
            "status": "full",
            "admitted_on": "2000-01-01",
            "external_org": "外",
        },
    ),
    ("get", "/api/v1/reports/statistics?year=2024&org={org}"),
    ("get", "/api/v1/demo-sites/{site}"),
    ("post", "/api/v1/demo-sites/{site}/steps", {"name": "evaluate"}),
    ("post", "/api/v1/demo-sites", {"organization_id": "{org}"}),
    ("get", "/api/v1/nominations/{nomination}"),
    ("post", "/api/v1/nominations/{nomination}/steps", {"name": "recommend"}),
    (
        "post",
        "/api/v1/selections/{selection}/nominations",
        {"nominee_kind": "organization", "organization_id": "{org}"},
    ),
    ("get", "/api/v1/complaints/{complaint}"),
    ("post", "/api/v1/complaints/{complaint}/steps", {"name": "reply", "text": "x"}),
    ("post", "/api/v1/complaints/{complaint}/reporter"),
    ("get", "/api/v1/development/applicants/{applicant}"),
    ("post", "/api/v1/development/applicants/{applicant}/steps", {"step": "talk", "date": "2024-01-10"}),
    ("get", "/api/v1/development/applicants?org={org}"),
    ("get", "/api/v1/elections/elections/{election}"),
    ("post", "/api/v1/elections/elections/{election}/decision", {"transition": "approve"}),
    ("post", "/api/v1/elections/adjustments/{adjustment}/decision", {"transition": "approve"}),
    ("get", "/api/v1/elections/terms?org={org}"),
]


def _client(client, user):
    client.logout()
    if user is not None:
        assert (
            client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code
            == 302
        )
    return client


@pytest.mark.parametrize("role", OUTSIDE)
def test_outside_scope_every_page_of_the_other_branch_is_404(world, b1_objects, client, role):
    c = _client(client, getattr(world, role))
    for method, url in PAGES + PROMPT_PAGES + COMPLAINT_PAGES:
        response = getattr(c, method)(url.format(**b1_objects))
        # A role with no subtree at all may be refused the page itself (403) before any object.
        allowed = (404, 403) if role in ("member", "outsider") else (404,)
        assert response.status_code in allowed, (role, method, url, response.status_code)


@pytest.mark.parametrize("role", INSIDE)
def test_the_root_roles_see_the_other_branch(world, b1_objects, client, role):
    c = _client(client, getattr(world, role))
    for method, url in PAGES:
        if method != "get":
            continue
        response = c.get(url.format(**b1_objects))
        assert response.status_code in (200, 403), (
            role,
            url,
            response.status_code,
        )  # 403: visible, not writable
        if role == "committee":
            assert response.status_code == 200, (role, url)


def test_the_complaint_handed_to_the_other_branch_is_seen_by_the_committee_not_the_auditor(
    world, b1_objects, client
):
    url = COMPLAINT_PAGES[0][1].format(**b1_objects)
    page = _client(client, world.committee).get(url)
    assert page.status_code == 200 and "举报人甲" not in page.content.decode()
    assert _client(client, world.committee).post(url + "reporter/").status_code == 403
    assert _client(client, world.auditor).get(url).status_code == 404


def test_committee_staff_see_the_prompt_to_the_other_branch_and_the_auditor_does_not(
    world, b1_objects, client
):
    c = _client(client, world.committee)
    assert c.get(PROMPT_PAGES[0][1].format(**b1_objects)).status_code == 200
    assert c.post(PROMPT_PAGES[2][1].format(**b1_objects)).status_code == 200
    c = _client(client, world.auditor)
    assert c.get(PROMPT_PAGES[0][1].format(**b1_objects)).status_code == 404


@pytest.mark.parametrize("role", OUTSIDE[:-1])
def test_outside_scope_every_api_endpoint_of_the_other_branch_is_404(world, b1_objects, client, role):
    from dangjian.accounts import services

    _token, key = services.token_create(actor=None, user=getattr(world, role), name="t")
    headers = {"Authorization": f"Bearer {key}"}
    for method, url, *payload in API:

        def fill(v):
            if isinstance(v, list):
                return [fill(x) for x in v]
            return int(v.format(**b1_objects)) if isinstance(v, str) and v.startswith("{") else v

        data = {k: fill(v) for k, v in (payload[0] if payload else {}).items()}
        response = getattr(client, method)(
            url.format(**b1_objects), data=data, headers=headers, content_type="application/json"
        )
        assert response.status_code == 404, (role, method, url, response.status_code)
        assert "message" in response.json()


def test_a_filter_on_the_other_branch_shows_nothing_of_it(world, b1_objects, login):
    # The meeting list treats an organisation outside scope as an invalid filter choice.
    page = login(world.secretary).get(f"/meetings/?org={world.b1.pk}").content.decode()
    assert "教育厅专属主题党日" not in page and "省教育厅第一党支部" not in page


def test_the_problem_ledger_export_leaves_out_the_other_branch(world, b1_objects, login):
    import io

    import openpyxl

    for role in ["unit_staff", "secretary"]:
        response = login(getattr(world, role)).get("/problems/export.xlsx")
        assert response.status_code == 200
        cells = [
            c
            for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
            for c in row
        ]
        assert "教育厅专属整改问题" not in cells and "省教育厅第一党支部" not in cells
    response = login(world.committee).get("/problems/export.xlsx")
    assert "教育厅专属整改问题".encode() not in response.content  # shared strings: check through openpyxl
    cells = [
        c
        for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
        for c in row
    ]
    assert "教育厅专属整改问题" in cells


def test_the_other_branch_never_appears_in_lists(world, b1_objects, login):
    client = login(world.unit_staff)
    for url in [
        "/people/members/",
        "/meetings/",
        "/orgs/?q=教育厅",
        "/meetings/cadence/",
        "/meetings/youth-groups/",
        "/meetings/youth-groups/coverage/",
        "/meetings/prompts/",
        "/meetings/materials/?year=2024",
        "/meetings/ledgers/",
        "/sites/",
        "/sites/?status=proposed",
        "/awards/{selection}/".format(**b1_objects),
        "/complaints/",
        "/campaigns/",
        "/problems/",
        "/problems/queues/",
        "/problems/progress/",
        "/problems/?queue=overdue",
        "/assessments/",
        "/activities/",
        "/activities/returns/",
        "/events/",
        "/transfers/",
        "/transfers/?box=overdue",
        "/transfers/mobile/",
        "/transfers/inactive/",
        "/care/medals/?year=2024",
        "/care/?year=2024",
        "/fees/?year=2024",
        "/development/",
        "/elections/",
        "/elections/elections/",
        "/elections/adjustments/",
        "/elections/pretests/",
    ]:
        page = client.get(url).content.decode()
        assert "孙七" not in page and "省教育厅第一党支部" not in page, url
        assert "教育厅青年理论学习小组" not in page and "教育厅专属" not in page, url


def test_the_ledgers_and_result_lists_leave_out_the_other_branch(world, b1_objects, login):
    import io

    from python_calamine import CalamineWorkbook

    client = login(world.unit_staff)
    for url in ["/sites/export.xlsx", "/awards/{selection}/results.xlsx".format(**b1_objects)]:
        response = client.get(url)
        assert response.status_code == 200, url
        rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
        assert not any("省教育厅第一党支部" in str(cell) for row in rows for cell in row), url
    for method, path in [
        ("get", "/api/v1/demo-sites"),
        ("get", "/api/v1/selections/{selection}/nominations"),
        ("get", "/api/v1/complaints"),
    ]:
        from dangjian.tests.api import auth

        body = getattr(client, method)(
            path.format(**b1_objects), headers=auth(world.unit_staff)
        ).content.decode()
        assert "省教育厅第一党支部" not in body and "教育厅专属" not in body, path


# --- registries: initiatives, pairings, village cadres, masses -------------------------------------
# The records of b1's unit (省教育厅): outside the scope of unit staff, the secretary, the branch
# committee member and the member of a1, every page, export and API address of them is 404 (or 403
# for a role with no subtree at all), and lists never show them.


@pytest.fixture
def b1_registries(world):
    from dangjian.core import creditcode
    from dangjian.initiatives import services as initiative_services
    from dangjian.masses import services as masses_services
    from dangjian.pairings import services as pairing_services
    from dangjian.villages import services as village_services

    c, d = world.committee, dt.date(2023, 3, 1)
    initiative = initiative_services.initiative_create(
        actor=c, organization=world.b1, kind="brand", name="教育厅专属品牌", established_on=d
    )
    park = pairing_services.park_create(actor=c, name="教育厅专属园区", area="dalian")
    enterprise = pairing_services.enterprise_create(
        actor=c, name="教育厅专属企业", credit_code=creditcode.synthetic("210200", 77), area="dalian"
    )
    pairing = pairing_services.pairing_create(actor=c, unit=world.unit_b, started_on=d, enterprise=enterprise)
    stationing = village_services.stationing_create(
        actor=c,
        person=world.people["member_b1"],
        unit=world.unit_b,
        role="first_secretary",
        area="chaoyang",
        village="教育厅专属村",
        started_on=d,
    )
    team = village_services.team_create(actor=c, name="教育厅专属调研组", started_on=d)
    finding = village_services.finding_add(
        actor=c, team=team, area="chaoyang", unit=world.unit_b, found_on=d, description="教育厅专属调研问题"
    )
    post = masses_services.post_create(actor=c, unit=world.unit_b, title="教育厅专属岗位", offered_on=d)
    application = masses_services.application_create(
        actor=c, post=post, name="学生", school="辽宁大学", applied_on=d
    )
    suggestion = masses_services.suggestion_create(
        actor=c,
        drive="百名博士献百策",
        submitter="博士",
        unit=world.unit_b,
        topic="教育厅专属建议",
        text="t",
        submitted_on=d,
    )
    return {
        "initiative": initiative.pk,
        "park": park.pk,
        "pairing": pairing.pk,
        "stationing": stationing.pk,
        "team": team.pk,
        "survey_problem": finding.problem_id,
        "post": post.pk,
        "application": application.pk,
        "suggestion": suggestion.pk,
    }


REGISTRY_PAGES = [
    ("get", "/initiatives/{initiative}/"),
    ("get", "/initiatives/{initiative}/edit/"),
    ("post", "/initiatives/{initiative}/close/"),
    ("get", "/pairings/{pairing}/"),
    ("post", "/pairings/{pairing}/"),
    ("get", "/villages/{stationing}/"),
    ("post", "/villages/{stationing}/"),
    ("get", "/villages/teams/{team}/"),
    ("get", "/problems/{survey_problem}/"),
    ("get", "/masses/internships/{post}/"),
    ("post", "/masses/internships/{post}/"),
    ("get", "/masses/suggestions/{suggestion}/"),
    ("post", "/masses/suggestions/{suggestion}/"),
]
REGISTRY_API: list[tuple] = [
    ("get", "/api/v1/initiatives/{initiative}"),
    ("patch", "/api/v1/initiatives/{initiative}", {"name": "x"}),
    ("post", "/api/v1/initiatives/{initiative}/close", {"closed_on": "2023-06-01"}),
    ("get", "/api/v1/pairings/{pairing}"),
    ("patch", "/api/v1/pairings/{pairing}", {"visits": 3}),
    ("get", "/api/v1/village-cadres/{stationing}"),
    ("get", "/api/v1/village-cadres/{stationing}/months"),
    ("post", "/api/v1/village-cadres/{stationing}/months", {"month": "2023-04-01", "days_present": 20}),
    (
        "post",
        "/api/v1/village-cadres/{stationing}/leaves",
        {"starts_on": "2023-04-01", "ends_on": "2023-04-02", "reason": "x"},
    ),
    (
        "post",
        "/api/v1/village-cadres/{stationing}/checks",
        {"checked_on": "2023-04-01", "in_village": False, "at_unit": False},
    ),
    ("get", "/api/v1/survey-teams/{team}"),
    ("get", "/api/v1/survey-teams/{team}/findings"),
    ("get", "/api/v1/internship-posts/{post}"),
    ("get", "/api/v1/internship-posts/{post}/applications"),
    ("post", "/api/v1/internship-applications/{application}/decide", {"status": "accepted"}),
    ("get", "/api/v1/suggestions/{suggestion}"),
    ("post", "/api/v1/suggestions/{suggestion}/adopt", {"adopted_on": "2023-06-01"}),
]
# Lists and exports: the other unit's records never appear (a list of 200, an export's rows).
REGISTRY_LISTS = [
    "/initiatives/",
    "/initiatives/export.xlsx",
    "/pairings/",
    "/pairings/export.xlsx",
    "/villages/",
    "/villages/export.xlsx",
    "/villages/checks/?start=2023-01-01&end=2023-12-31",
    "/villages/checks/absent.xlsx?start=2023-01-01&end=2023-12-31",
    "/villages/teams/",
    "/masses/internships/",
    "/masses/internships/export.xlsx",
    "/masses/suggestions/",
    "/masses/suggestions/export.xlsx",
    "/api/v1/initiatives",
    "/api/v1/initiatives-export",
    "/api/v1/pairings",
    "/api/v1/pairings-export",
    "/api/v1/village-cadres",
    "/api/v1/village-cadres-export",
    "/api/v1/village-cadres-absent?start=2023-01-01&end=2023-12-31",
    "/api/v1/survey-teams",
    "/api/v1/internship-posts",
    "/api/v1/internship-posts-export",
    "/api/v1/suggestions",
    "/api/v1/suggestions-export",
]


def _xlsx_text(content: bytes) -> str:
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(
        str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    )


@pytest.mark.parametrize("role", OUTSIDE)
def test_outside_scope_every_registry_page_of_the_other_unit_is_404(world, b1_registries, client, role):
    c = _client(client, getattr(world, role))
    for method, url in REGISTRY_PAGES:
        response = getattr(c, method)(url.format(**b1_registries))
        allowed = (404, 403) if role in ("member", "outsider") else (404,)
        assert response.status_code in allowed, (role, method, url, response.status_code)


@pytest.mark.parametrize("role", OUTSIDE[:-1])
def test_outside_scope_every_registry_api_endpoint_of_the_other_unit_is_404(
    world, b1_registries, client, role
):
    from dangjian.tests.api import auth, send

    headers = auth(getattr(world, role))
    for method, url, *payload in REGISTRY_API:
        url = url.format(**b1_registries)
        if method == "get":
            response = client.get(url, headers=headers)
        else:
            response = send(client, method, url, payload[0] if payload else {}, headers)
        assert response.status_code == 404, (role, method, url, response.status_code)


def test_the_root_roles_see_the_other_units_registries(world, b1_registries, client):
    c = _client(client, world.committee)
    for method, url in REGISTRY_PAGES:
        if method == "get":
            assert c.get(url.format(**b1_registries)).status_code == 200, url
    c = _client(client, world.auditor)
    assert c.get(REGISTRY_PAGES[0][1].format(**b1_registries)).status_code == 200


def test_the_other_units_registries_never_appear_in_lists_or_exports(world, b1_registries, client):
    from dangjian.tests.api import auth

    c = _client(client, world.unit_staff)
    headers = auth(world.unit_staff)
    for url in REGISTRY_LISTS:
        response = c.get(url, headers=headers) if url.startswith("/api/") else c.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = (
            _xlsx_text(response.content)
            if response["Content-Type"].startswith("application/vnd.openxmlformats")
            else response.content.decode()
        )
        assert "教育厅专属" not in body and "孙七" not in body, url
    # The provincial registry of parks and enterprises is shared by every reader of a subtree.
    assert "教育厅专属园区" in c.get("/pairings/registry/").content.decode()


# The imports of pairings and suggestions: a unit imports only into its own scope (a row naming the
# other unit is refused, naming the row), and a dry run is seen only by whoever uploaded it.
REGISTRY_IMPORTS = [
    (
        "dangjian.pairings.imports:PAIRING_IMPORT",
        "/pairings/import/",
        "对接关系",
        ["选派单位", "对接类型", "园区或企业名称", "对接开始"],
        ["省教育厅", "园区", "共用园区", "2023-03-01"],
        "选派单位",
    ),
    (
        "dangjian.masses.imports:SUGGESTION_IMPORT",
        "/masses/suggestions/import/",
        "建言献策",
        ["活动", "建言人", "推荐单位", "题目", "建议内容", "提交日期"],
        ["百名博士献百策", "王博", "省教育厅", "t", "建议", "2023-06-01"],
        "推荐单位",
    ),
]


@pytest.mark.parametrize("spec", REGISTRY_IMPORTS, ids=["pairings", "suggestions"])
def test_a_registry_import_cannot_target_the_other_unit_and_its_dry_run_is_the_uploaders(world, client, spec):
    import importlib

    from dangjian.pairings import services as pairing_services
    from dangjian.tests.registry_helpers import workbook

    path, url, sheet, headers, row, column = spec
    module, name = path.split(":")
    flow = getattr(importlib.import_module(module), name)
    pairing_services.park_create(actor=world.committee, name="共用园区", area="dalian")
    job = flow.submit(actor=world.unit_staff, data=workbook(sheet, headers, [row]), filename="t.xlsx")
    job.refresh_from_db()
    assert [(e["row"], e["column"]) for e in job.result["errors"]] == [(2, column)]
    assert _client(client, world.unit_staff).get(f"{url}{job.pk}/").status_code == 200
    for role in ("secretary", "branch_committee"):
        assert _client(client, getattr(world, role)).get(f"{url}{job.pk}/").status_code == 404, role
    assert _client(client, world.member).get(url).status_code in (403, 404)
