from django.urls import path

from dangjian.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.selection_list, name="list"),
    path("new/", views.selection_create, name="create"),
    path("<int:selection_id>/", views.selection_detail, name="selection"),
    path("<int:selection_id>/results.xlsx", views.selection_results, name="results"),
    path("nominations/<int:nomination_id>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:nomination_id>/step/", views.nomination_step, name="step"),
]
