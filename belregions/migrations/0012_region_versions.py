from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("belregions", "0011_month_and_year_read_models"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegionVersion",
            fields=[
                ("code", models.CharField(max_length=12, primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(default=1)),
            ],
        ),
    ]
