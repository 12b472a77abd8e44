"""Reading settings from the environment: every value checked here, so a typo stops start-up with its name.

A bad value raises ImproperlyConfigured naming the variable and what it takes, instead of surfacing later as
a 500 on the first request that uses it (a throttle rate, a database URL).
"""

from __future__ import annotations

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

THROTTLE_RATE_PERIODS = ("s", "sec", "second", "m", "min", "minute", "h", "hour", "d", "day")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_env(name: str, default: str) -> dict:
    url = env_str(name) or default
    if not url.startswith(("postgres://", "postgresql://", "sqlite:///")):
        raise ImproperlyConfigured(f"{name} must be a postgres:// or sqlite:/// URL, got {url!r}")
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    config["ATOMIC_REQUESTS"] = False
    return config


def broker_from_env(name: str) -> str:
    url = env_str(name)
    if url and not url.startswith(("redis://", "rediss://", "amqp://", "memory://")):
        raise ImproperlyConfigured(f"{name} must be a redis://, rediss://, amqp:// or memory:// URL, got {url!r}")
    return url


def rate_from_env(name: str, default: str) -> str:
    """A throttle rate, "<number>/<second|minute|hour|day>"."""
    value = env_str(name) or default
    number, _, period = value.partition("/")
    if not (number.isdigit() and int(number) > 0 and period in THROTTLE_RATE_PERIODS):
        raise ImproperlyConfigured(f"{name} must be a rate like 60/minute (per second, minute, hour or day), "
                                   f"got {value!r}")
    return value


def cache_from_env(name: str, local_name: str) -> dict:
    """A Redis cache shared by every process when a URL is given, else one per process."""
    url = env_str(name)
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": local_name}
    if not url.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(f"{name} must be a redis:// or rediss:// URL, got {url!r}")
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
