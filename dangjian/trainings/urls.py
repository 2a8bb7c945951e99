from django.urls import path

from dangjian.trainings import views

app_name = "trainings"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<int:programme_id>/", views.programme_detail, name="programme"),
    path("classes/<int:class_id>/", views.class_detail, name="class"),
    path("classes/<int:class_id>/enrol/", views.class_enrol, name="enrol"),
    path("classes/<int:class_id>/quota/", views.class_quota, name="quota"),
    path("classes/<int:class_id>/attendance/", views.class_attendance, name="attendance"),
    path("classes/<int:class_id>/complete/", views.class_complete, name="complete"),
    path("classes/<int:class_id>/complete-one/", views.trainee_complete, name="trainee_complete"),
    path("classes/<int:class_id>/export/<str:what>/", views.class_export, name="export"),
    path("hours/", views.hours, name="hours"),
    path("hours/export/", views.hours_export, name="hours_export"),
]
