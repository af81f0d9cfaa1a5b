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
    path("inloggen/code/", views.two_factor_verify, name="two_factor_verify"),
    path("beveiliging/", views.account_security, name="account_security"),
    path("beveiliging/tweestaps/instellen/", views.two_factor_setup, name="two_factor_setup"),
    path("beveiliging/tweestaps/uitzetten/", views.two_factor_disable, name="two_factor_disable"),
]
