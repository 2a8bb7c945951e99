"""Every study material now has its organisation and root (filled by 0002; a separate migration so
that PostgreSQL applies the NOT NULL after the rows were updated)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("materials", "0002_studymaterial_organization"),
    ]

    operations = [
        migrations.AlterField(
            model_name="studymaterial",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="study_materials",
                to="organizations.partyorganization",
                verbose_name="征订组织",
            ),
        ),
        migrations.AlterField(
            model_name="studymaterial",
            name="root",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.partyorganization",
            ),
        ),
    ]
