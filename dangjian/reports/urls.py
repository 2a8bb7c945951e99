from django.urls import path

from dangjian.reports import views

app_name = "reports"
urlpatterns = [
    path("annual/", views.annual, name="annual"),
    path("metrics/<str:metric_id>/", views.metric_detail, name="metric"),
    path("metrics/<str:metric_id>/export/", views.metric_export, name="metric_export"),
]
