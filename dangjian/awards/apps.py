from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "dangjian.awards"
    label = "awards"
    verbose_name = "评选表彰"
