"""Django's admin app with belregions' site (config/sites.py) as `admin.site`.

A module of its own: INSTALLED_APPS imports it before any model may be loaded.
"""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "config.sites.AdminSite"
