import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AlterModelOptions(
            name="apitoken",
            options={
                "ordering": ["-created_at", "-id"],
                "verbose_name": "API令牌",
                "verbose_name_plural": "API令牌",
            },
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        # Tokens issued before expiry existed end now: their holders ask for a new one.
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="到期时间"),
            preserve_default=False,
        ),
    ]
