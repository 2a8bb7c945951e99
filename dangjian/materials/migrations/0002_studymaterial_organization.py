"""A study material is filed under the organisation that ordered it (and its root), for scope.
Existing materials were all ordered by the working committee: the top organisation of the tree."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    material = apps.get_model("materials", "StudyMaterial")
    org = apps.get_model("organizations", "PartyOrganization")
    if not material.objects.exists():
        return
    committee = org.objects.filter(depth=1).order_by("path").first()
    if committee is None:
        raise RuntimeError(
            "Study materials exist but the party tree has no top organisation to file them under."
        )
    material.objects.update(organization=committee, root=committee)


class Migration(migrations.Migration):
    dependencies = [
        ("materials", "0001_initial"),
        ("organizations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="studymaterial",
            name="organization",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="study_materials",
                to="organizations.partyorganization",
                verbose_name="征订组织",
            ),
        ),
        migrations.AddField(
            model_name="studymaterial",
            name="root",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.partyorganization",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
