from .urls_counsellor import urlpatterns as counsellor_urls
from .urls_reporter import urlpatterns as reporter_urls

app_name = "vertrouwenspersoon"

urlpatterns = [*reporter_urls, *counsellor_urls]
