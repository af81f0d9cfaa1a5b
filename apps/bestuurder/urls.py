from django.urls import URLPattern, URLResolver

app_name = "bestuurder"

urlpatterns: list[URLPattern | URLResolver] = []
