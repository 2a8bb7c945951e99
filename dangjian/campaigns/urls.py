from django.urls import path

from dangjian.campaigns.views import campaigns, outcomes

app_name = "campaigns"
urlpatterns = [
    path("", campaigns.campaign_list, name="list"),
    path("new/", campaigns.campaign_create, name="create"),
    path("<int:campaign_id>/", campaigns.campaign_detail, name="detail"),
    path("<int:campaign_id>/edit/", campaigns.campaign_edit, name="edit"),
    path("<int:campaign_id>/activities/new/", campaigns.activity_create, name="activity_create"),
    path("<int:campaign_id>/activities/<int:activity_id>/", campaigns.activity_detail, name="activity"),
    path("<int:campaign_id>/deeds/", outcomes.deeds, name="deeds"),
    path("<int:campaign_id>/deeds.xlsx", outcomes.deeds_export, name="deeds_export"),
    path("<int:campaign_id>/difficulties/", outcomes.difficulties, name="difficulties"),
    path("<int:campaign_id>/difficulties.xlsx", outcomes.difficulties_export, name="difficulties_export"),
    path("<int:campaign_id>/projects/", outcomes.projects, name="projects"),
    path("<int:campaign_id>/projects.xlsx", outcomes.projects_export, name="projects_export"),
    path("deeds/<int:deed_id>/edit/", outcomes.deed_edit, name="deed_edit"),
    path("difficulties/<int:difficulty_id>/edit/", outcomes.difficulty_edit, name="difficulty_edit"),
    path("deeds/import/", outcomes.deed_import, name="deed_import"),
    path("deeds/import/template.xlsx", outcomes.deed_import_template, name="deed_import_template"),
    path("deeds/import/<int:job_id>/", outcomes.deed_import_result, name="deed_import_result"),
    path("deeds/import/<int:job_id>/commit/", outcomes.deed_import_commit, name="deed_import_commit"),
    path("difficulties/import/", outcomes.difficulty_import, name="difficulty_import"),
    path(
        "difficulties/import/template.xlsx",
        outcomes.difficulty_import_template,
        name="difficulty_import_template",
    ),
    path(
        "difficulties/import/<int:job_id>/",
        outcomes.difficulty_import_result,
        name="difficulty_import_result",
    ),
    path(
        "difficulties/import/<int:job_id>/commit/",
        outcomes.difficulty_import_commit,
        name="difficulty_import_commit",
    ),
    path("projects/import/", outcomes.project_import, name="project_import"),
    path("projects/import/template.xlsx", outcomes.project_import_template, name="project_import_template"),
    path("projects/import/<int:job_id>/", outcomes.project_import_result, name="project_import_result"),
    path(
        "projects/import/<int:job_id>/commit/", outcomes.project_import_commit, name="project_import_commit"
    ),
]
