from django.urls import path

from dangjian.meetings.views import cadence, ledgers, meetings, signin, youth

app_name = "meetings"
urlpatterns = [
    # meetings, attendance, votes, appraisals, attachments, documents
    path("", meetings.meeting_list, name="list"),
    path("mine/", meetings.my_attendance, name="my_attendance"),
    path("new/", meetings.meeting_create, name="create"),
    path("<int:meeting_id>/", meetings.meeting_detail, name="detail"),
    path("<int:meeting_id>/edit/", meetings.meeting_edit, name="edit"),
    path("<int:meeting_id>/attendance/", meetings.meeting_attendance, name="attendance"),
    path("<int:meeting_id>/attendance/add/", meetings.attendance_add, name="attendance_add"),
    path("<int:meeting_id>/votes/", meetings.vote_create, name="vote_create"),
    path("<int:meeting_id>/appraisal/", meetings.appraisal_save, name="appraisal"),
    path("<int:meeting_id>/attachments/", meetings.attachment_upload, name="attachment_upload"),
    path(
        "<int:meeting_id>/attachments/<int:attachment_id>/", meetings.attachment_download, name="attachment"
    ),
    path(
        "<int:meeting_id>/attachments/<int:attachment_id>/delete/",
        meetings.attachment_delete,
        name="attachment_delete",
    ),
    path("<int:meeting_id>/record.docx", meetings.record_docx, name="record_docx"),
    path("<int:meeting_id>/signin-sheet.docx", meetings.signin_sheet_docx, name="signin_sheet_docx"),
    # QR sign-in. Only the scan URL is public (`@login_not_required`); the confirm URL needs a login.
    path("<int:meeting_id>/screen/", signin.screen, name="signin_screen"),
    path("<int:meeting_id>/screen/qr.svg", signin.screen_qr, name="signin_qr"),
    path("<int:meeting_id>/screen/status/", signin.screen_status, name="signin_status"),
    path("<int:meeting_id>/screen/close/", signin.screen_close, name="signin_close"),
    path("signin/<int:meeting_id>/<str:token>/", signin.scan, name="signin_scan"),
    path("<int:meeting_id>/signin/confirm/", signin.confirm, name="signin_confirm"),
    # cadence compliance and central-group study
    path("cadence/", cadence.cadence_page, name="cadence"),
    path("cadence/overdue/", cadence.cadence_overdue, name="cadence_overdue"),
    path("cadence/export/", cadence.cadence_export, name="cadence_export"),
    path("central-group/", cadence.central_group_list, name="central_group_list"),
    path("central-group/<int:meeting_id>/", cadence.central_group_detail, name="central_group_detail"),
    # youth study groups
    path("youth-groups/", youth.youth_group_list, name="youth_groups"),
    path("youth-groups/new/", youth.youth_group_create, name="youth_group_create"),
    path("youth-groups/coverage/", youth.youth_coverage, name="youth_coverage"),
    path("youth-groups/<int:group_id>/", youth.youth_group_detail, name="youth_group_detail"),
    path("youth-groups/<int:group_id>/edit/", youth.youth_group_edit, name="youth_group_edit"),
    path("youth-groups/<int:group_id>/dissolve/", youth.youth_group_dissolve, name="youth_group_dissolve"),
    path("youth-groups/<int:group_id>/members/", youth.youth_member_add, name="youth_member_add"),
    path(
        "youth-groups/<int:group_id>/members/<int:member_id>/leave/",
        youth.youth_member_remove,
        name="youth_member_remove",
    ),
    path(
        "youth-groups/<int:group_id>/activities/", youth.youth_activity_create, name="youth_activity_create"
    ),
    # meeting ledgers: export and historical import
    path("ledgers/", ledgers.ledger_page, name="ledgers"),
    path("ledgers/import/", ledgers.import_page, name="ledger_import"),
    path("ledgers/import/template/", ledgers.import_template, name="ledger_import_template"),
    path("ledgers/import/<int:job_id>/", ledgers.import_result, name="ledger_import_result"),
    path("ledgers/import/<int:job_id>/commit/", ledgers.import_commit, name="ledger_import_commit"),
]
