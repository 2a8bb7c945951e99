from django.urls import path

from dangjian.activities.views import activities, imports, participants, returns, signin

app_name = "activities"
urlpatterns = [
    path("", activities.activity_list, name="list"),
    path("export.xlsx", activities.activity_export, name="export"),
    path("new/", activities.activity_create, name="create"),
    path("<int:activity_id>/", activities.activity_detail, name="detail"),
    path("<int:activity_id>/edit/", activities.activity_edit, name="edit"),
    path("<int:activity_id>/delete/", activities.activity_delete, name="delete"),
    # participants
    path("<int:activity_id>/participants/add/", participants.add, name="participants_add"),
    path("<int:activity_id>/participants/mark/", participants.mark, name="participants_mark"),
    path("<int:activity_id>/participants/save-list/", participants.save_as_list, name="save_list"),
    path("<int:activity_id>/participants.xlsx", participants.export, name="participants_export"),
    path("<int:activity_id>/participants/<int:row_id>/", participants.row_update, name="row_update"),
    path("<int:activity_id>/participants/<int:row_id>/remove/", participants.row_remove, name="row_remove"),
    path("lists/", participants.saved_list_page, name="saved_lists"),
    path("lists/<int:list_id>/delete/", participants.saved_list_delete, name="saved_list_delete"),
    # QR sign-in (core.signin). Only the scan URL is public; the confirm URL needs a login.
    path("<int:activity_id>/screen/", signin.screen, name="signin_screen"),
    path("<int:activity_id>/screen/qr.svg", signin.screen_qr, name="signin_qr"),
    path("<int:activity_id>/screen/status/", signin.screen_status, name="signin_status"),
    path("signin/<int:activity_id>/<str:token>/", signin.scan, name="signin_scan"),
    path("<int:activity_id>/signin/confirm/", signin.confirm, name="signin_confirm"),
    # import of participants
    path("import/", imports.import_page, name="import"),
    path("import/template/", imports.import_template, name="import_template"),
    path("import/<int:job_id>/", imports.import_result, name="import_result"),
    path("import/<int:job_id>/commit/", imports.import_commit, name="import_commit"),
    # unit returns
    path("returns/", returns.return_list, name="returns"),
    path("returns/new/", returns.return_create, name="return_create"),
    path("returns/<int:return_id>/", returns.return_detail, name="return_detail"),
    path("returns/<int:return_id>/file/", returns.return_file, name="return_file"),
    path("returns/<int:return_id>/export.xlsx", returns.return_export, name="return_export"),
]
