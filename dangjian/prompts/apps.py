from django.apps import AppConfig


class PromptsConfig(AppConfig):
    name = "dangjian.prompts"
    label = "prompts"
    verbose_name = "工作提示"
