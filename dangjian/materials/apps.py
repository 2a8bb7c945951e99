from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "dangjian.materials"
    label = "materials"
    verbose_name = "学习材料"
