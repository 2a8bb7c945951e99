from django.apps import AppConfig


class WorkflowExampleConfig(AppConfig):
    """A small example workflow, installed only under pytest (config/settings.py)."""

    name = "dangjian.core.tests.workflow_app"
    label = "workflow_example"
    default_auto_field = "django.db.models.BigAutoField"
