from django.urls import path

from dangjian.complaints import views

app_name = "complaints"
urlpatterns = [
    # Public: no login (`@login_not_required`), rate-limited.
    path("report/", views.report, name="report"),
    path("track/", views.track, name="track"),
    # Staff.
    path("", views.complaint_list, name="list"),
    path("<int:complaint_id>/", views.complaint_detail, name="detail"),
    path("<int:complaint_id>/step/", views.complaint_step, name="step"),
    path("<int:complaint_id>/reporter/", views.reporter, name="reporter"),
    path("<int:complaint_id>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
