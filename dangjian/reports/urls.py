from django.urls import path

from dangjian.reports import views

app_name = "reports"
urlpatterns = [
    path("annual/", views.placeholder, name="annual"),
]
