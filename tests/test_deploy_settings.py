"""The documented production configuration passes `check --deploy`; headers a browser needs are sent;
a production server without collected static files refuses to start, saying why."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The production environment the README's deployment section documents (with a throwaway key).
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7Rk2vQp9LmZt4Wc8NbYh3Fd6Gs1Ja5Ue0Oi-Tr_Vy.Kx!Pq^Hn*Mw%Bz",
    "DJANGO_ALLOWED_HOSTS": "atlas.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://atlas.example.org",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "1",
    "DJANGO_SECURE_COOKIES": "1",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_SECURE_HSTS_PRELOAD": "1",
}


def _manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_check_deploy_is_clean_for_the_documented_production_configuration(tmp_path):
    env = {**PRODUCTION_ENV, "DJANGO_STATIC_ROOT": str(tmp_path / "static")}
    collected = _manage("collectstatic", "--noinput", env=env)
    assert collected.returncode == 0, collected.stderr
    out = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert out.returncode == 0, out.stderr + out.stdout
    assert "no issues" in out.stdout


def test_check_deploy_names_what_a_bare_configuration_lacks(tmp_path):
    out = _manage("check", "--deploy", env={"DJANGO_STATIC_ROOT": str(tmp_path / "none")})
    for warning in ("security.W004", "security.W008", "security.W009", "security.W012", "site_config.W001"):
        assert warning in out.stderr


def test_production_server_without_collectstatic_refuses_to_start_and_says_why(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env = {**clean, **PRODUCTION_ENV, "DJANGO_STATIC_ROOT": str(tmp_path / "empty")}
    out = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode != 0
    assert "Static files have not been collected" in out.stderr
    assert "collectstatic --noinput" in out.stderr


@pytest.mark.django_db
def test_public_pages_send_csp_permissions_policy_and_no_inline_script(client):
    response = client.get("/en/zones/")
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in directives["style-src"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "<script>" not in response.content.decode()  # inline scripts would be blocked


@pytest.mark.django_db
def test_hsts_and_ssl_redirect_follow_the_environment_settings(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/en/zones/")["Location"] == "https://testserver/en/zones/"
    response = client.get("/en/zones/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_template_holds_an_inline_script_or_style_element():
    """The CSP allows scripts and style sheets from our static files only: data goes to scripts through
    {{ value|json_script:"id" }} (type application/json, which CSP does not block)."""
    import re

    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        for match in re.finditer(r"<(script|style)\b[^>]*>", text):
            tag = match.group(0)
            if "src=" in tag or "application/json" in tag or "csp_nonce" in tag:
                continue
            offenders.append(f"{template.relative_to(ROOT)}: {tag}")
        if re.search(r"\son[a-z]+=", text):
            offenders.append(f"{template.relative_to(ROOT)}: inline event handler")
    assert offenders == []


@pytest.mark.django_db
def test_the_admin_is_under_the_same_policy(client):
    response = client.get("/admin/login/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
