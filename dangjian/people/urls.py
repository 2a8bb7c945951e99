from django.urls import path

from dangjian.people import views

app_name = "people"
urlpatterns = [
    path("members/", views.placeholder, name="member_list"),
    path("import/", views.placeholder, name="import"),
    path("me/", views.placeholder, name="me"),
]
