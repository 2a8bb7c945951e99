from django.urls import path

from dangjian.sites import views

app_name = "sites"
urlpatterns = [
    path("", views.site_list, name="list"),
    path("export.xlsx", views.site_export, name="export"),
    path("new/", views.site_propose, name="propose"),
    path("<int:site_id>/", views.site_detail, name="detail"),
    path("<int:site_id>/step/", views.site_step, name="step"),
    path("branch/<int:org_id>/", views.branch_history, name="branch"),
]
