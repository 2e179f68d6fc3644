"""Production settings (DJANGO_SECURE=true and a strong secret key) pass Django's deployment checklist with no
warning at all, the workspace's login throttling included."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    env = {
        **{name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SECURE": "true",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "iopfinder.example.org",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://iopfinder.example.org",
        # A migrated database of its own: some checks (the API schema) read vocabularies.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "REDIS_URL": "",
    }
    migrated = manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr

    checked = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "System check identified no issues (0 silenced)." in checked.stdout


def test_a_forgotten_secret_key_fails_check_deploy(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SECURE": "true",
        "DJANGO_SECRET_KEY": "",
        "DJANGO_ALLOWED_HOSTS": "iopfinder.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    checked = manage("check", "--deploy", "--fail-level", "WARNING", "--tag", "security", env=env)
    assert checked.returncode != 0
    assert "security.W009" in checked.stderr
