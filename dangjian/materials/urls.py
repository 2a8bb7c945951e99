from django.urls import path

from dangjian.materials import views

app_name = "materials"
urlpatterns = [
    path("", views.material_list, name="list"),
    path("new/", views.material_create, name="create"),
    path("<int:material_id>/", views.material_detail, name="detail"),
]
