from django.apps import AppConfig


class TrainingsConfig(AppConfig):
    name = "dangjian.trainings"
    label = "trainings"
    verbose_name = "教育培训"
