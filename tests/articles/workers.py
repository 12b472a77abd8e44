"""Real workers and brokers for the tests: shared fixtures and helpers.

`start_worker` starts `celery -A config worker` subprocesses on a queue of
their own, against the test database, and stops (or SIGKILLs) them. `own_redis`
is a throwaway `redis-server` on a free port that a test may kill and restart
(never the machine's shared Redis). Import the fixtures you use:

    from tests.articles.workers import start_worker  # noqa: F401 - fixture

Needs CELERY_BROKER_URL (a broker) or the redis-server binary: skipped with the
reason without them, failing instead in CI.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from kombu import Exchange, Queue

from articles import services
from articles.models import Article
from tests.conftest import ROOT, skip_or_fail


def database_url_of_test_db() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_until(predicate: Callable[[], object], seconds: float = 60, every: float = 0.1, what: str = "condition"):
    """Poll `predicate` until it returns something truthy; return that, or fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"{what} not reached after {seconds}s")


def wait_for_status(pk: int, statuses: set[str], seconds: float = 60) -> Article:
    return wait_until(lambda: Article.objects.filter(pk=pk, status__in=statuses).first(), seconds,
                      what=f"article {pk} in {sorted(statuses)} (now {Article.objects.get(pk=pk).status})")


class Worker:
    """One `celery worker` subprocess (in its own process group, so a SIGKILL takes its children too)."""

    def __init__(self, log_path: Path, env: dict[str, str], queue: str, pool: str, concurrency: int,
                 beat: bool = False):
        self.log_path = log_path
        args = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "--pool", pool,
                "--concurrency", str(concurrency), "--loglevel", "INFO", "--without-heartbeat",
                "--without-gossip", "--without-mingle", "-n", f"{queue}-{uuid.uuid4().hex[:6]}@%h"]
        if beat:  # `celery beat`, sending its schedule to the test's queue (its schedule file in the log's folder)
            args = [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel", "INFO",
                    "-s", str(log_path.with_suffix(".schedule"))]
        # A file, not a pipe: a pipe nobody reads fills up and blocks the worker.
        with log_path.open("ab") as log:
            self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes: no shutdown, no acks, like a crashed machine."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if not self.alive:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


def point_app_at(app, broker_url: str) -> None:
    """Send this process's tasks to `broker_url` from now on.

    Only the app's references to its pools are dropped: kombu keeps pools per
    URL in a registry, and closing one would break it for the next test.
    """
    app.conf.broker_url = broker_url
    os.environ["CELERY_BROKER_URL"] = broker_url  # Celery reads the environment variable first
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None


@pytest.fixture
def start_worker(celery_in_process, tmp_path) -> Iterator[Callable[..., Worker]]:
    """Start real workers: `start_worker(pool="solo", concurrency=1, broker=None)`; all stopped at the end.

    `start_worker(beat=True, env={...})` starts Celery beat the same way.

    Every worker of a test consumes the test's own queue, to which this
    process's tasks are sent (not in-process any more).
    """
    if not settings.CELERY_BROKER_URL:
        skip_or_fail("CELERY_BROKER_URL is not set: no broker for a real worker")
    app = celery_in_process
    services.note_broker_up()  # an earlier test's dead broker must not hold this one's messages back
    queue = f"test-{uuid.uuid4().hex[:8]}"
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    workers: list[Worker] = []

    def start(pool: str = "solo", concurrency: int = 1, broker: str | None = None, beat: bool = False,
              env: dict[str, str] | None = None) -> Worker:
        """A worker (or, with `beat`, Celery beat); `env`: settings of its own (PARSE_RECOVER_EVERY_SECONDS...)."""
        env = {**os.environ, "DATABASE_URL": database_url_of_test_db(), "CELERY_TASK_DEFAULT_QUEUE": queue,
               "CELERY_BROKER_URL": broker or app.conf.broker_url, "PYTHONUNBUFFERED": "1", **(env or {})}
        name = "beat" if beat else "worker"
        workers.append(Worker(tmp_path / f"{name}-{len(workers)}.log", env, queue, pool, concurrency, beat))
        return workers[-1]

    yield start
    for worker in workers:
        worker.stop()
    app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
    point_app_at(app, settings.CELERY_BROKER_URL)
    drop_queue(app, queue)


def drop_queue(app, queue: str) -> None:
    """Leave no test queue (its messages and bindings) behind in a developer's Redis."""
    with contextlib.suppress(Exception), app.connection_for_write() as connection:
        bound = Queue(queue, Exchange(queue), routing_key=queue)(connection.default_channel)
        bound.declare()  # the channel only deletes the bindings it knows of
        bound.delete()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A throwaway redis-server: no persistence, so a restart comes back empty, as after a crash."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        wait_until(self.answers, 20, what=f"redis-server on port {self.port}")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis(tmp_path) -> Iterator[RedisServer]:
    """A redis-server of this test's own, running; killed at the end."""
    if not settings.CELERY_BROKER_URL:
        skip_or_fail("CELERY_BROKER_URL is not set: the broker tests run with a real broker only")
    if subprocess.run(["which", "redis-server"], capture_output=True).returncode != 0:
        skip_or_fail("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


def article_variants(seed_bytes: dict[str, bytes], count: int, body_repeats: int = 1) -> list[bytes]:
    """`count` different articles (different bytes and clean text) made from the seed articles.

    `body_repeats` > 1 repeats each seed's text: longer articles take longer to parse, which gives a
    test time to act while a parse is under way.
    """
    seeds = [seed_bytes[name] for name in sorted(seed_bytes)]
    return [b"\n\n".join([seeds[i % len(seeds)]] * body_repeats)
            + f"\n\nThis is copy number {i} of the report, filed for the archive.\n".encode()
            for i in range(count)]
