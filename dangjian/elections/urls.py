from django.urls import path

from dangjian.elections import views

app_name = "elections"
urlpatterns = [
    path("", views.terms, name="terms"),
    path("terms.xlsx", views.terms_export, name="terms_export"),
    path("elections/", views.election_list, name="election_list"),
    path("elections/new/", views.election_create, name="election_create"),
    path("elections/<int:election_id>/", views.election_detail, name="election_detail"),
    path("elections/<int:election_id>/decide/", views.election_decide, name="election_decide"),
    path("adjustments/", views.adjustment_list, name="adjustment_list"),
    path("adjustments/new/<int:org_id>/", views.adjustment_create, name="adjustment_create"),
    path("adjustments/<int:adjustment_id>/", views.adjustment_detail, name="adjustment_detail"),
    path("adjustments/<int:adjustment_id>/decide/", views.adjustment_decide, name="adjustment_decide"),
    path("pretests/", views.pretest_list, name="pretest_list"),
    path("pretests/new/", views.pretest_create, name="pretest_create"),
]
