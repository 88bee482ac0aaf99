"""HTTP benchmark: the public pages under gunicorn and wrk, beside a bare Flask app.

One command makes a scratch database (PostgreSQL on 127.0.0.1:5432 when it answers,
else SQLite), fills it with ``bench/run.py``'s fillers, serves pydotorg and a
Flask hello-world with gunicorn (2 sync workers, ``--preload``, free loopback
ports), loads each URL with wrk (``-t2 -c8``: a warm-up, then ``--runs`` timed
runs, median) and prints a table: requests/s, p50/p99 latency, non-2xx answers,
ratio to the hello-world, worker CPU ms per request, SQL queries per request and,
last, each worker's RSS. Run it from the project root::

    .venv/bin/python bench/http_bench.py --rows 100
    .venv/bin/python bench/http_bench.py --quick
    .venv/bin/python bench/http_bench.py --urls /jobs/ --profile /tmp/prof

Servers run in their own process groups and are killed on exit, whatever happens.
"""

from __future__ import annotations

import argparse
import atexit
import collections
import contextlib
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(ROOT))

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
WRK_THREADS, WRK_CONNECTIONS = 2, 8
WORKERS = 2
HELLO = "hello-world"

# wrk's own summary as one JSON line: no per-response Lua, so wrk stays as fast
# for the hello-world as without a script.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "status_errors": %d, "socket_errors": %d,'
    .. ' "p50_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


# Processes ----------------------------------------------------------------------

_servers: list[subprocess.Popen[bytes]] = []


def stop_servers() -> None:
    """Kill every server this run started (each is its own process group)."""
    while _servers:
        process = _servers.pop()
        if process.poll() is not None:
            continue
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _exit_on_signal(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def workers(self) -> list[int]:
        """Pids of the gunicorn workers: the master's children."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # Fields after the command name (which may hold spaces) start at ')'.
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.process.pid:
                pids.append(int(entry.name))
        return sorted(pids)

    def cpu_seconds(self) -> float:
        ticks = 0
        for pid in self.workers():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])  # utime + stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.workers():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) / 1024)
        return sizes


def start_server(name: str, factory: str, env: dict[str, str], scratch: Path) -> Server:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if gunicorn is None:
        raise SystemExit("gunicorn is missing: .venv/bin/pip install -e '.[bench]'")
    port = free_port()
    log = scratch / f"{name}.log"
    process = subprocess.Popen(
        [
            gunicorn,
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--preload",
            "--bind",
            f"127.0.0.1:{port}",
            "--pythonpath",
            f"{BENCH_DIR},{ROOT}",
            "--error-logfile",
            str(log),
            "--timeout",
            "60",
            factory,
        ],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _servers.append(process)
    server = Server(name, port, process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if len(server.workers()) == WORKERS:
            with contextlib.suppress(OSError):
                get(server, "/")
                return server
        time.sleep(0.2)
    tail = log.read_text()[-3000:] if log.exists() else ""
    raise SystemExit(f"{name} server did not start:\n{tail}")


@dataclass
class Answer:
    status: int
    queries: int | None


def get(server: Server, path: str) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        queries = response.getheader("X-Bench-Queries")
        return Answer(response.status, int(queries) if queries else None)
    finally:
        connection.close()


# Data -----------------------------------------------------------------------------


@dataclass
class Database:
    uri: str
    engine: str
    drop: str | None = None  # PostgreSQL database to drop at the end


def make_database(scratch: Path) -> Database:
    """A fresh PostgreSQL database when the server answers, else SQLite in ``scratch``."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            name = f"pydotorg_bench_http_{os.getpid()}"
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:
        print(f"# PostgreSQL not reachable ({type(error).__name__}): using SQLite")
        return Database(f"sqlite:///{scratch / 'bench.sqlite3'}", "sqlite")
    uri = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    return Database(uri, "postgresql", drop=name)


def drop_database(database: Database) -> None:
    if database.drop is None:
        return
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database.drop}" WITH (FORCE)')


@dataclass
class Data:
    release_slug: str
    release_api_id: int
    calendar_slug: str
    counts: dict[str, int]
    seconds: float


def fill_database(database: Database, scratch: Path, rows: int, extra: int) -> Data:
    import run  # bench/run.py: the in-process benchmark's fillers
    from wsgi_apps import site_config

    from pydotorg.domains.events.models import Calendar
    from pydotorg.extensions import db

    env = {"BENCH_DATABASE_URI": database.uri, "BENCH_SCRATCH": str(scratch)}
    from pydotorg import create_app

    app = create_app(site_config(env))
    started = time.perf_counter()
    with app.app_context():
        db.create_all()
        filled = run.fill(db.session, rows)
        counts = dict(filled.counts)
        if extra:
            add_releases(db.session, extra, files_each=15)
            counts["releases"] += extra
        calendar = db.session.scalars(sa_select(Calendar).order_by(Calendar.id)).first()
        assert calendar is not None
        data = Data(
            filled.release_slug,
            filled.release_api_id,
            calendar.slug,
            counts,
            time.perf_counter() - started,
        )
        db.session.remove()
        db.engine.dispose()
    return data


def sa_select(*args: Any) -> Any:
    import sqlalchemy as sa

    return sa.select(*args)


def add_releases(session: Any, count: int, *, files_each: int) -> None:
    """Newer releases with python.org's many files each (installers, docs, sigs)."""
    import run

    from pydotorg.domains.downloads.models import OS, PythonVersion
    from pydotorg.domains.users.models import User
    from tests.factories.downloads import ReleaseFactory, ReleaseFileFactory

    systems = list(session.scalars(sa_select(OS).order_by(OS.id)))
    staff = session.scalars(
        sa_select(User).where(User.username == run.STAFF_USERNAME)
    ).one()
    objects: list[Any] = []
    for n in range(count):
        release = ReleaseFactory.build(
            name=f"Python 3.{15 + n // 20}.{n % 20}",
            version=PythonVersion.PYTHON3,
            release_date=date(2026, 1, 1) + timedelta(days=n),
            content="Notes with *markup*, a [link](https://docs.python.org/) and:\n\n"
            + "\n".join(f"- change {k}" for k in range(20)),
            creator=staff,
        )
        objects.append(release)
        for k in range(files_each):
            system = systems[k % len(systems)]
            objects.append(
                ReleaseFileFactory.build(
                    release=release,
                    os=system,
                    name=f"{system.name} file {k}",
                    url=f"https://www.python.org/ftp/python/x{n}/f{k}.bin",
                    description=f"file {k} for {system.name}",
                    is_source=system.slug == "source",
                    download_button=k < len(systems),
                    creator=staff,
                )
            )
    # One add: files of persistent OS rows must not flush before their release.
    session.add_all(objects)
    session.commit()


# Measuring --------------------------------------------------------------------------


@dataclass
class Url:
    label: str
    path: str


def urls(data: Data) -> list[Url]:
    return [
        Url("home", "/"),
        Url("downloads", "/downloads/"),
        Url("release page", f"/downloads/release/{data.release_slug}/"),
        Url("downloads for Windows", "/downloads/windows/"),
        Url("jobs", "/jobs/"),
        Url("events", "/events/"),
        Url("a calendar", f"/events/{data.calendar_slug}/"),
        Url("blogs", "/blogs/"),
        Url("CMS page", "/about/"),
        Url("success stories", "/success-stories/"),
        Url("API v2 releases", "/api/v2/downloads/release/"),
        Url("API v1 releases", "/api/v1/downloads/release/"),
        Url(
            "API v2 files of a release",
            f"/api/v2/downloads/release_file/?release={data.release_api_id}",
        ),
        Url("downloads RSS", "/downloads/feed.rss"),
        Url("jobs RSS", "/jobs/feed/rss/"),
        Url("board minutes RSS", "/psf/records/board/minutes/feed/"),
    ]


def is_api_or_feed(url: Url) -> bool:
    return url.path.startswith("/api/") or "feed" in url.path


@dataclass
class WrkRun:
    requests: int
    seconds: float
    status_errors: int
    socket_errors: int
    p50_ms: float
    p99_ms: float
    cpu_ms: float  # worker CPU per request

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def wrk(server: Server, path: str, seconds: float, script: Path) -> WrkRun:
    before = server.cpu_seconds()
    completed = subprocess.run(
        [
            "wrk",
            f"-t{WRK_THREADS}",
            f"-c{WRK_CONNECTIONS}",
            f"-d{seconds:g}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            f"http://127.0.0.1:{server.port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    cpu = server.cpu_seconds() - before
    line = completed.stdout.strip().splitlines()[-1]
    summary = json.loads(line)
    requests = max(1, summary["requests"])
    return WrkRun(
        requests=summary["requests"],
        seconds=summary["duration_us"] / 1e6,
        status_errors=summary["status_errors"],
        socket_errors=summary["socket_errors"],
        p50_ms=summary["p50_us"] / 1000,
        p99_ms=summary["p99_us"] / 1000,
        cpu_ms=cpu * 1000 / requests,
    )


@dataclass
class Measure:
    status: int
    queries: list[int]
    runs: list[WrkRun] = field(default_factory=list)

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(run, attribute) for run in self.runs)

    @property
    def non_2xx(self) -> int:
        # wrk counts answers >= 400; a redirect (checked first) makes every answer non-2xx.
        if 300 <= self.status < 400:
            return sum(run.requests for run in self.runs)
        return sum(run.status_errors + run.socket_errors for run in self.runs)

    @property
    def query_count(self) -> str:
        if not self.queries:
            return "?"
        low, high = min(self.queries), max(self.queries)
        return str(low) if low == high else f"{low}-{high}"


@dataclass
class Settings:
    runs: int
    seconds: float
    warmup: float
    profile: Path | None


def measure(server: Server, path: str, settings: Settings, script: Path) -> Measure:
    first = get(server, path)
    if settings.warmup:
        wrk(server, path, settings.warmup, script)
    result = Measure(first.status, [])
    for _ in range(settings.runs):
        result.runs.append(wrk(server, path, settings.seconds, script))
    for _ in range(3):
        answer = get(server, path)
        if answer.queries is not None:
            result.queries.append(answer.queries)
    return result


def profile(server: Server, url: Url, settings: Settings, script: Path) -> Path:
    """Sample both workers with py-spy during one more wrk run; a summary file."""
    assert settings.profile is not None
    py_spy = shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if py_spy is None:
        raise SystemExit("py-spy is missing: .venv/bin/pip install -e '.[bench]'")
    settings.profile.mkdir(parents=True, exist_ok=True)
    name = "".join(c if c.isalnum() else "-" for c in url.label.lower())
    raw = [settings.profile / f"{name}-w{k}.folded" for k in range(WORKERS)]
    samplers = [
        subprocess.Popen(
            [
                py_spy,
                "record",
                "--pid",
                str(pid),
                "--duration",
                str(max(1, round(settings.seconds))),
                "--rate",
                "250",
                "--format",
                "raw",
                "--output",
                str(out),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid, out in zip(server.workers(), raw, strict=True)
    ]
    time.sleep(0.5)
    wrk(server, url.path, settings.seconds, script)
    for sampler in samplers:
        sampler.wait(timeout=60)
    summary = settings.profile / f"{name}.txt"
    summary.write_text(summarise_profile(url, raw))
    return summary


def summarise_profile(url: Url, files: list[Path]) -> str:
    """Top functions by own and by total samples, from py-spy's folded stacks."""
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for path in files:
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack:
                continue
            n = int(count)
            frames = stack.split(";")
            # py-spy adds the process as the first frame; skip idle waits.
            samples += n
            own[frames[-1]] += n
            for frame in set(frames[1:]):
                total[frame] += n

    def lines(counter: collections.Counter[str], limit: int) -> str:
        return "\n".join(
            f"{100 * n / max(1, samples):6.1f}%  {frame}"
            for frame, n in counter.most_common(limit)
        )

    return (
        f"# {url.label} {url.path}: {samples} samples\n\n"
        f"## own time\n{lines(own, 25)}\n\n## total time\n{lines(total, 60)}\n"
    )


# Reporting -----------------------------------------------------------------------


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return (
            "| "
            + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
            + " |"
        )

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def percent(value: float) -> str:
    return f"{100 * value:.1f} %"


def report(
    hello: list[Measure],
    results: list[tuple[Url, Measure, Measure | None]],
) -> tuple[str, list[str]]:
    hello_rate = statistics.median(run.rate for m in hello for run in m.runs)
    hello_cpu = statistics.median(run.cpu_ms for m in hello for run in m.runs)
    rows = []
    misses = []
    for position, m in enumerate(hello):
        rows.append(
            [
                HELLO + (" (first)" if position == 0 else " (last)"),
                "/",
                f"{m.median('rate'):.0f}",
                f"{m.median('p50_ms'):.1f} / {m.median('p99_ms'):.1f}",
                str(m.non_2xx),
                percent(m.median("rate") / hello_rate),
                f"{m.median('cpu_ms'):.2f}",
                percent(hello_cpu / m.median("cpu_ms")),
                "-",
                "n/a",
            ]
        )
    for url, uncached, cached in results:
        ratio = uncached.median("rate") / hello_rate
        target = 0.20 if is_api_or_feed(url) else 0.08
        query_limit = 6 if url.path == "/" else 5
        if ratio < target:
            misses.append(
                f"{url.path}: {percent(ratio)} of hello-world (target {percent(target)})"
            )
        if uncached.queries and max(uncached.queries) > query_limit:
            misses.append(
                f"{url.path}: {max(uncached.queries)} queries (limit {query_limit})"
            )
        if uncached.status != 200 or uncached.non_2xx:
            misses.append(
                f"{url.path}: HTTP {uncached.status}, {uncached.non_2xx} non-2xx"
            )
        rows.append(
            [
                url.label,
                url.path,
                f"{uncached.median('rate'):.0f}",
                f"{uncached.median('p50_ms'):.1f} / {uncached.median('p99_ms'):.1f}",
                str(uncached.non_2xx),
                percent(ratio),
                f"{uncached.median('cpu_ms'):.2f}",
                percent(hello_cpu / uncached.median("cpu_ms")),
                uncached.query_count,
                percent(cached.median("rate") / hello_rate) if cached else "n/a",
            ]
        )
    headers = [
        "URL",
        "path",
        "req/s",
        "p50 / p99 ms",
        "non-2xx",
        "vs hello",
        "CPU ms/req",
        "CPU vs hello",
        "queries",
        "cached vs hello",
    ]
    return table(headers, rows), misses


# Running ----------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100, help="data size (default 100)")
    parser.add_argument(
        "--extra-releases",
        type=int,
        default=50,
        help="newer releases of 15 files each on top of --rows (default 50)",
    )
    parser.add_argument("--runs", type=int, default=3, help="timed wrk runs per URL")
    parser.add_argument(
        "--duration", type=float, default=5, help="seconds per timed run (default 5)"
    )
    parser.add_argument(
        "--warmup", type=float, default=3, help="untimed seconds per URL first"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one 2 s run per URL after a 1 s warm-up (about a minute)",
    )
    parser.add_argument(
        "--cache",
        choices=["off", "on", "both"],
        default="both",
        help="uncached column, cached column or both (cached is n/a until the app has a response cache)",
    )
    parser.add_argument(
        "--urls",
        nargs="+",
        metavar="TEXT",
        help="only the URLs whose path or label contains one of these",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="also sample the workers with py-spy during one more run per URL",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.duration, args.warmup = 1, 2.0, 1.0
    if args.rows < 1 or args.runs < 1 or args.duration <= 0 or args.warmup < 0:
        parser.error("--rows, --runs and --duration must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is missing: sudo apt-get install -y wrk", file=sys.stderr)
        return 2
    from wsgi_apps import cache_config

    cache_modes = {"off": [False], "on": [True], "both": [False, True]}[args.cache]
    if cache_config(True) is None and True in cache_modes:
        cache_modes = [False]
    settings = Settings(args.runs, args.duration, args.warmup, args.profile)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    atexit.register(stop_servers)
    with tempfile.TemporaryDirectory(prefix="pydotorg-http-bench-") as scratch_name:
        scratch = Path(scratch_name)
        (scratch / "media").mkdir()
        database = make_database(scratch)
        try:
            return run_benchmark(args, settings, database, scratch, cache_modes)
        finally:
            stop_servers()
            drop_database(database)


def run_benchmark(
    args: argparse.Namespace,
    settings: Settings,
    database: Database,
    scratch: Path,
    cache_modes: list[bool],
) -> int:
    data = fill_database(database, scratch, args.rows, args.extra_releases)
    script = scratch / "summary.lua"
    script.write_text(WRK_SCRIPT)
    made = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in data.counts.items())
    print(
        f"# pydotorg HTTP benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n"
        f"# {platform.node()}: {platform.platform()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {database.engine}\n"
        f"# --rows {args.rows} (+{args.extra_releases} releases of 15 files): {made}; "
        f"filled in {data.seconds:.0f} s\n"
        f"# gunicorn -w {WORKERS} --preload (sync); wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS}, "
        f"{settings.warmup:g} s warm-up, median of {settings.runs} x {settings.seconds:g} s",
        flush=True,
    )
    env = {"BENCH_DATABASE_URI": database.uri, "BENCH_SCRATCH": str(scratch)}
    hello = start_server(HELLO, "wsgi_apps:hello()", env, scratch)
    servers = {
        cached: start_server(
            "cached" if cached else "uncached",
            "wsgi_apps:site()",
            {
                **env,
                "BENCH_COUNT_QUERIES": "1",
                "BENCH_CACHE": "on" if cached else "off",
            },
            scratch,
        )
        for cached in cache_modes
    }
    selected = [
        url
        for url in urls(data)
        if not args.urls or any(t in url.path or t in url.label for t in args.urls)
    ]
    hello_measures = [measure(hello, "/", settings, script)]
    results: list[tuple[Url, Measure, Measure | None]] = []
    profiles = []
    for url in selected:
        uncached = (
            measure(servers[False], url.path, settings, script)
            if False in servers
            else None
        )
        cached = (
            measure(servers[True], url.path, settings, script)
            if True in servers
            else None
        )
        print(f"#   {url.path}: done", file=sys.stderr, flush=True)
        if settings.profile is not None and False in servers:
            profiles.append(profile(servers[False], url, settings, script))
        results.append((url, uncached or cached, cached if uncached else None))  # type: ignore[arg-type]
    hello_measures.append(measure(hello, "/", settings, script))
    body, misses = report(hello_measures, results)
    print("\n" + body + "\n")
    for name, server in [(HELLO, hello), *((s.name, s) for s in servers.values())]:
        sizes = ", ".join(f"{mb:.0f} MB" for mb in server.rss_mb())
        print(f"worker RSS after the run, {name}: {sizes}")
        if name != HELLO and any(mb > 80 for mb in server.rss_mb()):
            misses.append(f"{name} worker RSS above 80 MB")
    for path in profiles:
        print(f"profile: {path}")
    for miss in misses:
        print(f"MISS {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
