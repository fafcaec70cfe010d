#!/usr/bin/env python3
"""`make bench`: load-tests relais on a large generated organisation and writes bench/RESULTS.md.

The server runs pinned to core 0, wrk to core 1, on loopback, in bounded runs. Every
figure is printed beside a baseline measured in the same run:
- a bare actix-web JSON handler compiled in the same binary (`serve --bench-baseline-bind`);
- the dashboard's aggregate typed by hand in SQL, and single-row write transactions with the
  same durability settings (`relais bench sql`).
Sizes: BENCH_PEOPLE (default 50,000), BENCH_EVENTS (default 5,000,000), BENCH_SECONDS per
run (default 10), BENCH_CONNECTIONS (default 16), DATABASE_URL (the SQLite file; default one
in bench/out/). The same rows then run on PostgreSQL (database `relais_bench` on the local
server, started as for the tests; BENCH_POSTGRES=0 skips it), and once more on SQLite under
heaptrack to say where the memory goes. The dashboard's service time is also measured on a tenth of the history
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
RESULTS = os.path.join(ROOT, "bench", "RESULTS.md")
SERVER_CORE, LOAD_CORE = "0", "1"
DASHBOARD_ALONE = "programme dashboard, 1 connection (service time)"
WRITE_ROW = "write POST /api/v1/programmes/{id}/objectives"


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


def postgres_url():
    """A PostgreSQL database for the bench (`relais_bench`, kept between runs so seeding is
    done once), or None when PostgreSQL cannot be had. BENCH_POSTGRES=0 skips it."""
    if os.environ.get("BENCH_POSTGRES", "1") == "0":
        return None
    found = subprocess.run([os.path.join(ROOT, "scripts", "postgres-for-tests.sh")], capture_output=True, text=True)
    server = found.stdout.strip()
    if found.returncode != 0 or not server:
        print("!! PostgreSQL is not available: the bench runs on SQLite only !!", flush=True)
        return None
    base = server.rsplit("/", 1)[0]
    exists = subprocess.run(["psql", server, "-tAc", "SELECT 1 FROM pg_database WHERE datname = 'relais_bench'"],
                            capture_output=True, text=True).stdout.strip()
    if exists != "1":
        subprocess.run(["psql", server, "-qc", "CREATE DATABASE relais_bench"], check=True)
    return f"{base}/relais_bench"


def measure(database_url, workdir):
    """Seeds (once) and loads one backend; its figures."""
    started = time.time()
    print(f"seeding {PEOPLE} people and {EVENTS} events on {database_url.split('@')[-1]} …", flush=True)
    subprocess.run([BIN, "--database-url", database_url, "bench", "seed", "--people", str(PEOPLE), "--events", str(EVENTS)], check=True)
    seed_seconds = time.time() - started
    config = os.path.join(workdir, "relais.toml")
    port, bare_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(workdir, "server.log"), "w")
    server = start_server(database_url, config, port, bare_port, log)
    results = {}
    try:
        wait_ready(base)
        token, runs = prepare_runs(base, workdir)
        runs.insert(0, ("baseline: bare actix-web JSON handler", f"http://127.0.0.1:{bare_port}/bench/bare", None, None, CONNECTIONS))
        for name, url, auth, lua, connections in runs:
            print(f"wrk {SECONDS}s: {name}", flush=True)
            results[name] = wrk(url, token if auth else None, lua, connections)
            # Requests still queued when wrk stops would spill into the next run.
            time.sleep(5)
        with open(f"/proc/{server.pid}/status") as f:
            peak_kib = int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1))
    finally:
        server.kill()
        server.wait()
        log.close()
    raw = subprocess.run(["taskset", "-c", SERVER_CORE, BIN, "--database-url", database_url, "bench", "sql", "--rounds", "10"],
                         capture_output=True, text=True, check=True, env={**os.environ, "RUST_LOG": "warn"}).stdout
    return {
        "results": results,
        "peak_mib": peak_kib / 1024,
        "seed_seconds": seed_seconds,
        "raw_sql_ms": float(re.search(r"raw_dashboard_sql_ms ([\d.]+)", raw).group(1)),
        "raw_tx": float(re.search(r"raw_write_tx_per_s ([\d.]+)", raw).group(1)),
    }


def prepare_runs(base, workdir):
    """Signs in and makes what the rows need; (token, rows). Each row: name, url, needs the
    token, wrk script, connections."""
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
    return token, [
        ("full middleware, authenticated GET /api/v1/me", f"{base}/api/v1/me", True, None, CONNECTIONS),
        ("programme list GET /api/v1/programmes", f"{base}/api/v1/programmes?limit=20", True, None, CONNECTIONS),
        ("programme dashboard GET /api/v1/programmes/{id}/dashboard", dashboard_url, True, None, CONNECTIONS),
        (DASHBOARD_ALONE, dashboard_url, True, None, 1),
        (WRITE_ROW, f"{base}/api/v1/programmes/{draft}/objectives", True, script, CONNECTIONS),
    ]


def heap_profile(database_url, workdir):
    """Where the memory goes: the server runs under heaptrack through the same rows (3 s
    each); the peak heap and its biggest consumers, from heaptrack_print."""
    if not shutil.which("heaptrack") or not shutil.which("heaptrack_print"):
        print("heaptrack is missing: no memory breakdown", flush=True)
        return None
    config = os.path.join(workdir, "relais.toml")
    port, bare_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    data = os.path.join(workdir, "heaptrack.relais")
    log = open(os.path.join(workdir, "heaptrack.log"), "w")
    server = subprocess.Popen(
        ["heaptrack", "-o", data, BIN, "--config", config, "--database-url", database_url, "serve",
         "--bind", f"127.0.0.1:{port}", "--bench-baseline-bind", f"127.0.0.1:{bare_port}", "--web-dir", "/nonexistent"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "RUST_LOG": "warn"})
    try:
        wait_ready(base)
        token, runs = prepare_runs(base, workdir)
        for name, url, auth, lua, connections in runs:
            print(f"heaptrack: {name}", flush=True)
            subprocess.run(["wrk", "-t1", f"-c{connections}", "-d3s"] + (["-H", f"Authorization: Bearer {token}"] if auth else [])
                           + (["-s", lua] if lua else []) + [url], capture_output=True, check=True)
    finally:
        # SIGINT to relais (heaptrack's child) lets it exit cleanly and heaptrack write its file.
        subprocess.run(["pkill", "-INT", "-P", str(server.pid)])
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    files = [f for f in os.listdir(workdir) if f.startswith("heaptrack.relais")]
    if not files:
        return None
    printed = subprocess.run(["heaptrack_print", "-f", os.path.join(workdir, files[0]), "--print-peaks", "1",
                              "--print-allocators", "0", "--print-temporary", "0", "--print-leaks", "0",
                              "--peak-limit", "8"],
                             capture_output=True, text=True).stdout
    return printed


def summarise_heap(printed):
    """The peak heap and its biggest consumers, as Markdown lines: for each, the first frame
    that is not the allocator, and the first frame of our own code beneath it."""
    peak = re.search(r"peak heap memory consumption: (.+)", printed)
    lines = [f"Peak heap under the same rows, traced by heaptrack: {peak.group(1).strip() if peak else 'unknown'}."
             " Biggest consumers at the peak (bytes held, allocations, where):", ""]
    section = printed.split("PEAK MEMORY CONSUMERS", 1)[-1].split("\nMOST TEMPORARY", 1)[0]
    consumers = []
    for block in re.split(r"\n(?=\s*[\d.]+[KMG]?B? consumed over \d+ calls from:)", section)[1:]:
        head = re.match(r"\s*([\d.]+)([KMG]?)B? consumed over (\d+) calls from:", block)
        if not head:
            continue
        frames = []  # (function, location)
        lines_of_block = block.splitlines()[1:]
        for index, line in enumerate(lines_of_block):
            located = re.match(r"\s+at (\S+)", line)
            if located and index:
                frames.append((lines_of_block[index - 1].strip(), located.group(1)))
        def plain(frame):
            function, location = frame
            return ("/library/" not in location and "/rustc/" not in location
                    and not re.search(r"(?i)malloc|alloc$|^alloc|Alarm", function))
        first = next((f for f in frames if plain(f)), None)
        ours = next((f for f in frames if "crates/" in f[1]), None)
        short = lambda f: f"{f[0][:60]} ({f[1].split('/')[-1]})"
        where = short(first) if first else "unresolved"
        if ours and ours != first:
            where += f" ← {short(ours)}"
        size = float(head.group(1)) * {"": 1, "K": 1e3, "M": 1e6, "G": 1e9}[head.group(2)]
        consumers.append((size, f"- {head.group(1)}{head.group(2)} in {int(head.group(3)):,} allocations: {where}"))
    consumers.sort(reverse=True)
    return lines + [line for _, line in consumers[:6]]


def main():
    before = previous_results()
    os.makedirs(OUT, exist_ok=True)
    for tool in ("wrk", "taskset"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing (make bench installs wrk from Debian's packages)")
    workdir = tempfile.mkdtemp(prefix="relais-bench-")
    with open(os.path.join(workdir, "relais.toml"), "w") as f:
        f.write("requests_per_minute_per_address = 1000000000\nrequests_per_minute_per_account = 1000000000\n")
    sqlite_url = os.environ.get("DATABASE_URL", f"sqlite://{OUT}/bench-{PEOPLE}-{EVENTS}.db")
    backends = [("SQLite", sqlite_url)]
    pg = postgres_url()
    if pg:
        backends.append(("PostgreSQL", pg))
    measured = {label: measure(url, workdir) for label, url in backends}
    # C1: an HR file of 50,000 people into a fresh organisation (target: under 10 s).
    imported = subprocess.run([BIN, "--database-url", f"sqlite://{workdir}/import.db", "bench", "import", "--rows", "50000"],
                              capture_output=True, text=True, check=True, env={**os.environ, "RUST_LOG": "warn"}).stdout
    # V1: the tip search over 100,000 tips (target: under 20 ms).
    searched = subprocess.run([BIN, "--database-url", f"sqlite://{workdir}/tips.db", "bench", "tips", "--count", "100000"],
                              capture_output=True, text=True, check=True, env={**os.environ, "RUST_LOG": "warn"}).stdout
    small = small_history_service_time(os.path.join(workdir, "relais.toml"), workdir)
    heap = heap_profile(sqlite_url, workdir)
    dist = os.path.join(ROOT, "frontend", "dist")
    # The shell, loaded first: the bindings, their wasm and the loader of the screens' parts.
    assets = [os.path.join(dist, f) for f in os.listdir(dist) if re.match(r"(app-[0-9a-f]+\.(wasm|js)|split-[0-9a-f]+\.js)$", f)] if os.path.isdir(dist) else []
    parts = [os.path.join(dist, f) for f in os.listdir(dist) if re.match(r"(split|chunk)_.*-[0-9a-f]+\.wasm$", f)] if os.path.isdir(dist) else []
    parts_gz = sum(os.path.getsize(f + ".gz") for f in parts if os.path.exists(f + ".gz"))
    wasm_raw = sum(os.path.getsize(f) for f in assets) if assets else None
    wasm_gz = sum(os.path.getsize(f + ".gz") for f in assets if os.path.exists(f + ".gz")) if assets else None
    wasm_br = sum(os.path.getsize(f + ".br") for f in assets if os.path.exists(f + ".br")) if assets else None
    shutil.rmtree(workdir, ignore_errors=True)

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    labels = [label for label, _ in backends]
    lines = [
        "# Benchmark results",
        "",
        f"Run {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC} on {os.cpu_count()} cores ({cpu}).",
        f"Command: `BENCH_PEOPLE={PEOPLE} BENCH_EVENTS={EVENTS} BENCH_SECONDS={SECONDS} make bench`"
        " (PostgreSQL when the local server can be started; `BENCH_POSTGRES=0` skips it).",
        f"Data: {PEOPLE:,} people, {EVENTS:,} activity events over a year, 20 active programmes per backend"
        f" (seeded in " + ", ".join(f"{measured[l]['seed_seconds']:.0f} s on {l}" for l in labels) + "; kept between runs).",
        f"Load: wrk, 1 thread, {CONNECTIONS} connections, {SECONDS} s per row, pinned to core {LOAD_CORE};"
        f" relais ({'release' if '/release/' in BIN else 'debug'} build) pinned to core {SERVER_CORE}; loopback."
        " SQLite in WAL mode with synchronous=FULL; PostgreSQL 15 on the same machine, not pinned, default settings.",
        "Each ratio compares with the bare actix-web handler measured in the same run on the same backend's server.",
        "",
        "| endpoint | " + " | ".join(f"{l} req/s | {l} p50 ms | {l} p99 ms | {l} vs bare" for l in labels) + " | SQLite req/s before | SQLite p50 ms before |",
        "|---|" + "---:|" * (4 * len(labels) + 2),
    ]
    for name in measured[labels[0]]["results"]:
        cells = []
        for label in labels:
            r = measured[label]["results"][name]
            bare = measured[label]["results"]["baseline: bare actix-web JSON handler"]["rps"]
            ratio = "1" if r["rps"] == bare else f"{r['rps'] / bare:.3f}"
            errors = f" ({r['errors']} non-2xx)" if r["errors"] else ""
            cells.append(f"{r['rps']:,.0f}{errors} | {r['p50']:.2f} | {r['p99']:.2f} | {ratio}")
        old = before.get(name)
        old_cells = f"{old[0]:,.0f} | {old[1]:.2f}" if old else "– | –"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {old_cells} |")
    lines += ["", "Raw baselines on the same data and durability settings:", "",
              "| raw baseline | backend | value | endpoint | ratio |", "|---|---|---:|---:|---:|"]
    for label in labels:
        m = measured[label]
        dashboard = m["results"][DASHBOARD_ALONE]
        write = m["results"][WRITE_ROW]
        lines.append(f"| dashboard aggregate typed by hand in SQL | {label} | {m['raw_sql_ms']:.2f} ms/query | dashboard alone, p50 {dashboard['p50']:.2f} ms | endpoint takes {dashboard['p50'] / m['raw_sql_ms']:.1f}x the raw query |")
        lines.append(f"| one-row write transactions, one connection | {label} | {m['raw_tx']:,.0f} tx/s | objective writes {write['rps']:,.0f} req/s | endpoint reaches {write['rps'] / m['raw_tx']:.2f}x the raw rate |")
    lines += ["", "HR file import of 50,000 people on SQLite (`relais bench import --rows 50000`, target under 10 s):", ""]
    lines += [f"- {line}" for line in imported.strip().splitlines()]
    lines += ["", "Tip search over 100,000 tips on SQLite (`relais bench tips --count 100000`, target under 20 ms):", ""]
    lines += [f"- {line}" for line in searched.strip().splitlines()]
    lines += ["", "Peak resident memory of `relais serve` under this load (VmHWM): "
              + ", ".join(f"{measured[l]['peak_mib']:.1f} MiB on {l}" for l in labels) + "."]
    if heap:
        lines += [""] + summarise_heap(heap)
    dashboard = measured["SQLite"]["results"][DASHBOARD_ALONE]
    lines += [
        "",
        "The dashboard reads roll-ups kept by a background consumer, not raw events: its cost does not grow with history (SQLite).",
        "",
        "| dashboard service time (1 connection) | p50 ms | p99 ms | req/s |",
        "|---|---:|---:|---:|",
        f"| {SMALL_EVENTS:,} events | {small['p50']:.2f} | {small['p99']:.2f} | {small['rps']:,.0f} |",
        f"| {EVENTS:,} events | {dashboard['p50']:.2f} | {dashboard['p99']:.2f} | {dashboard['rps']:,.0f} |",
        f"| ratio | {dashboard['p50'] / small['p50']:.2f}x | {dashboard['p99'] / small['p99']:.2f}x | |",
    ]
    if wasm_raw:
        lines += ["", f"Web app shell, loaded first (wasm + JS): {wasm_raw / 1024:.0f} KiB, {wasm_gz / 1024:.0f} KiB gzipped, {wasm_br / 1024:.0f} KiB brotli (served precompressed); "
                  f"the screens in {len(parts)} parts fetched when first needed: {parts_gz / 1024:.0f} KiB gzipped in all."]
    text = "\n".join(lines) + "\n"
    with open(RESULTS, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
