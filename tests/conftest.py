import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests never need collectstatic's manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Most tests read the English pages (/en/…); tests of the Chinese default set zh-hans themselves
    (tests/test_i18n.py). The site's own default is zh-hans (config/settings.py)."""
    settings.LANGUAGE_CODE = "en"
