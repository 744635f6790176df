"""The API docs page works under the site's Content-Security-Policy: Swagger UI's page has an inline style
block, which only that page may use; its scripts are files, as everywhere."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _policy(response) -> dict:
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


def test_docs_page_allows_its_inline_style_and_no_inline_script(client):
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200 and "<style" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # every script is a file
    policy = _policy(response)
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["script-src"] == "'self'"


def test_other_pages_keep_the_strict_style_policy(client):
    policy = _policy(client.get("/api/"))
    assert "'unsafe-inline'" not in policy["style-src"]
