from django.urls import path

from dangjian.accounts import views, views_admin, views_bulk

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("profile/", views.profile, name="profile"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("users/", views_admin.user_list, name="user_list"),
    path("users/new/", views_admin.user_create, name="user_create"),
    path("users/<int:user_id>/", views_admin.user_detail, name="user_detail"),
    path("users/<int:user_id>/active/", views_admin.user_set_active, name="user_set_active"),
    path("users/<int:user_id>/grants/", views_admin.grant_add, name="grant_add"),
    path("bulk/", views_bulk.bulk_accounts, name="bulk_accounts"),
    path("bulk/<int:job_id>/print/", views_bulk.bulk_print, name="bulk_print"),
    path("grants/<int:grant_id>/revoke/", views_admin.grant_revoke, name="grant_revoke"),
]
