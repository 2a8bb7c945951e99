from django.urls import path

from dangjian.meetings import views_meetings as v

urlpatterns = [
    path("", v.meeting_list, name="list"),
    path("mine/", v.my_attendance, name="my_attendance"),
    path("new/", v.meeting_create, name="create"),
    path("<int:meeting_id>/", v.meeting_detail, name="detail"),
    path("<int:meeting_id>/edit/", v.meeting_edit, name="edit"),
    path("<int:meeting_id>/attendance/", v.meeting_attendance, name="attendance"),
    path("<int:meeting_id>/attendance/add/", v.attendance_add, name="attendance_add"),
    path("<int:meeting_id>/votes/", v.vote_create, name="vote_create"),
    path("<int:meeting_id>/appraisal/", v.appraisal_save, name="appraisal"),
    path("<int:meeting_id>/attachments/", v.attachment_upload, name="attachment_upload"),
    path("<int:meeting_id>/attachments/<int:attachment_id>/", v.attachment_download, name="attachment"),
    path("<int:meeting_id>/attachments/<int:attachment_id>/delete/", v.attachment_delete,
         name="attachment_delete"),
    path("<int:meeting_id>/record.docx", v.record_docx, name="record_docx"),
    path("<int:meeting_id>/signin-sheet.docx", v.signin_sheet_docx, name="signin_sheet_docx"),
]
