from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "dangjian.sites"
    label = "sites"
    verbose_name = "示范点"
