from django.urls import path

from dangjian.prompts import views

app_name = "prompts"
urlpatterns = [
    path("", views.prompt_list, name="list"),
    path("new/", views.prompt_create, name="create"),
    path("<int:prompt_id>/", views.prompt_detail, name="detail"),
    path("<int:prompt_id>/remind/", views.prompt_remind, name="remind"),
    path("<int:prompt_id>/receipts.xlsx", views.prompt_receipts_export, name="receipts_export"),
]
