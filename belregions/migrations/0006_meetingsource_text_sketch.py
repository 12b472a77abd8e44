"""Meeting reports keep their article's text sketch (belregions.near_copies), filled in here for the reports
already recorded, so that a new near copy of an old story finds its meeting without a re-parse."""

from django.db import migrations, models

from belregions.near_copies import sketch


def sketch_recorded_reports(apps, schema_editor):
    MeetingSource = apps.get_model("belregions", "MeetingSource")
    Article = apps.get_model("articles", "Article")
    article_ids = MeetingSource.objects.values_list("article_id", flat=True).distinct().order_by()
    for article_id, text in Article.objects.filter(pk__in=article_ids).values_list("pk", "text").iterator():
        MeetingSource.objects.filter(article_id=article_id).update(text_sketch=sketch(text or ""))


class Migration(migrations.Migration):

    dependencies = [
        ("belregions", "0005_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="meetingsource",
            name="text_sketch",
            field=models.BinaryField(
                blank=True, default=b"",
                help_text="The article's clean text in brief (belregions.near_copies): near copies of one story match",
            ),
        ),
        migrations.RunPython(sketch_recorded_reports, migrations.RunPython.noop, elidable=True),
    ]
