from django.apps import AppConfig


class MassesConfig(AppConfig):
    name = "dangjian.masses"
    label = "masses"
    verbose_name = "凝聚各方力量"

    def ready(self) -> None:
        from dangjian.masses import imports  # noqa: F401 - registers the import's job handlers
