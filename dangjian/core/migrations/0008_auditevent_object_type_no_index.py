"""Drop the audit log's single-column index on object_type: the composite audit_object_idx
(object_type, object_id) serves every lookup by type alone (the audit log's filter), and each index
costs every write (a roster import writes one audit row per person).

Only the index is dropped, by name as the database reports it (on PostgreSQL also its _like twin):
a plain AlterField would make SQLite copy the whole append-only table into a new one."""

from django.db import migrations, models


def _object_type_indexes(schema_editor) -> list[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "core_auditevent")
    return sorted(
        name
        for name, c in constraints.items()
        if c["index"] and not c["primary_key"] and not c["unique"] and c["columns"] == ["object_type"]
    )


def drop_index(apps, schema_editor):
    model = apps.get_model("core", "AuditEvent")
    for name in _object_type_indexes(schema_editor):
        schema_editor.execute(schema_editor._delete_index_sql(model, name))


def restore_index(apps, schema_editor):
    model = apps.get_model("core", "AuditEvent")
    if not _object_type_indexes(schema_editor):
        field = model._meta.get_field("object_type")
        for sql in schema_editor._field_indexes_sql(model, field):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_workday_override"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="object_type",
                    field=models.CharField(blank=True, max_length=60, verbose_name="对象类型"),
                ),
            ],
            database_operations=[migrations.RunPython(drop_index, restore_index)],
        ),
    ]
