"""Load the 98 regions and 24 sectors from belregions/data/*.csv."""

from django.db import migrations

from belregions import reference


def load(apps, schema_editor):
    reference.load_regions(apps.get_model("belregions", "Region"))
    reference.load_sectors(apps.get_model("belregions", "Sector"))


class Migration(migrations.Migration):
    dependencies = [("belregions", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
