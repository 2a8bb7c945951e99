from django.apps import AppConfig


class FeesConfig(AppConfig):
    name = "dangjian.fees"
    label = "fees"
    verbose_name = "党费"
