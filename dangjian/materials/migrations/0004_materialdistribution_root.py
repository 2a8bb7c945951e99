"""Every distribution carries the root of its organisation (for sharding by province)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    rows = apps.get_model("materials", "MaterialDistribution")
    org = apps.get_model("organizations", "PartyOrganization")
    own = org.objects.filter(pk=OuterRef("organization_id"))
    rows.objects.update(root_id=Coalesce(Subquery(own.values("root_id")[:1]), F("organization_id")))


class Migration(migrations.Migration):
    dependencies = [
        ("materials", "0003_studymaterial_organization_required"),
        ("organizations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="materialdistribution",
            name="root",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.partyorganization",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
