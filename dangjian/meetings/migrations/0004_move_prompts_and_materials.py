"""Work prompts and study materials now belong to their own apps (prompts, materials): drop them
from this app's state only; their tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("materials", "0001_initial"),
        ("prompts", "0001_initial"),
        ("meetings", "0003_meeting_date_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="materialdistribution",
                    name="material",
                ),
                migrations.RemoveField(
                    model_name="materialdistribution",
                    name="organization",
                ),
                migrations.RemoveField(
                    model_name="materialdistribution",
                    name="unit",
                ),
                migrations.RemoveField(
                    model_name="workprompt",
                    name="recipients",
                ),
                migrations.RemoveField(
                    model_name="workprompt",
                    name="sender",
                ),
                migrations.RemoveField(
                    model_name="workprompt",
                    name="sender_org",
                ),
                migrations.RemoveField(
                    model_name="workpromptreminder",
                    name="prompt",
                ),
                migrations.RemoveField(
                    model_name="workpromptread",
                    name="prompt",
                ),
                migrations.RemoveField(
                    model_name="workpromptread",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="workpromptreminder",
                    name="sent_by",
                ),
                migrations.RemoveField(
                    model_name="workpromptreminder",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="StudyMaterial",
                ),
                migrations.DeleteModel(
                    name="MaterialDistribution",
                ),
                migrations.DeleteModel(
                    name="WorkPrompt",
                ),
                migrations.DeleteModel(
                    name="WorkPromptRead",
                ),
                migrations.DeleteModel(
                    name="WorkPromptReminder",
                ),
            ],
            database_operations=[],
        ),
    ]
