from django.urls import path

from dangjian.care import views

app_name = "care"
urlpatterns = [
    path("medals/", views.medal_page, name="medals"),
    path("", views.care_page, name="care"),
]
