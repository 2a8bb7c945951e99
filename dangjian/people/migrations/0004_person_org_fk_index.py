import django.db.models.deletion
from django.db import migrations, models

# Only the single-column index of Person.organization goes (person_org_name_idx starts with the same
# column): dropped by name, so SQLite does not rebuild the person table and PostgreSQL keeps its
# foreign key as it is.
INDEX = "people_person_organization_id_08812cbc"


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_initial"),
        ("people", "0003_person_id_last4"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="people",
                        to="organizations.partyorganization",
                        verbose_name="所在党组织",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    f'CREATE INDEX "{INDEX}" ON "people_person" ("organization_id")',
                ),
            ],
        ),
    ]
