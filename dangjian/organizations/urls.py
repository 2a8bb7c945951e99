from django.urls import path

from dangjian.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("manage/", views.tree, name="org_list"),
    path("units/", views.tree, name="unit_list"),
]
