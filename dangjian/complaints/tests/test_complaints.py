"""Conduct complaints: the public intake (named and anonymous, attachments checked, rate limits,
query codes), deadlines in working days, every allowed and refused step, and the reporter's
confidentiality (units, their pages and the API never see who reported)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.complaints import codes, errors, rules, services
from dangjian.complaints.enums import ComplaintStatus
from dangjian.complaints.models import Complaint, ComplaintAttachment, ComplaintEvent
from dangjian.core import workdays
from dangjian.core.errors import ApplicationError, Forbidden, NotFound
from dangjian.core.metrics import REGISTRY, Period, ReportScope
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.tests.api import auth, is_chinese_error, send

S = ComplaintStatus
NAMED = {"is_named": True, "name": "刘举报", "phone": "13912345678"}
BODY = {"title": "窗口推诿", "subject": "某处室工作人员", "content": "办理业务时多次推诿，要求反复提交材料。"}


def submit(received_on=dt.date(2024, 3, 1), **kw):
    return services.complaint_submit(**{**BODY, **kw}, received_on=received_on)


@pytest.fixture
def named(world):
    return submit(**NAMED)


def step(c, name, actor, **kw):
    return services.complaint_step(
        actor=actor, complaint=c, name=name, on=kw.pop("on", dt.date(2024, 3, 4)), **kw
    )


def at(c, state, **fields):
    Complaint.objects.filter(pk=c.pk).update(status=state, **fields)
    c.refresh_from_db()
    return c


# --- intake ---------------------------------------------------------------------------------------


def test_a_named_report_is_kept_encrypted_and_gets_a_long_query_code(world, named):
    c = named.complaint
    assert len(codes.normalise(named.code)) == 20 and c.code_hash == codes.code_hash(named.code)
    assert "刘举报" not in c.reporter_name and c.reporter_name  # ciphertext
    assert services.complaint_track(code=named.code.lower().replace("-", " ")) == c
    with pytest.raises(NotFound):
        services.complaint_track(code="AAAAA-AAAAA-AAAAA-AAAAA")
    event = AuditEvent.objects.get(object_type="complaints.complaint", action=AuditAction.CREATE)
    assert "刘举报" not in str(event.changes) and "13912345678" not in str(event.changes)


def test_a_named_report_without_a_name_or_contact_and_a_short_one_are_refused(world):
    cases: list[tuple[dict, str]] = [
        ({"is_named": True, "phone": "13912345678"}, errors.ERR_NAME),
        ({"is_named": True, "name": "刘"}, errors.ERR_CONTACT),
        ({"is_named": True, "name": "刘", "phone": "abc"}, errors.ERR_PHONE),
        ({"content": "太短"}, errors.ERR_CONTENT),
        ({"title": " "}, errors.ERR_TITLE),
    ]
    for kw, message in cases:
        with pytest.raises(ApplicationError) as e:
            submit(**kw)
        assert e.value.message == message
    assert not Complaint.objects.exists()


class Big:
    """An upload that says it is 50 MB (nothing that large is built in memory)."""

    name, size = "录音.pdf", 50 * 1024 * 1024

    def read(self, n=-1):
        return b"%PDF-" + b"0" * (min(n, 1024) - 5)


@pytest.mark.parametrize(
    "upload,message",
    [
        (Big(), errors.ERR_FILE_TOO_BIG.format(name="录音.pdf", mb=10)),
        (
            SimpleUploadedFile("证据.exe", b"MZ\x90\x00rest"),
            errors.ERR_FILE_EXECUTABLE.format(name="证据.exe"),
        ),
        (
            SimpleUploadedFile("证据.pdf", b"MZ\x90\x00rest"),
            errors.ERR_FILE_EXECUTABLE.format(name="证据.pdf"),
        ),
        (
            SimpleUploadedFile("run.sh", b"#!/bin/sh\nrm -rf /"),
            errors.ERR_FILE_EXECUTABLE.format(name="run.sh"),
        ),
        (SimpleUploadedFile("照片.png", b"GIF89a..."), errors.ERR_FILE_TYPE.format(name="照片.png")),
        (SimpleUploadedFile("a.zip", b"PK\x03\x04..."), errors.ERR_FILE_TYPE.format(name="a.zip")),
    ],
)
def test_a_bad_attachment_is_refused_and_nothing_is_written(world, upload, message):
    with pytest.raises(ApplicationError) as e:
        submit(attachments=[SimpleUploadedFile("ok.txt", "说明".encode()), upload])
    assert e.value.message == message
    assert not Complaint.objects.exists() and not ComplaintAttachment.objects.exists()


def test_good_attachments_are_kept_and_more_than_three_refused(world):
    pdf = SimpleUploadedFile("证据.pdf", b"%PDF-1.4 ...")
    done = submit(attachments=[pdf, SimpleUploadedFile("说明.txt", "经过如下".encode())])
    assert [a.name for a in done.complaint.attachments.all()] == ["证据.pdf", "说明.txt"]
    with pytest.raises(ApplicationError) as e:
        submit(attachments=[SimpleUploadedFile(f"{i}.txt", b"x") for i in range(4)])
    assert e.value.message == errors.ERR_TOO_MANY_FILES.format(n=3)


# --- deadlines ------------------------------------------------------------------------------------


def test_the_handover_deadline_skips_the_weekend(world):
    c = submit(received_on=dt.date(2024, 3, 1)).complaint  # a Friday
    assert c.handover_due == dt.date(2024, 3, 8)
    assert c.acknowledge_due is None and c.close_due == dt.date(2024, 4, 30)


def test_the_deadlines_skip_the_national_day_holiday_and_count_the_adjusted_weekend(world):
    c = submit(received_on=dt.date(2023, 9, 27), **NAMED).complaint
    # 9-28 works; 9-29..10-6 holiday; Saturday 10-7 and Sunday 10-8 are working days.
    assert c.handover_due == dt.date(2023, 10, 10)
    assert c.acknowledge_due == dt.date(2023, 10, 24)


def test_the_committee_s_own_day_off_moves_the_deadline(world):
    workdays.override_add(actor=world.committee, day=dt.date(2024, 3, 5), is_working_day=False, note="停电")
    assert submit(received_on=dt.date(2024, 3, 1)).complaint.handover_due == dt.date(2024, 3, 11)


def test_the_limits_are_configurable(world, settings):
    settings.COMPLAINT_LIMITS = {"handover_working_days": 3}
    assert rules.handover_due(dt.date(2024, 3, 1)) == dt.date(2024, 3, 6)


def test_the_result_deadline_of_a_named_report_runs_from_closing(world, discipline, named):
    c = named.complaint
    step(c, "register", discipline, category="attitude", on=dt.date(2024, 3, 4))
    assert c.acknowledged_on == dt.date(2024, 3, 4)
    step(c, "close", discipline, text="已约谈整改", on=dt.date(2024, 3, 8))
    assert c.result_due == dt.date(2024, 3, 29)


# --- the workflow ---------------------------------------------------------------------------------


def test_the_whole_way_register_hand_over_reply_send_back_reply_close(world, discipline, named):
    c = named.complaint
    step(c, "register", discipline, category="attitude")
    assert c.status == S.REGISTERED and c.inspector == discipline
    step(c, "hand_over", discipline, handler=world.oc_a)
    assert c.status == S.HANDED_OVER and c.handler == world.oc_a and c.handed_over_on == dt.date(2024, 3, 4)
    step(c, "reply", world.unit_staff, text="已核实并整改")
    step(c, "send_back", discipline, note="请补充整改材料")
    assert c.status == S.HANDED_OVER
    step(c, "reply", world.unit_staff, text="已补充")
    step(c, "close", discipline, text="反映问题属实，已整改", on=dt.date(2024, 3, 20))
    c.refresh_from_db()
    assert c.status == S.CLOSED and c.result == "反映问题属实，已整改"
    names = list(ComplaintEvent.objects.filter(complaint=c).values_list("transition", flat=True))
    assert names == ["register", "hand_over", "reply", "send_back", "reply", "close"]
    p = Period.year(2024)
    assert REGISTRY["complaints_received"].compute(ReportScope(), p).value == 1
    assert REGISTRY["complaints_handed_over"].compute(ReportScope(), p).value == 1
    assert REGISTRY["complaints_closed_in_time"].compute(ReportScope(), p).value == 1
    assert REGISTRY["complaints_handed_over"].compute(ReportScope(path=world.oc_b.path), p).value == 0


def test_a_late_hand_over_is_not_closed_in_time(world, discipline):
    c = submit().complaint
    step(c, "register", discipline, category="other")
    step(c, "hand_over", discipline, handler=world.oc_a, on=dt.date(2024, 3, 11))  # due 3-8
    step(c, "reply", world.unit_staff, text="已办", on=dt.date(2024, 3, 12))
    step(c, "close", discipline, text="已办结", on=dt.date(2024, 3, 13))
    assert REGISTRY["complaints_closed_in_time"].compute(ReportScope(), Period.year(2024)).value == 0


def test_dismissing_needs_a_reason(world, discipline):
    c = submit().complaint
    with pytest.raises(ApplicationError) as e:
        step(c, "dismiss", discipline)
    assert e.value.message == errors.ERR_REASON
    step(c, "dismiss", discipline, note="不属于受理范围")
    assert c.status == S.DISMISSED and c.result == "不属于受理范围"


@pytest.mark.parametrize(
    "state,name,kw",
    [
        (S.SUBMITTED, "hand_over", {}),
        (S.SUBMITTED, "reply", {"text": "x"}),
        (S.SUBMITTED, "close", {"text": "x"}),
        (S.REGISTERED, "register", {"category": "other"}),
        (S.REGISTERED, "reply", {"text": "x"}),
        (S.HANDED_OVER, "close", {"text": "x"}),
        (S.HANDED_OVER, "hand_over", {}),
        (S.REPLIED, "dismiss", {"note": "x"}),
        (S.CLOSED, "close", {"text": "x"}),
        (S.CLOSED, "send_back", {"note": "x"}),
        (S.DISMISSED, "register", {"category": "other"}),
    ],
)
def test_a_step_not_allowed_from_the_state_is_refused_and_writes_nothing(world, discipline, state, name, kw):
    c = at(submit().complaint, state, handler=world.oc_a)
    with pytest.raises(ApplicationError) as e:
        step(c, name, discipline if name != "reply" else world.unit_staff, handler=world.oc_a, **kw)
    assert "不能执行" in e.value.message
    assert Complaint.objects.get(pk=c.pk).status == state
    assert not ComplaintEvent.objects.exists()


def test_guards_need_the_category_the_handler_the_reply_and_the_result(world, discipline):
    c = submit().complaint
    with pytest.raises(ApplicationError, match="问题类别"):
        step(c, "register", discipline)
    step(c, "register", discipline, category="other")
    with pytest.raises(ApplicationError, match="承办单位"):
        step(c, "hand_over", discipline)
    with pytest.raises(ApplicationError) as e:
        step(c, "hand_over", discipline, handler=world.root)
    assert e.value.message == errors.ERR_HANDLER_ROOT
    with pytest.raises(ApplicationError, match="办结结果"):
        step(c, "close", discipline)
    step(c, "hand_over", discipline, handler=world.oc_a)
    with pytest.raises(ApplicationError, match="办理情况"):
        step(c, "reply", world.unit_staff)


def test_who_may_take_the_steps(world, discipline):
    c = submit().complaint
    for who in (world.committee, world.unit_staff, world.auditor):
        with pytest.raises(Forbidden) as e:
            step(c, "register", who, category="other")
        assert errors.RULE_DISCIPLINE in e.value.message
    step(c, "register", discipline, category="other")
    step(c, "hand_over", discipline, handler=world.a1)
    with pytest.raises(Forbidden):  # the other unit
        step(c, "reply", world.committee if False else _unit_b_staff(world), text="x")
    step(c, "reply", world.secretary, text="支部已整改")
    assert c.status == S.REPLIED


def _unit_b_staff(world):
    from dangjian.accounts.enums import Role
    from dangjian.tests.personas import PASSWORD
    from dangjian.users import services as user_services

    user, _ = user_services.user_create(actor=None, username="t-unit-b", display_name="b", password=PASSWORD)
    user_services.grant_create(actor=None, user=user, role=Role.UNIT_STAFF, organization=world.oc_b)
    return user


# --- confidentiality ------------------------------------------------------------------------------


@pytest.fixture
def handed_over(world, discipline, named):
    c = named.complaint
    step(c, "register", discipline, category="attitude")
    step(c, "hand_over", discipline, handler=world.oc_a)
    return c


def test_units_never_see_the_reporter_in_pages_or_the_api(world, handed_over, login, client):
    c = login(world.unit_staff)
    for url in ["/complaints/", f"/complaints/{handed_over.pk}/"]:
        page = c.get(url).content.decode()
        assert "窗口推诿" in page
        assert "刘举报" not in page and "13912345678" not in page and "查看举报人身份" not in page
        assert "实名" not in page
    assert c.post(f"/complaints/{handed_over.pk}/reporter/").status_code == 403
    h = auth(world.unit_staff)
    for url in ["/api/v1/complaints", f"/api/v1/complaints/{handed_over.pk}"]:
        body = client.get(url, headers=h).content.decode()
        assert "窗口推诿" in body and "刘举报" not in body and "139" not in body and "is_named" not in body
    is_chinese_error(send(client, "post", f"/api/v1/complaints/{handed_over.pk}/reporter", {}, h), 403)
    assert not AuditEvent.objects.filter(action=AuditAction.ACCESS).exists()


def test_a_unit_sees_a_complaint_only_once_handed_over_to_it(world, discipline, login):
    c = submit().complaint
    assert login(world.unit_staff).get(f"/complaints/{c.pk}/").status_code == 404
    step(c, "register", discipline, category="other")
    step(c, "hand_over", discipline, handler=world.oc_b)
    assert login(world.unit_staff).get(f"/complaints/{c.pk}/").status_code == 404
    assert login(world.committee).get(f"/complaints/{c.pk}/").status_code == 200  # the committee over oc_b
    assert login(world.auditor).get(f"/complaints/{c.pk}/").status_code == 404


def test_only_the_assigned_inspector_sees_the_reporter_and_every_view_is_logged(
    world, handed_over, discipline, discipline2, login, client
):
    with pytest.raises(Forbidden):
        services.reporter_reveal(actor=discipline2, complaint=handed_over)
    c = login(discipline2)
    assert "刘举报" not in c.get(f"/complaints/{handed_over.pk}/").content.decode()
    assert c.post(f"/complaints/{handed_over.pk}/reporter/").status_code == 403
    c = login(discipline)
    page = c.get(f"/complaints/{handed_over.pk}/").content.decode()
    assert "刘举报" not in page and "查看举报人身份" in page
    page = c.post(f"/complaints/{handed_over.pk}/reporter/").content.decode()
    assert "刘举报" in page and "13912345678" in page
    body = send(client, "post", f"/api/v1/complaints/{handed_over.pk}/reporter", {}, auth(discipline)).json()
    assert body["name"] == "刘举报"
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.ACCESS, object_type="complaints.complaint", actor=discipline
        ).count()
        == 2
    )


def test_metrics_drill_down_columns_carry_no_reporter(world, handed_over):
    for mid in ("complaints_received", "complaints_handed_over", "complaints_closed_in_time"):
        cols = REGISTRY[mid].compute(ReportScope(), Period.year(2024)).columns or {}
        assert not any("reporter" in v for v in cols.values())


# --- the public pages and API ---------------------------------------------------------------------


def test_the_public_page_takes_an_anonymous_report_and_the_code_follows_it(world, client):
    client.logout()
    r = client.get("/complaints/report/")
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    r = client.post(
        "/complaints/report/", {**BODY, "attachments": [SimpleUploadedFile("a.pdf", b"%PDF-1.7 x")]}
    )
    assert r.status_code == 200, r.content.decode()[-1500:]
    code = r.content.decode().split('id="query-code">')[1].split("<")[0]
    c = Complaint.objects.get()
    assert not c.is_named and c.attachments.count() == 1
    page = client.post("/complaints/track/", {"code": code}).content.decode()
    assert "待登记" in page and "窗口推诿" in page


def test_the_public_page_refuses_an_executable_with_a_message(world, client):
    r = client.post("/complaints/report/", {**BODY, "attachments": [SimpleUploadedFile("x.exe", b"MZ...")]})
    assert r.status_code == 400 and errors.ERR_FILE_EXECUTABLE.format(name="x.exe") in r.content.decode()
    assert not Complaint.objects.exists()


def test_an_oversized_request_is_refused_before_anything_is_read(world, client, settings):
    settings.COMPLAINT_INTAKE = {"max_files": 1, "max_file_mb": 1}
    big = SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024))
    r = client.post("/complaints/report/", {**BODY, "attachments": [big]})
    assert r.status_code == 413 and "提交的内容过大" in r.content.decode()
    assert not Complaint.objects.exists()


def test_guessing_query_codes_is_rate_limited(world, client, settings, named):
    settings.COMPLAINT_INTAKE = {"track_failures": 3}
    for _ in range(3):
        r = client.post("/complaints/track/", {"code": "AAAAA-BBBBB-CCCCC-DDDDD"})
        assert r.status_code == 404 and errors.ERR_CODE in r.content.decode()
    r = client.post("/complaints/track/", {"code": named.code})  # even the right code now
    assert r.status_code == 429 and "查询次数过多" in r.content.decode()
    r = send(client, "post", "/api/v1/public/complaints/track", {"code": named.code}, {})
    is_chinese_error(r, 429)


def test_submissions_are_rate_limited_per_address(world, client, settings):
    settings.COMPLAINT_INTAKE = {"submits_per_hour": 2}
    for _ in range(2):
        assert send(client, "post", "/api/v1/public/complaints", BODY, {}).status_code == 201
    is_chinese_error(send(client, "post", "/api/v1/public/complaints", BODY, {}), 429)
    assert client.post("/complaints/report/", BODY).status_code == 429
    assert Complaint.objects.count() == 2


def test_the_public_api_files_and_tracks_without_login(world, client, discipline):
    r = send(client, "post", "/api/v1/public/complaints", {**BODY, **NAMED}, {})
    assert r.status_code == 201, r.content
    code = r.json()["query_code"]
    assert r.json()["handover_due"]
    is_chinese_error(send(client, "post", "/api/v1/public/complaints", {**BODY, "content": ""}, {}), 422)
    is_chinese_error(send(client, "post", "/api/v1/public/complaints", {**BODY, "is_named": True}, {}), 400)
    c = Complaint.objects.get()
    services.complaint_step(actor=discipline, complaint=c, name="register", category="attitude")
    body = send(client, "post", "/api/v1/public/complaints/track", {"code": code}, {}).json()
    assert body["status"] == "registered" and [s["label"] for s in body["steps"]] == [
        "收到举报",
        "已受理登记",
    ]
    assert "刘举报" not in str(body)
    is_chinese_error(send(client, "post", "/api/v1/public/complaints/track", {"code": "nope"}, {}), 404)
    assert client.get("/api/v1/complaints").status_code == 401


def test_the_staff_api_steps_and_lists_queues(world, client, discipline):
    c = submit(received_on=dt.date(2024, 3, 1)).complaint
    h = auth(discipline)
    assert client.get("/api/v1/complaints?queue=overdue", headers=h).json()["count"] == 1
    r = send(
        client, "post", f"/api/v1/complaints/{c.pk}/steps", {"name": "register", "category": "formalism"}, h
    )
    assert r.status_code == 200, r.content
    assert r.json()["complaint"]["is_named"] is False
    r = send(
        client,
        "post",
        f"/api/v1/complaints/{c.pk}/steps",
        {"name": "hand_over", "handler_id": world.oc_a.pk},
        h,
    )
    assert r.json()["complaint"]["status"] == "handed_over"
    assert client.get("/api/v1/complaints?queue=overdue", headers=h).json()["count"] == 0
    hu = auth(world.unit_staff)
    r = send(client, "post", f"/api/v1/complaints/{c.pk}/steps", {"name": "reply", "text": "已整改"}, hu)
    assert r.status_code == 200 and "is_named" not in r.json()["complaint"]
    is_chinese_error(
        send(client, "post", f"/api/v1/complaints/{c.pk}/steps", {"name": "close", "text": "x"}, hu), 403
    )


def test_the_inspector_s_menu_and_home_show_complaints_and_nothing_of_the_roster(world, discipline, login):
    c = login(discipline)
    home = c.get("/")
    assert home.status_code == 200
    page = home.content.decode()
    assert "作风问题举报" in page and "/people/members/" not in page
    assert "张三" not in c.get("/people/members/").content.decode()  # no read of the roster
    assert c.get("/complaints/").status_code == 200
