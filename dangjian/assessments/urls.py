from django.urls import path

from dangjian.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.assessment_create, name="create"),
    path("<int:assessment_id>/", views.assessment_detail, name="detail"),
    path("<int:assessment_id>/action/", views.assessment_action, name="action"),
    path("<int:assessment_id>/step/", views.assessment_step, name="step"),
    path("<int:assessment_id>/units/<int:assessed_id>/", views.score_sheet, name="sheet"),
    path("appraisals/new/", views.round_create, name="round_create"),
    path("appraisals/<int:round_id>/", views.round_detail, name="round"),
    path("appraisals/item/<int:appraisal_id>/", views.appraisal_detail, name="appraisal"),
    path("appraisals/item/<int:appraisal_id>/step/", views.appraisal_step, name="appraisal_step"),
]
