from django.urls import path

from dangjian.people import views

urlpatterns = [
    path("import/", views.placeholder, name="import"),
]
