from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "dangjian.users"
    label = "users"
    verbose_name = "用户管理"
