"""The findings keep only their link to the ledger (0002 moved their content into it): the link is
required and the unit, date and description columns go."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("villages", "0002_survey_findings_in_the_ledger"),
    ]

    operations = [
        migrations.AlterField(
            model_name="surveyfinding",
            name="problem",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="survey_finding",
                to="problems.problem",
                verbose_name="问题",
            ),
        ),
        migrations.RemoveField(model_name="surveyfinding", name="description"),
        migrations.RemoveField(model_name="surveyfinding", name="found_on"),
        migrations.RemoveField(model_name="surveyfinding", name="unit"),
        migrations.AlterModelOptions(
            name="surveyfinding",
            options={
                "ordering": ["team", "id"],
                "verbose_name": "调研发现问题",
                "verbose_name_plural": "调研发现问题",
            },
        ),
    ]
