from django.urls import path

from dangjian.meetings import views_placeholder

urlpatterns = [
    path("youth-groups/", views_placeholder.placeholder, name="youth_groups"),
    path("prompts/", views_placeholder.placeholder, name="prompts"),
]
