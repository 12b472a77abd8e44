from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles and parsing")

    def ready(self) -> None:
        from articles import editors

        # Re-applied after every migrate, so a new model's permissions reach the group once they exist.
        post_migrate.connect(editors.on_post_migrate, dispatch_uid="articles.editors")
