from django.db import migrations

# rules.md §2a (secondary source): the defaults the committee may change.
DEFAULTS = [("member", 32), ("leader", 56)]
SOURCE = "2019–2023年全国党员教育培训工作规划（rules.md §2a，二手来源）"


def add_defaults(apps, schema_editor):
    HoursRequirement = apps.get_model("trainings", "HoursRequirement")
    for category, hours in DEFAULTS:
        HoursRequirement.objects.get_or_create(
            category=category, defaults={"hours": hours, "source": SOURCE, "confidence": "secondary"}
        )


class Migration(migrations.Migration):
    dependencies = [("trainings", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
