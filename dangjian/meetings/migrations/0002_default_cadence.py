from django.db import migrations

from dangjian.meetings.rules import DEFAULT_CADENCE


def seed(apps, schema_editor):
    CadenceRule = apps.get_model("meetings", "CadenceRule")
    for kind, period, min_count, holder, source, confidence in DEFAULT_CADENCE:
        CadenceRule.objects.update_or_create(
            kind=kind,
            defaults={
                "period": period,
                "min_count": min_count,
                "holder": holder,
                "source": source,
                "confidence": confidence,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("meetings", "CadenceRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
