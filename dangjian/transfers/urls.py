from django.urls import path

from dangjian.transfers import views

app_name = "transfers"
urlpatterns = [
    path("", views.transfer_list, name="list"),
    path("new/", views.transfer_start, name="start"),
    path("in/", views.transfer_in, name="register_in"),
    path("<int:transfer_id>/", views.transfer_detail, name="detail"),
    path("<int:transfer_id>/action/", views.transfer_action, name="action"),
    path("<int:transfer_id>/letter.docx", views.transfer_letter, name="letter"),
    path("inactive/", views.inactive_list, name="inactive"),
    path("mobile/", views.mobile_list, name="mobile_list"),
    path("mobile/new/<int:person_id>/", views.mobile_new, name="mobile_new"),
    path("mobile/<int:mobile_id>/end/", views.mobile_end, name="mobile_end"),
    path("mobile/checks/", views.check_start, name="check_start"),
    path("mobile/checks/<int:check_id>/", views.check_detail, name="check_detail"),
    path("mobile/checks/entries/<int:entry_id>/", views.check_result, name="check_result"),
]
