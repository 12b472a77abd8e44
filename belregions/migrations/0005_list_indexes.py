"""Indexes for two of the API's lists (see the models' Meta).

`meeting_source_active`: the meetings list shows only reported meetings (a
source not rejected); counting them read every source row, now this index.
`trade_amount`: trade-figures `?ordering=-amount` (or amount) took the first
page from a sort of the whole table, now from the index's end.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("belregions", "0004_trade_keys"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="meetingsource",
            index=models.Index(condition=models.Q(("review", "rejected"), _negated=True), fields=["meeting", "article"],
                               name="meeting_source_active"),
        ),
        migrations.AddIndex(
            model_name="tradefigure",
            index=models.Index(fields=["amount", "id"], name="trade_amount"),
        ),
    ]
