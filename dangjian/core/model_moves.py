"""A migration step for a model that moves from one app to another while keeping its table
(the move itself is a `SeparateDatabaseAndState` with state operations only)."""

from django.db import migrations


def move_content_types(old_app: str, new_app: str, models: list[str]) -> migrations.RunPython:
    """Carry the content types (and so the permissions) of the moved models over to `new_app`."""

    def forwards(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        for ct in content_type.objects.filter(app_label=old_app, model__in=models):
            if not content_type.objects.filter(app_label=new_app, model=ct.model).exists():
                content_type.objects.filter(pk=ct.pk).update(app_label=new_app)

    def backwards(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        content_type.objects.filter(app_label=new_app, model__in=models).update(app_label=old_app)

    return migrations.RunPython(forwards, backwards)
