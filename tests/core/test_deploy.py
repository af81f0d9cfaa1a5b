"""Production settings pass Django's deployment checklist and refuse to run half-configured."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from apps.core.crypto import generate_key

BASE_DIR = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run manage.py under portal.settings.prod with only PATH and the given variables."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "portal.settings.prod", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def prod_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        "SECRET_KEY": secrets.token_urlsafe(48),  # 64 characters
        "ALLOWED_HOSTS": "portal.example.org",
        "FIELD_ENCRYPTION_KEYS": generate_key(),
        "RECEIPT_CODE_PEPPER": secrets.token_urlsafe(32),
        # never the developer's own database: the start-up check writes a canary there
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
    }
    env.update(overrides)
    return {name: value for name, value in env.items() if value}


def test_check_deploy_is_silent(tmp_path: Path) -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **prod_env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in result.stdout, output
    assert "WARNING" not in output


@pytest.mark.parametrize("missing", ["SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "RECEIPT_CODE_PEPPER"])
def test_prod_refuses_to_start_without_a_required_secret(tmp_path: Path, missing: str) -> None:
    result = manage("check", **prod_env(tmp_path, **{missing: ""}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_prod_refuses_a_malformed_encryption_key(tmp_path: Path) -> None:
    result = manage("check", **prod_env(tmp_path, FIELD_ENCRYPTION_KEYS="geen-geldige-sleutel"))
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stdout + result.stderr
