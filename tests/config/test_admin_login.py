"""The admin login limits wrong passwords by address (ADMIN_LOGIN_THROTTLE), as the API's token login does."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-123"


@pytest.fixture(autouse=True)
def fresh_counters(settings):
    settings.ADMIN_LOGIN_THROTTLE = "3/minute"
    caches["api_throttle"].clear()
    yield
    caches["api_throttle"].clear()


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("staff", password=PASSWORD, is_staff=True)


def log_in(client, password: str, address: str = "203.0.113.5"):
    return client.post(reverse("admin:login"), {"username": "staff", "password": password,
                                                "next": reverse("admin:index")}, REMOTE_ADDR=address)


def test_after_the_limit_the_password_is_not_tried(client, staff):
    codes = [log_in(client, "guess").status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    refused = log_in(client, PASSWORD)  # even the right one: it is not tried
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "Too many failed log-ins from your address" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_another_address_still_signs_in(client, staff):
    for _ in range(3):
        log_in(client, "guess")
    response = log_in(client, PASSWORD, address="198.51.100.7")
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_successful_log_ins_do_not_count(client, staff):
    for _ in range(5):
        assert log_in(client, PASSWORD).status_code == 302
        client.logout()
    assert log_in(client, "guess").status_code == 200


def test_the_rate_is_read_from_the_environment(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from config import env as s

    monkeypatch.setenv("ADMIN_LOGIN_THROTTLE", "ten/minute")
    with pytest.raises(ImproperlyConfigured, match="ADMIN_LOGIN_THROTTLE"):
        s.rate_from_env("ADMIN_LOGIN_THROTTLE", "10/minute")
    monkeypatch.delenv("ADMIN_LOGIN_THROTTLE")
    assert s.rate_from_env("ADMIN_LOGIN_THROTTLE", "10/minute") == "10/minute"
