"""With the production settings, cookies are Secure and HttpOnly and HTTPS is enforced.

Runs the portal under portal.settings.prod in a subprocess (its own SQLite file), behind
a pretend TLS proxy (X-Forwarded-Proto), logs in and reads the Set-Cookie and
Strict-Transport-Security headers the browser would get.
"""

import json

from tests.core.test_deploy import manage, prod_env

PROBE = """
import json
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from apps.accounts.models import User

assert settings.SETTINGS_MODULE == "portal.settings.prod" and settings.SESSION_COOKIE_SECURE
# Pages name their static files through the manifest, which only collectstatic writes.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
User.objects.create_user("probe", password="Probe-wachtwoord-2026!")
tls = Client(HTTP_HOST="portal.example.org", HTTP_X_FORWARDED_PROTO="https")
page = tls.get("/account/inloggen/")
login = tls.post("/account/inloggen/", {"username": "probe", "password": "Probe-wachtwoord-2026!"})
language = tls.post("/taal/", {"language": "en", "next": "/"})
plain = Client(HTTP_HOST="portal.example.org").get("/account/inloggen/")
cookies = {}
for response in (page, login, language):
    for name, morsel in response.cookies.items():
        cookies[name] = {"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"]),
                         "samesite": morsel["samesite"]}
print(json.dumps({
    "statuses": [page.status_code, login.status_code, language.status_code],
    "hsts": page.get("Strict-Transport-Security"),
    "cookies": cookies,
    "plain": [plain.status_code, plain.get("Location")],
}))
"""


def run_probe(tmp_path) -> dict:
    env = prod_env(tmp_path)
    migrated = manage("migrate", "--noinput", **env)
    assert migrated.returncode == 0, migrated.stderr
    result = manage("shell", "-c", PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_prod_cookies_are_secure_and_https_is_enforced(tmp_path):
    probe = run_probe(tmp_path)
    assert probe["statuses"][0] == 200 and probe["statuses"][1] == 302, probe
    cookies = probe["cookies"]
    for name in ("sessionid", "csrftoken"):
        assert cookies[name]["secure"] and cookies[name]["httponly"], (name, cookies)
        assert cookies[name]["samesite"] in ("Lax", "Strict"), (name, cookies)
    assert cookies["django_language"]["secure"], cookies
    hsts = probe["hsts"]
    assert hsts is not None and "includeSubDomains" in hsts, hsts
    assert int(hsts.split("max-age=")[1].split(";")[0]) >= 31_536_000
    assert probe["plain"] == [301, "https://portal.example.org/account/inloggen/"]
