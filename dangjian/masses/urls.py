from django.urls import path

from dangjian.masses import views

app_name = "masses"
urlpatterns = [
    path("internships/", views.post_list, name="posts"),
    path("internships/export.xlsx", views.post_export, name="post_export"),
    path("internships/new/", views.post_create, name="post_create"),
    path("internships/<int:post_id>/", views.post_detail, name="post_detail"),
    path("internships/import/", views.import_page, name="import"),
    path("internships/import/template.xlsx", views.import_template, name="import_template"),
    path("internships/import/<int:job_id>/", views.import_result, name="import_result"),
    path("internships/import/<int:job_id>/commit/", views.import_commit, name="import_commit"),
    path("suggestions/", views.suggestion_list, name="suggestions"),
    path("suggestions/export.xlsx", views.suggestion_export, name="suggestion_export"),
    path("suggestions/new/", views.suggestion_create, name="suggestion_create"),
    path("suggestions/<int:suggestion_id>/", views.suggestion_detail, name="suggestion_detail"),
    path("suggestions/import/", views.suggestion_import_page, name="suggestion_import"),
    path(
        "suggestions/import/template.xlsx",
        views.suggestion_import_template,
        name="suggestion_import_template",
    ),
    path("suggestions/import/<int:job_id>/", views.suggestion_import_result, name="suggestion_import_result"),
    path(
        "suggestions/import/<int:job_id>/commit/",
        views.suggestion_import_commit,
        name="suggestion_import_commit",
    ),
]
