from django.urls import path

from dangjian.meetings import views_placeholder

urlpatterns = [
    path("", views_placeholder.placeholder, name="list"),
    path("mine/", views_placeholder.placeholder, name="my_attendance"),
]
