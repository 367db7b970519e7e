"""The network and handle now live on identities only.

The fields get a default before they go, so that going back can add them again to
existing rows (0003 then fills them in).
"""

from django.db import migrations, models

from comptoir.core.networks import Network


class Migration(migrations.Migration):
    dependencies = [("contacts", "0003_handles_become_identities")]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="network",
            field=models.CharField(
                choices=Network.choices, default="", max_length=30, verbose_name="network"
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="handle",
            field=models.CharField(default="", max_length=150, verbose_name="handle"),
        ),
        migrations.RemoveField(model_name="person", name="handle"),
        migrations.RemoveField(model_name="person", name="network"),
    ]
