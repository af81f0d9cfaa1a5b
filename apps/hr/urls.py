from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "hr"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.library_list, name="library-list"),
    path("<int:pk>/", views.library_detail, name="library-detail"),
    path("<int:pk>/gelezen/", views.library_confirm, name="library-confirm"),
    path("concepten/", views.draft_list, name="draft-list"),
    path("concepten/nieuw/", views.draft_create, name="draft-create"),
    path("concepten/<int:pk>/", views.draft_detail, name="draft-detail"),
    path("concepten/<int:pk>/nieuwe-versie/", views.draft_version_create, name="draft-version-create"),
    path("concepten/<int:pk>/versies/<int:number>/", views.draft_version_detail, name="draft-version-detail"),
    path("concepten/<int:pk>/vergelijken/", views.draft_compare, name="draft-compare"),
    path("concepten/<int:pk>/opmerking/", views.draft_comment, name="draft-comment"),
    path("concepten/<int:pk>/status/", views.draft_transition, name="draft-transition"),
    path("concepten/<int:pk>/delen/", views.draft_share, name="draft-share"),
    path("concepten/<int:pk>/publiceren/", views.draft_publish, name="draft-publish"),
    path("concepten/<int:pk>/leesbevestiging/", views.draft_read_request, name="draft-read-request"),
]
