from django.urls import path

from dangjian.meetings import views_signin

# /meetings/signin/... is public (LoginRequiredMiddleware.PUBLIC_PREFIXES): only the scan URL lives
# there. The confirm URL is deliberately outside that prefix so that it needs a login.
urlpatterns = [
    path("<int:meeting_id>/screen/", views_signin.screen, name="signin_screen"),
    path("<int:meeting_id>/screen/qr.svg", views_signin.screen_qr, name="signin_qr"),
    path("<int:meeting_id>/screen/status/", views_signin.screen_status, name="signin_status"),
    path("<int:meeting_id>/screen/close/", views_signin.screen_close, name="signin_close"),
    path("signin/<int:meeting_id>/<str:token>/", views_signin.scan, name="signin_scan"),
    path("<int:meeting_id>/signin/confirm/", views_signin.confirm, name="signin_confirm"),
]
