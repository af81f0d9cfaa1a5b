from django.urls import URLPattern, URLResolver

app_name = "achterban"

urlpatterns: list[URLPattern | URLResolver] = []
