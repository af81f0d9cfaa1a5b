"""The portal's URLs. Every pattern's view is wrapped in apps.core.access.access()
with its rule; the admin is governed by the admin site's staff check, declared in
INCLUDED_RULES. tests/core/test_access_matrix.py fails for a pattern without a rule."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from apps.core import views as core_views
from apps.core.access import PUBLIC, access

urlpatterns = [
    path("", include("apps.core.urls")),
    path("account/", include("apps.accounts.urls")),
    path("vertrouwenspersoon/", include("apps.vertrouwenspersoon.urls")),
    path("or/", include("apps.ondernemingsraad.urls")),
    path("regelingen/", include("apps.hr.urls")),
    path("verzoeken/", include("apps.bestuurder.urls")),
    path("achterban/", include("apps.achterban.urls")),
    path("taal/", access(PUBLIC)(set_language), name="set_language"),
    path("beheer/", admin.site.urls),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = "apps.core.views.server_error"
