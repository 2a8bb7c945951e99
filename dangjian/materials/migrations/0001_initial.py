"""Study materials move out of meetings: the models change app, the tables
(meetings_studymaterial...) stay as they are, so no row is copied."""

import django.db.models.deletion
from django.db import migrations, models

from dangjian.core.model_moves import move_content_types

MODELS = ["studymaterial", "materialdistribution"]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0003_meeting_date_index"),
        ("organizations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StudyMaterial",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                        ("title", models.CharField(max_length=200, verbose_name="书名")),
                        ("publisher", models.CharField(blank=True, max_length=100, verbose_name="出版社")),
                        ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                        ("ordered_copies", models.PositiveIntegerField(default=0, verbose_name="征订数量")),
                    ],
                    options={
                        "verbose_name": "学习材料",
                        "verbose_name_plural": "学习材料",
                        "db_table": "meetings_studymaterial",
                        "ordering": ["-year", "title"],
                    },
                ),
                migrations.CreateModel(
                    name="MaterialDistribution",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                        ("copies", models.PositiveIntegerField(verbose_name="册数")),
                        ("distributed_on", models.DateField(verbose_name="配发日期")),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="material_distributions",
                                to="organizations.partyorganization",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="material_distributions",
                                to="organizations.unit",
                                verbose_name="单位",
                            ),
                        ),
                        (
                            "material",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="distributions",
                                to="materials.studymaterial",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "学习材料配发",
                        "verbose_name_plural": "学习材料配发",
                        "db_table": "meetings_materialdistribution",
                        "ordering": ["-distributed_on", "id"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("copies__gt", 0)), name="distribution_copies_positive"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        move_content_types("meetings", "materials", MODELS),
    ]
