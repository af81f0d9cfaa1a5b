from django.urls import URLPattern, URLResolver

app_name = "hr"

urlpatterns: list[URLPattern | URLResolver] = []
