from django.urls import path

from dangjian.problems import views

app_name = "problems"
urlpatterns = [
    path("", views.problem_list, name="list"),
    path("new/", views.problem_create, name="create"),
    path("queues/", views.queues, name="queues"),
    path("progress/", views.progress, name="progress"),
    path("export.xlsx", views.export, name="export"),
    path("import/", views.import_page, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:job_id>/", views.import_result, name="import_result"),
    path("import/<int:job_id>/commit/", views.import_commit, name="import_commit"),
    path("<int:problem_id>/", views.problem_detail, name="detail"),
    path("<int:problem_id>/transition/", views.problem_transition, name="transition"),
    path("<int:problem_id>/edit/", views.problem_edit, name="edit"),
    path("<int:problem_id>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<int:problem_id>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
