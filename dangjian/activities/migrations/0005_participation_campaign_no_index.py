"""Drop the campaign's own index on the participation table (the covering indexes begin with the
campaign). The field changes in the state only: on SQLite an AlterField rebuilds the whole table
(a million rows at ten times the demo) to drop one index."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "activities_participation_campaign_id_dc6407b9"


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0004_participation_campaign_day_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="participation",
                    name="campaign",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="activities.campaign",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    f'CREATE INDEX "{INDEX}" ON "activities_participation" ("campaign_id")',
                ),
            ],
        ),
    ]
