"""Work prompts move out of meetings: the models change app, the tables (meetings_workprompt...)
stay as they are, so no row is copied."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from dangjian.core.model_moves import move_content_types

MODELS = ["workprompt", "workpromptread", "workpromptreminder"]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0003_meeting_date_index"),
        ("organizations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WorkPrompt",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                        ("title", models.CharField(max_length=200, verbose_name="标题")),
                        ("body", models.TextField(verbose_name="正文")),
                        ("published_at", models.DateTimeField(verbose_name="发布时间")),
                        (
                            "recipients",
                            models.ManyToManyField(
                                related_name="work_prompts", to="organizations.partyorganization"
                            ),
                        ),
                        (
                            "sender",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "sender_org",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="organizations.partyorganization",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "工作提示",
                        "verbose_name_plural": "工作提示",
                        "db_table": "meetings_workprompt",
                        "ordering": ["-published_at"],
                    },
                ),
                migrations.CreateModel(
                    name="WorkPromptReminder",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("sent_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "prompt",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminders",
                                to="prompts.workprompt",
                            ),
                        ),
                        (
                            "sent_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "meetings_workpromptreminder",
                    },
                ),
                migrations.CreateModel(
                    name="WorkPromptRead",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("read_at", models.DateTimeField()),
                        (
                            "prompt",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reads",
                                to="prompts.workprompt",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "meetings_workpromptread",
                        "constraints": [
                            models.UniqueConstraint(fields=("prompt", "user"), name="prompt_read_unique")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types("meetings", "prompts", MODELS),
    ]
