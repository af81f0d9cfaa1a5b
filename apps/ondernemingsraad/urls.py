from django.urls import URLPattern, URLResolver

app_name = "ondernemingsraad"

urlpatterns: list[URLPattern | URLResolver] = []
