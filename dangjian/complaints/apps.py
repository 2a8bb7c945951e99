from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "dangjian.complaints"
    label = "complaints"
    verbose_name = "作风问题举报"
