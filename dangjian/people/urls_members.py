from django.urls import path

from dangjian.people import views

urlpatterns = [
    path("members/", views.placeholder, name="member_list"),
    path("me/", views.placeholder, name="me"),
]
