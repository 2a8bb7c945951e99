from django.urls import path

from dangjian.meetings import views_placeholder

urlpatterns = [
    path("cadence/", views_placeholder.placeholder, name="cadence"),
    path("central-group/", views_placeholder.placeholder, name="central_group_list"),
    path("materials/", views_placeholder.placeholder, name="materials"),
]
