"""The deployment files say what the README promises."""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, skip_or_fail

SETTINGS_READERS = re.compile(r'env_(?:str|bool|int|list)\("([A-Z_]+)"|_from_env\("([A-Z_]+)"')


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_four_services_with_health_checks():
    services = compose()["services"]
    assert {"db", "redis", "web", "worker"} <= set(services)
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:")
    for name in ("db", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name


def test_web_and_worker_share_database_and_broker():
    services = compose()["services"]
    web, worker = services["web"]["environment"], services["worker"]["environment"]
    assert web["DATABASE_URL"] == worker["DATABASE_URL"]
    assert web["DATABASE_URL"].startswith("postgres://") and "@db:" in web["DATABASE_URL"]
    assert web["CELERY_BROKER_URL"] == worker["CELERY_BROKER_URL"]
    assert web["CELERY_BROKER_URL"].startswith("redis://redis:")
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]


def test_the_database_lives_in_a_named_volume():
    spec = compose()
    assert "pgdata" in spec["volumes"]
    assert any(v.startswith("pgdata:") for v in spec["services"]["db"]["volumes"])


def test_every_setting_read_from_the_environment_is_documented():
    source = "".join((ROOT / "config" / name).read_text() for name in ("settings.py", "env.py"))
    names = {a or b for a, b in SETTINGS_READERS.findall(source)}
    readme = (ROOT / "README.md").read_text()
    assert len(names) > 10
    undocumented = sorted(n for n in names if f"`{n}`" not in readme)
    assert undocumented == []


def test_the_embedded_default_migrates_and_parses_the_demo(tmp_path):
    """Nothing set: SQLite in VAR_DIR, tasks in-process; the demo ends parsed."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "CI")}
    env["VAR_DIR"] = str(tmp_path)

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)

    assert manage("migrate", "--noinput").returncode == 0
    result = manage("seed_demo")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("status parsed") == 5, result.stdout
    assert (tmp_path / "belregions.sqlite3").exists()


def test_compose_runs_exactly_one_beat_with_the_workers_settings():
    services = compose()["services"]
    beat = services["beat"]
    assert beat["command"][:4] == ["celery", "-A", "config", "beat"]
    assert beat["environment"] == services["worker"]["environment"] == services["web"]["environment"]
    assert "healthcheck" in beat
    assert beat.get("deploy", {}).get("replicas", 1) == 1
    # gunicorn runs several workers: their login and API limits count in one place.
    assert "--workers" in services["web"]["command"]
    assert services["web"]["environment"]["API_THROTTLE_CACHE_URL"].startswith("redis://redis:")


def test_make_run_serves_on_the_port_it_is_given_and_make_beat_exists():
    def dry_run(*args: str) -> str:
        env = {k: v for k, v in os.environ.items() if k not in ("PORT", "HOST", "MAKEFLAGS")}
        result = subprocess.run(["make", "-n", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert "runserver 127.0.0.1:8000" in dry_run("run")
    commands = dry_run("run", "PORT=8001")
    assert "runserver 127.0.0.1:8001" in commands
    assert "http://127.0.0.1:8001/" in commands and "http://127.0.0.1:8001/admin/" in commands
    assert ":8000" not in commands
    assert "celery -A config beat" in dry_run("beat")
    assert "celery -A config worker" in dry_run("worker")


# --- The README's by-hand steps, run as written ------------------------------------------------------------

ENV_FILE = "belregions.env"
READS_SETTINGS = f"set -a && . ./{ENV_FILE} && set +a && "
LONG_RUNNING = {"worker": "celery -A config worker", "beat": "celery -A config beat", "web": "gunicorn "}


def readme_by_hand_blocks() -> list[list[str]]:
    """The commands of each ```sh block of the README's "By hand" section, in order."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### By hand", 1)[1].split("\n## ", 1)[0]
    return [shell_commands(block) for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def shell_commands(block: str) -> list[str]:
    """One string per command: comments dropped, a here-document kept with its body, `\\` lines joined."""
    commands, lines = [], iter(block.splitlines())
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        while line.endswith("\\"):
            line = line[:-1] + next(lines)
        heredoc = re.search(r"<<-?'?(\w+)'?\s*$", line)
        if heredoc:
            body = [line]
            for more in lines:
                body.append(more)
                if more.strip() == heredoc.group(1):
                    break
            line = "\n".join(body)
        commands.append(line)
    return commands


def env_file_values(command: str) -> dict[str, str]:
    return dict(re.findall(r"^([A-Z_]+)=(.*)$", command, re.M))


def test_every_process_the_by_hand_steps_start_reads_the_settings_file(tmp_path):
    setup, trial = readme_by_hand_blocks()
    writes = [c for c in setup if f"> {ENV_FILE}" in c]
    assert len(writes) == 1, "the settings are written once"
    settings = env_file_values(writes[0])
    assert settings["DEBUG"] == "0"
    assert "SECRET_KEY" in settings and "python3 -c" in settings["SECRET_KEY"], "a fresh secret, never a shared one"
    for name in ("ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL", "API_THROTTLE_CACHE_URL"):
        assert settings.get(name), name
    assert settings["API_THROTTLE_CACHE_URL"] != settings["CELERY_BROKER_URL"]
    processes = [c for c in setup if ENV_FILE not in c.split("&&")[-1] and "<<" not in c]
    assert processes, setup
    for command in processes:
        assert command.startswith(READS_SETTINGS), f"starts a process without the settings: {command}"
    started = " ".join(processes)
    for name, needle in LONG_RUNNING.items():
        assert sum(needle in c for c in processes) == 1, name
    assert "create_editor" in started and "migrate" in started and "collectstatic" in started
    assert processes.index(next(c for c in processes if "migrate" in c)) == 0
    # Without the settings file a line starts nothing (rather than a server with DEBUG on and the development key).
    stopped = subprocess.run(["bash", "-c", READS_SETTINGS + "echo started"], cwd=tmp_path, capture_output=True,
                             text=True, timeout=10)
    assert stopped.returncode != 0 and "started" not in stopped.stdout
    # The plain-http trial turns off exactly what DEBUG=0 turns on for TLS, and names the local host.
    off = env_file_values(trial[0])
    for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS"):
        assert off.get(name) == "0", name
    assert "127.0.0.1" in off["ALLOWED_HOSTS"].split(",")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, host: str, *, https: bool, method: str = "GET", body: str | None = None,
          headers: dict | None = None) -> tuple[int, object, str]:
    """One request to gunicorn, as the TLS proxy in front would send it when `https`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        sent = {"Host": host, **({"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"} if https else {}),
                **(headers or {})}
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def cookies(headers) -> dict:
    jar = SimpleCookie()
    for line in headers.get_all("Set-Cookie") or []:
        jar.load(line)
    return jar


DEBUG_PAGE_MARKS = ("Using the URLconf", "DEBUG = True", "Traceback", "DisallowedHost", "Request Method:",
                    "django-insecure")


def assert_no_debug_page(body: str) -> None:
    for mark in DEBUG_PAGE_MARKS:
        assert mark not in body, f"a debug page ({mark!r}): {body[:400]}"


class Stack:
    """The processes the README's lines start, each in its own session (a terminal of its own), and their logs."""

    def __init__(self, env: dict, logs: Path):
        self.env, self.logs, self.running = env, logs, {}

    def run(self, command: str, timeout: float = 240, **kwargs) -> subprocess.CompletedProcess:
        result = subprocess.run(["bash", "-c", command], cwd=ROOT, env=self.env, capture_output=True, text=True,
                                timeout=timeout, stdin=subprocess.DEVNULL, **kwargs)
        assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
        return result

    def start(self, name: str, command: str) -> None:
        log = (self.logs / f"{name}.log").open("w")
        self.running[name] = (subprocess.Popen(["bash", "-c", command], cwd=ROOT, env=self.env, stdout=log,
                                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                               start_new_session=True), log)

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")[-3000:]

    def alive(self, name: str) -> None:
        process, _ = self.running[name]
        assert process.poll() is None, f"{name} exited {process.returncode}:\n{self.log(name)}"

    def stop(self, name: str) -> None:
        process, log = self.running.pop(name)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        log.close()

    def stop_all(self) -> None:
        for name in reversed(list(self.running)):
            self.stop(name)


def wait_until(check, seconds: float, what):
    deadline = time.monotonic() + seconds
    while True:
        try:
            outcome = check()
        except (OSError, http.client.HTTPException):
            outcome = None
        if outcome:
            return outcome
        if time.monotonic() > deadline:
            raise AssertionError(f"{what() if callable(what) else what}: not within {seconds:g} s")
        time.sleep(0.5)


@pytest.fixture
def postgres_and_redis():
    """A fresh PostgreSQL database (dropped after) and two spare Redis databases (emptied after)."""
    import psycopg
    import redis

    server = os.environ.get("DATABASE_URL", "")
    server = server if server.startswith(("postgres://", "postgresql://")) else "postgres://postgres@127.0.0.1:5432/x"
    server = server.rsplit("/", 1)[0]
    name = f"belregions_by_hand_{os.getpid()}"
    try:
        admin = psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        skip_or_fail(f"PostgreSQL is not reachable at {server}: {exc}")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    broker = broker if broker.startswith("redis://") else "redis://127.0.0.1:6379/0"
    redis_server = broker.rsplit("/", 1)[0]
    spares = [redis.Redis.from_url(f"{redis_server}/{n}", socket_timeout=5) for n in (5, 6)]
    try:
        spares[0].ping()
    except redis.RedisError as exc:
        admin.close()
        skip_or_fail(f"Redis is not reachable at {redis_server}: {exc}")
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    for spare in spares:
        spare.flushdb()
    try:
        yield {"DATABASE_URL": f"{server}/{name}", "CELERY_BROKER_URL": f"{redis_server}/5",
               "API_THROTTLE_CACHE_URL": f"{redis_server}/6"}
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        for spare in spares:
            spare.flushdb()


def for_this_machine(command: str, env_file: Path, port: int, services: dict) -> str:
    """The README's line with this test's database, Redis databases, port and settings file: nothing else."""
    command = re.sub(rf"(?:\./)?{re.escape(ENV_FILE)}", str(env_file), command)
    for name, value in services.items():
        command = re.sub(rf"^{name}=\S+$", f"{name}={value}", command, flags=re.M)
    return command.replace("--bind 127.0.0.1:8000", f"--bind 127.0.0.1:{port}")


def test_the_by_hand_steps_run_as_written_and_serve_production(tmp_path, postgres_and_redis):
    """Each line in a fresh shell with none of the app's settings in its environment: the lines carry them."""
    setup, trial = readme_by_hand_blocks()
    env_file, port = tmp_path / ENV_FILE, free_port()
    setup = [for_this_machine(c, env_file, port, postgres_and_redis) for c in setup]
    trial = [for_this_machine(c, env_file, port, postgres_and_redis) for c in trial]
    assert sum(str(port) in c for c in setup) == 1, "the README's gunicorn line binds 127.0.0.1:8000"
    for value in postgres_and_redis.values():
        assert sum(value in c for c in setup) == 1, f"the README's settings file names {value.split('/')[0]}"
    production_host = env_file_values(next(c for c in setup if "<<" in c))["ALLOWED_HOSTS"].split(",")[0]

    source = "".join((ROOT / "config" / name).read_text() for name in ("settings.py", "env.py"))
    settings_names = {a or b for a, b in SETTINGS_READERS.findall(source)}
    env = {k: v for k, v in os.environ.items() if k not in settings_names | {"DJANGO_SETTINGS_MODULE"}}
    # Where beat keeps its schedule and collectstatic writes: this test's folder, not the checkout's var/.
    env["VAR_DIR"] = str(tmp_path / "var")
    password = "an-editor's-long-pass-7Qx"  # noqa: S105 - the test's editor
    env["EDITOR_PASSWORD"] = password
    stack = Stack(env, tmp_path)
    try:
        for command in setup:
            role = next((name for name, needle in LONG_RUNNING.items() if needle in command), None)
            if role:
                stack.start(role, command)
                continue
            result = stack.run(command)
            if "check --deploy" in command:
                assert "no issues" in result.stdout, result.stdout + result.stderr
            if "create_editor" in command:
                assert "editor anna" in result.stdout
            if "createsuperuser" in command:  # it asks in a terminal; without one it says so and stops
                assert "TTY" in result.stdout, result.stdout
        assert oct(env_file.stat().st_mode & 0o777) == "0o600"
        assert set(stack.running) == set(LONG_RUNNING)

        # The worker and beat answer on the broker; an import is parsed by the worker.
        ping = READS_SETTINGS.replace(f"./{ENV_FILE}", str(env_file)) + ".venv/bin/celery -A config inspect ping"

        answers = []

        def both_answer():
            stack.alive("worker")
            stack.alive("beat")
            answer = subprocess.run(["bash", "-c", ping + " --timeout 3"], cwd=ROOT, env=env, capture_output=True,
                                    text=True, timeout=60)
            answers.append(answer.stdout + answer.stderr)
            return re.search(r"->\s+celery@", answer.stdout) and re.search(r"->\s+celerybeat@", answer.stdout)

        wait_until(both_answer, 90, lambda: f"the worker and beat answer celery inspect ping: {answers[-1:]}\n"
                                            f"{stack.log('worker')}\n{stack.log('beat')}")
        seed = next((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))
        imported = stack.run(READS_SETTINGS.replace(f"./{ENV_FILE}", str(env_file))
                             + f".venv/bin/python manage.py import_articles {seed} --wait --timeout 90", timeout=150)
        assert "Parsed 1," in imported.stdout, imported.stdout + imported.stderr

        wait_until(lambda: stack.alive("web") or fetch(port, "/healthz", production_host, https=True)[0] == 200,
                   60, f"gunicorn answers /healthz\n{stack.log('web')}")
        check_production(port, production_host, password)

        # The plain-http trial: the README's lines added to the settings file, gunicorn started again.
        for command in trial:
            stack.run(command)
        stack.stop("web")
        stack.start("web", next(c for c in setup if LONG_RUNNING["web"] in c))
        local = f"127.0.0.1:{port}"
        wait_until(lambda: stack.alive("web") or fetch(port, "/healthz", local, https=False)[0] == 200,
                   60, f"gunicorn answers /healthz again\n{stack.log('web')}")
        check_plain_http_trial(port, local, password)
        for name in LONG_RUNNING:
            stack.alive(name)
    finally:
        stack.stop_all()


def sign_in(port: int, host: str, password: str, *, https: bool) -> tuple[dict, str]:
    """The editor signs in at the admin; returns the cookies set and the admin index page."""
    status, headers, page = fetch(port, "/admin/login/?next=/admin/", host, https=https)
    assert status == 200, page[:400]
    jar = cookies(headers)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    origin = f"{'https' if https else 'http'}://{host}"
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "anna", "password": password,
                                   "next": "/admin/"})
    status, headers, page = fetch(
        port, "/admin/login/?next=/admin/", host, https=https, method="POST", body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={jar['csrftoken'].value}",
                 "Origin": origin, "Referer": f"{origin}/admin/login/"})
    assert status == 302, f"{status}: {page[:600]}"
    jar.update(cookies(headers))
    status, _, index = fetch(port, "/admin/", host, https=https, headers={
        "Cookie": f"csrftoken={jar['csrftoken'].value}; sessionid={jar['sessionid'].value}"})
    assert status == 200, index[:400]
    return jar, index


def check_common(port: int, host: str, *, https: bool) -> None:
    for path in ("/", "/api/v1/regions/"):
        status, _, body = fetch(port, path, host, https=https)
        assert status == 200, f"{path}: {status} {body[:400]}"
        assert_no_debug_page(body)
    status, _, body = fetch(port, "/no-such-page-for-the-deployment-test/", host, https=https)
    assert status == 404
    assert_no_debug_page(body)
    status, _, body = fetch(port, "/", "attacker.example", https=https)
    assert status == 400, "ALLOWED_HOSTS is in force"
    assert_no_debug_page(body)
    # Static files were collected and are served (whitenoise, hashed names).
    page = fetch(port, "/admin/login/", host, https=https)[2]
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), stylesheet
    assert fetch(port, stylesheet, host, https=https)[0] == 200


def check_production(port: int, host: str, password: str) -> None:
    # Plain http is sent to https (SECURE_SSL_REDIRECT, on with DEBUG=0).
    status, headers, _ = fetch(port, "/", host, https=False)
    assert status == 301 and headers["Location"] == f"https://{host}/"
    # Through the TLS proxy: HSTS, secure cookies, no debug pages.
    status, headers, _ = fetch(port, "/", host, https=True)
    assert status == 200
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    check_common(port, host, https=True)
    jar, index = sign_in(port, host, password, https=True)
    assert jar["sessionid"]["secure"] and jar["csrftoken"]["secure"] and jar["sessionid"]["httponly"]
    assert "anna" in index


def check_plain_http_trial(port: int, host: str, password: str) -> None:
    status, headers, _ = fetch(port, "/", host, https=False)
    assert status == 200, "no redirect to https on the plain-http trial"
    assert "Strict-Transport-Security" not in headers
    check_common(port, host, https=False)
    jar, index = sign_in(port, host, password, https=False)
    assert not jar["sessionid"]["secure"] and not jar["csrftoken"]["secure"]
    assert "anna" in index
