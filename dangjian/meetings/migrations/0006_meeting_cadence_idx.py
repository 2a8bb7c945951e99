from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_youthstudygroup_root"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(
                fields=["status", "kind", "organization", "held_at"], name="meeting_cadence_idx"
            ),
        ),
    ]
