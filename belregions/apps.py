from django.apps import AppConfig


class BelregionsConfig(AppConfig):
    name = "belregions"
    verbose_name = "Regions and facts"
