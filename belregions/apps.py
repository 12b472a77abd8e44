from django.apps import AppConfig


class BelregionsConfig(AppConfig):
    name = "belregions"
    verbose_name = "Regions and facts"

    def ready(self) -> None:
        from belregions import trade_keys  # noqa: F401 - connects the signals that keep TradeKey in step
