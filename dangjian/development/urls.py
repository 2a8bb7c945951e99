from django.urls import path

from dangjian.development import views

app_name = "development"
urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.create, name="create"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.docx", views.export_docx, name="export_docx"),
    path("<int:applicant_id>/", views.detail, name="detail"),
    path("<int:applicant_id>/step/", views.step, name="step"),
    path("<int:applicant_id>/step/<str:name>/", views.form_step, name="form_step"),
]
