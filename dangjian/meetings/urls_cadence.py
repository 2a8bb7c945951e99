from django.urls import path

from dangjian.meetings import views_cadence as v

urlpatterns = [
    path("cadence/", v.cadence_page, name="cadence"),
    path("cadence/overdue/", v.cadence_overdue, name="cadence_overdue"),
    path("cadence/export/", v.cadence_export, name="cadence_export"),
    path("central-group/", v.central_group_list, name="central_group_list"),
    path("central-group/<int:meeting_id>/", v.central_group_detail, name="central_group_detail"),
]
