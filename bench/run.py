#!/usr/bin/env python3
"""`make bench`: load-tests relais on a large generated organisation and writes bench/RESULTS.md.

The server runs pinned to core 0, wrk to core 1, on loopback, in bounded runs. Every
figure is printed beside a baseline measured in the same run:
- a bare actix-web JSON handler compiled in the same binary (`serve --bench-baseline-bind`);
- the dashboard's aggregate typed by hand in SQL, and single-row write transactions with the
  same durability settings (`relais bench sql`).
Sizes: BENCH_PEOPLE (default 50,000), BENCH_EVENTS (default 5,000,000), BENCH_SECONDS per
run (default 10), BENCH_CONNECTIONS (default 16), DATABASE_URL (default a SQLite file in
bench/out/). The dashboard's service time is also measured on a tenth of the history
(BENCH_SMALL_EVENTS), to show that its cost does not grow with history. The previous
RESULTS.md's figures are shown beside the new ones. Standard library only.
"""

import datetime
import gzip
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("RELAIS_BIN", os.path.join(ROOT, "target", "release", "relais"))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "50000"))
EVENTS = int(os.environ.get("BENCH_EVENTS", "5000000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
OUT = os.path.join(ROOT, "bench", "out")
SMALL_EVENTS = int(os.environ.get("BENCH_SMALL_EVENTS", str(EVENTS // 10)))
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite://{OUT}/bench-{PEOPLE}-{EVENTS}.db")
RESULTS = os.path.join(ROOT, "bench", "RESULTS.md")
SERVER_CORE, LOAD_CORE = "0", "1"
DASHBOARD_ALONE = "programme dashboard, 1 connection (service time)"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(method, url, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=60) as response:
        return json.loads(response.read() or b"null")


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url, token=None, script=None, connections=CONNECTIONS):
    command = ["taskset", "-c", LOAD_CORE, "wrk", "-t1", f"-c{connections}", f"-d{SECONDS}s", "--latency", "--timeout", "30s"]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rps, "p50": p50, "p99": p99, "errors": int(errors.group(1)) if errors else 0}


def previous_results():
    """Rows of the last RESULTS.md, by name: (req/s, p50 ms)."""
    rows = {}
    if os.path.exists(RESULTS):
        for line in open(RESULTS):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 4 and re.match(r"^[\d,.]+$", cells[1] or "x"):
                try:
                    rows[cells[0]] = (float(cells[1].replace(",", "")), float(cells[2]))
                except ValueError:
                    pass
    return rows


def start_server(database_url, config, port, bare_port, log):
    return subprocess.Popen(
        ["taskset", "-c", SERVER_CORE, BIN, "--config", config, "--database-url", database_url, "serve",
         "--bind", f"127.0.0.1:{port}", "--bench-baseline-bind", f"127.0.0.1:{bare_port}", "--web-dir", "/nonexistent"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "RUST_LOG": "warn"},
    )


def wait_ready(base):
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/readyz", timeout=2)
            return
        except OSError:
            time.sleep(0.2)


def small_history_service_time(config, workdir):
    """The dashboard's service time at the same people and a tenth of the events (SQLite only)."""
    url = f"sqlite://{OUT}/bench-{PEOPLE}-{SMALL_EVENTS}.db"
    subprocess.run([BIN, "--database-url", url, "bench", "seed", "--people", str(PEOPLE), "--events", str(SMALL_EVENTS)], check=True)
    port, bare_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(workdir, "server-small.log"), "w")
    server = start_server(url, config, port, bare_port, log)
    try:
        wait_ready(base)
        token = request("POST", f"{base}/api/v1/auth/sign-in", body={"email": "admin@bench.example", "password": "bench admin passphrase"})["access_token"]
        active = request("GET", f"{base}/api/v1/programmes?status=active&limit=1", token)["items"][0]["id"]
        print(f"wrk {SECONDS}s: dashboard on {SMALL_EVENTS:,} events, 1 connection", flush=True)
        return wrk(f"{base}/api/v1/programmes/{active}/dashboard", token, None, 1)
    finally:
        server.kill()
        server.wait()
        log.close()


def main():
    before = previous_results()
    os.makedirs(OUT, exist_ok=True)
    for tool in ("wrk", "taskset"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing (make bench installs wrk from Debian's packages)")
    started = time.time()
    print(f"seeding {PEOPLE} people and {EVENTS} events on {DATABASE_URL.split('@')[-1]} …", flush=True)
    subprocess.run([BIN, "--database-url", DATABASE_URL, "bench", "seed", "--people", str(PEOPLE), "--events", str(EVENTS)], check=True)
    seed_seconds = time.time() - started

    workdir = tempfile.mkdtemp(prefix="relais-bench-")
    config = os.path.join(workdir, "relais.toml")
    with open(config, "w") as f:
        f.write("requests_per_minute_per_address = 1000000000\nrequests_per_minute_per_account = 1000000000\n")
    port, bare_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(workdir, "server.log"), "w")
    server = start_server(DATABASE_URL, config, port, bare_port, log)
    results = {}
    try:
        wait_ready(base)
        token = request("POST", f"{base}/api/v1/auth/sign-in", body={"email": "admin@bench.example", "password": "bench admin passphrase"})["access_token"]
        active = request("GET", f"{base}/api/v1/programmes?status=active&limit=1", token)["items"][0]["id"]
        # Writes go to a draft so each measures the write path, not a baseline capture.
        today = datetime.date.today()
        draft = request("POST", f"{base}/api/v1/programmes", token, {
            "title": "Bench writes", "context": "other", "description": "",
            "starts_on": str(today), "ends_on": str(today + datetime.timedelta(days=300))})["programme"]["id"]
        need = request("POST", f"{base}/api/v1/programmes/{draft}/needs", token, {"title": "Bench need", "evidence": "", "priority": "low"})["id"]
        body = json.dumps({"need_id": need, "title": "Bench objective", "metric": "tips_published", "target": 10,
                           "due_on": str(today + datetime.timedelta(days=100))})
        script = os.path.join(workdir, "write.lua")
        with open(script, "w") as f:
            f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
            f.write(f"wrk.body = {json.dumps(body)}\n")
        dashboard_url = f"{base}/api/v1/programmes/{active}/dashboard"
        runs = [
            ("baseline: bare actix-web JSON handler", f"http://127.0.0.1:{bare_port}/bench/bare", None, None, CONNECTIONS),
            ("full middleware, authenticated GET /api/v1/me", f"{base}/api/v1/me", token, None, CONNECTIONS),
            ("programme list GET /api/v1/programmes", f"{base}/api/v1/programmes?limit=20", token, None, CONNECTIONS),
            ("programme dashboard GET /api/v1/programmes/{id}/dashboard", dashboard_url, token, None, CONNECTIONS),
            (DASHBOARD_ALONE, dashboard_url, token, None, 1),
            ("write POST /api/v1/programmes/{id}/objectives", f"{base}/api/v1/programmes/{draft}/objectives", token, script, CONNECTIONS),
        ]
        for name, url, auth, lua, connections in runs:
            print(f"wrk {SECONDS}s: {name}", flush=True)
            results[name] = wrk(url, auth, lua, connections)
            # Requests still queued when wrk stops would spill into the next run.
            time.sleep(5)
        with open(f"/proc/{server.pid}/status") as f:
            peak_kib = int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1))
    finally:
        server.kill()
        server.wait()
        log.close()

    small = None if DATABASE_URL.startswith("postgres") else small_history_service_time(config, workdir)
    raw = subprocess.run(["taskset", "-c", SERVER_CORE, BIN, "--database-url", DATABASE_URL, "bench", "sql", "--rounds", "10"],
                         capture_output=True, text=True, check=True, env={**os.environ, "RUST_LOG": "warn"}).stdout
    raw_sql_ms = float(re.search(r"raw_dashboard_sql_ms ([\d.]+)", raw).group(1))
    raw_tx = float(re.search(r"raw_write_tx_per_s ([\d.]+)", raw).group(1))
    dist = os.path.join(ROOT, "frontend", "dist")
    assets = [os.path.join(dist, f) for f in os.listdir(dist) if re.match(r"app-[0-9a-f]+\.(wasm|js)$", f)] if os.path.isdir(dist) else []
    wasm_raw = sum(os.path.getsize(f) for f in assets) if assets else None
    wasm_gz = sum(os.path.getsize(f + ".gz") for f in assets if os.path.exists(f + ".gz")) if assets else None
    wasm_br = sum(os.path.getsize(f + ".br") for f in assets if os.path.exists(f + ".br")) if assets else None
    shutil.rmtree(workdir, ignore_errors=True)

    baseline = results["baseline: bare actix-web JSON handler"]["rps"]
    dashboard = results[DASHBOARD_ALONE]
    write = results["write POST /api/v1/programmes/{id}/objectives"]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    backend = "PostgreSQL" if DATABASE_URL.startswith("postgres") else "SQLite (WAL, synchronous=FULL)"
    lines = [
        "# Benchmark results",
        "",
        f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC} on {os.cpu_count()} cores ({cpu}), {backend}.",
        f"Command: `BENCH_PEOPLE={PEOPLE} BENCH_EVENTS={EVENTS} BENCH_SECONDS={SECONDS} make bench`"
        + ("" if not DATABASE_URL.startswith("postgres") else " with `DATABASE_URL=postgres://…`") + ".",
        f"Data: {PEOPLE:,} people, {EVENTS:,} activity events over a year, 20 active programmes (seeded in {seed_seconds:.0f} s).",
        f"Load: wrk, 1 thread, {CONNECTIONS} connections, {SECONDS} s per row, pinned to core {LOAD_CORE}; relais ({'release' if '/release/' in BIN else 'debug'} build) pinned to core {SERVER_CORE}; loopback"
        + ("; the PostgreSQL server runs on the same machine, not pinned." if DATABASE_URL.startswith("postgres") else "."),
        "",
        f"Rows run {CONNECTIONS} connections unless named otherwise, with a 5 s pause between rows.",
        "",
        "| endpoint | req/s | p50 ms | p99 ms | non-2xx | throughput vs baseline | req/s before | p50 ms before |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        ratio = "1 (baseline)" if r["rps"] == baseline else f"1/{baseline / r['rps']:.1f}"
        old = before.get(name)
        old_cells = f"{old[0]:,.0f} | {old[1]:.2f}" if old else "– | –"
        lines.append(f"| {name} | {r['rps']:,.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']} | {ratio} | {old_cells} |")
    lines += [
        "",
        "Raw baselines on the same data and durability settings:",
        "",
        "| raw baseline | value | endpoint | ratio |",
        "|---|---:|---:|---:|",
        f"| dashboard aggregate typed by hand in SQL | {raw_sql_ms:.2f} ms/query | dashboard alone, p50 {dashboard['p50']:.2f} ms | endpoint takes {dashboard['p50'] / raw_sql_ms:.1f}x the raw query |",
        f"| one-row write transactions, one connection | {raw_tx:,.0f} tx/s | objective writes {write['rps']:,.0f} req/s | endpoint reaches {write['rps'] / raw_tx:.2f}x the raw rate |",
        "",
        f"Peak memory of `relais serve` under this load (VmHWM): {peak_kib / 1024:.1f} MiB.",
    ]
    if small:
        lines += [
            "",
            "The dashboard reads roll-ups kept by a background consumer, not raw events: its cost does not grow with history.",
            "",
            "| dashboard service time (1 connection) | p50 ms | p99 ms | req/s |",
            "|---|---:|---:|---:|",
            f"| {SMALL_EVENTS:,} events | {small['p50']:.2f} | {small['p99']:.2f} | {small['rps']:,.0f} |",
            f"| {EVENTS:,} events | {dashboard['p50']:.2f} | {dashboard['p99']:.2f} | {dashboard['rps']:,.0f} |",
            f"| ratio | {dashboard['p50'] / small['p50']:.2f}x | {dashboard['p99'] / small['p99']:.2f}x | |",
        ]
    if wasm_raw:
        lines.append(f"Web app (wasm + JS): {wasm_raw / 1024:.0f} KiB, {wasm_gz / 1024:.0f} KiB gzipped, {wasm_br / 1024:.0f} KiB brotli (served precompressed).")
    text = "\n".join(lines) + "\n"
    with open(RESULTS, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
