from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "JSON API"

    def ready(self):
        from api import cors  # noqa: F401 - connects the CORS rule to django-cors-headers' signal
