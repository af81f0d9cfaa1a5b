from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "apps.core.admin_site.PortalAdminSite"
