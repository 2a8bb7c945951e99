from django.urls import path

from dangjian.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("<int:event_id>/", views.event_detail, name="detail"),
    path("<int:event_id>/edit/", views.event_edit, name="edit"),
    path("<int:event_id>/register/", views.register, name="register"),
    path("<int:event_id>/cases/", views.case_add, name="case_add"),
    path("<int:event_id>/cases/<int:case_id>/remove/", views.case_remove, name="case_remove"),
    path("<int:event_id>/results/", views.result_save, name="result_save"),
    path("<int:event_id>/results.xlsx", views.results_export, name="results_export"),
]
