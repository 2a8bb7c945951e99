from django.urls import path

from dangjian.meetings import views_placeholder

urlpatterns: list = []
