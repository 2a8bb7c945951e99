from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "dangjian.organizations"
    label = "organizations"
    verbose_name = "组织"

    def ready(self) -> None:
        from dangjian.organizations import lookups  # noqa: F401 - registers path__under
