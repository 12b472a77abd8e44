"""A counter of hard deletions of articles, so the readers' data version need not count the articles."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_article_search_vector")]

    operations = [
        migrations.CreateModel(
            name="ArticleDeletions",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("total", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name_plural": "article deletions"},
        ),
    ]
