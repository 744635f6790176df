"""Password guessing is stopped per username and per address, logged; staff sessions are short."""

import logging

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def staff(db):
    return User.objects.create_user("editor", "editor@example.org", "correct horse battery", is_staff=True)


def _login(client, password, *, username="editor", address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(client, staff, caplog):
    caplog.set_level(logging.INFO, logger="axes")
    statuses = [_login(client, f"guess {n}").status_code for n in range(30)]
    assert statuses[:4] == [200] * 4  # the login form again, with its error
    assert set(statuses[4:]) == {429}  # the fifth failure locks out: no password is checked after it
    response = _login(client, "correct horse battery")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("axes") and r.levelno >= 30]
    assert any('username: "editor"' in m and '"203.0.113.7"' in m for m in logged)


def test_one_address_guessing_many_usernames_is_locked_out(client, staff):
    for n in range(5):
        _login(client, "wrong", username=f"someone{n}")
    # The address is locked even for a username it never tried.
    assert _login(client, "correct horse battery").status_code == 429
    # Another address may still log in as that user: the username itself had no failures.
    response = _login(client, "correct horse battery", address="198.51.100.2")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(staff.pk)


def test_one_username_guessed_from_many_addresses_is_locked_out(client, staff):
    for n in range(5):
        _login(client, "wrong", address=f"192.0.2.{n + 1}")
    assert _login(client, "correct horse battery", address="198.51.100.9").status_code == 429


def test_a_success_before_the_limit_resets_the_count(client, staff):
    for _ in range(4):
        _login(client, "wrong")
    assert _login(client, "correct horse battery").status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "wrong")
    assert _login(client, "correct horse battery").status_code == 302


@pytest.mark.parametrize(
    "password", ["short", "password1234", "12345678901234", "editor@example.org"], ids=str
)
def test_weak_passwords_are_refused(staff, password):
    with pytest.raises(ValidationError):
        validate_password(password, staff)


def test_a_long_uncommon_password_is_accepted(staff):
    validate_password("lantern-ferry-quartz-71", staff)


def test_staff_sessions_are_shorter_than_visitors(client, staff, settings):
    assert settings.ATLAS_STAFF_SESSION_SECONDS < settings.SESSION_COOKIE_AGE
    assert _login(client, "correct horse battery").status_code == 302
    client.get("/admin/")
    assert client.session.get_expiry_age() == settings.ATLAS_STAFF_SESSION_SECONDS
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.ATLAS_STAFF_SESSION_SECONDS
