from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BelregionsConfig(AppConfig):
    name = "belregions"
    verbose_name = _("Regions and facts")

    def ready(self) -> None:
        from belregions import trade_keys  # noqa: F401 - connects the signals that keep TradeKey in step
