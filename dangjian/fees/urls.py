from django.urls import path

from dangjian.fees import views

app_name = "fees"
urlpatterns = [
    path("", views.ledger_page, name="ledger"),
    path("members/<int:person_id>/", views.member_fees, name="member"),
    path("publish/", views.publish, name="publish"),
]
