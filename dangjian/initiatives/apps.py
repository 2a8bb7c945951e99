from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "dangjian.initiatives"
    label = "initiatives"
    verbose_name = "支部特色工作"

    def ready(self) -> None:
        from dangjian.initiatives import imports  # noqa: F401 - registers the import's job handlers
