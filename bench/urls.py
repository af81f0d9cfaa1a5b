"""The portal's URLs plus the baseline views, for the bench settings only."""

from django.urls import include, path

from portal.urls import handler400, handler403, handler404, handler500
from portal.urls import urlpatterns as portal_urlpatterns

from . import baseline

urlpatterns = [
    path("__bench__/", include((baseline.urlpatterns, "bench"))),
    *portal_urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
