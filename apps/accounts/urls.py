from django.urls import path

from . import views

# No app_name: Django's auth views and templates expect these names unprefixed.
urlpatterns = [
    path("inloggen/", views.login, name="login"),
    path("uitloggen/", views.logout, name="logout"),
    path("wachtwoord/wijzigen/", views.password_change, name="password_change"),
    path("wachtwoord/vergeten/", views.password_reset, name="password_reset"),
    path(
        "wachtwoord/nieuw/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
]
