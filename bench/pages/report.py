"""Turn the wrk outputs of bench/pages/run.sh into a markdown table and bench/pages/RESULTS.md.

Each ``<page>-<cached|uncached>.txt`` in ``--wrk-dir`` is the output of ``wrk --latency`` plus
the ``worker restarts:`` and ``path:`` lines run.sh appends.
"""

from __future__ import annotations

import argparse
import datetime
import multiprocessing
import os
import platform
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

PAGES = ["home", "catalogue", "course", "lesson"]
GOAL_RATIO = 10
GOAL_P99_MS = 50
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse(path: Path) -> dict:
    text = path.read_text()
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "p50": to_ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1)),
        "p99": to_ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1)),
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),
        "non2xx": 0,
        "errors": 0,
        "restarts": 0,
        "path": "",
    }
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", text):
        result["non2xx"] = int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    ):
        result["errors"] = sum(int(n) for n in match.groups())
    if match := re.search(r"^worker restarts: (-?\d+)", text, re.M):
        result["restarts"] = int(match.group(1))
    if match := re.search(r"^path: (\S+)", text, re.M):
        result["path"] = match.group(1)
    result["load"] = float(m.group(1)) if (m := re.search(r"^load: ([\d.]+)", text, re.M)) else None
    return result


def version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10)  # noqa: S603
    except OSError:
        return "?"
    return (
        (done.stdout or done.stderr).strip().splitlines()[0]
        if (done.stdout or done.stderr)
        else "?"
    )


def machine() -> list[tuple[str, str]]:
    import django
    import granian
    import wagtail

    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    workers = os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count()))
    threads = os.environ.get("WEB_THREADS", "4")
    return [
        ("CPUs (nproc)", str(os.cpu_count())),
        ("CPU model", cpu),
        ("memory", f"{mem_kib / 1024 / 1024:.1f} GiB"),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("Django / Wagtail", f"{django.get_version()} / {wagtail.__version__}"),
        (
            "server",
            f"granian {granian.__version__} (WSGI), {workers} processes × {threads} threads",
        ),
        ("database", f"SQLite {sqlite3.sqlite_version} (WAL)"),
        ("cache", version(["redis-server", "--version"]).split(" sha=")[0]),
        ("load generator", version(["wrk", "-v"]).split(" Copyright")[0] + ", same machine"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wrk-dir", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--load-before", default="")
    parser.add_argument("--load-after", default="")
    parser.add_argument("--generation", default="")
    parser.add_argument("--generate-log", type=Path)
    parser.add_argument("--command", default="wrk")
    parser.add_argument("--first-render", type=Path)
    args = parser.parse_args()

    first = {}
    if args.first_render and args.first_render.exists():
        for line in args.first_render.read_text().splitlines():
            parts = line.split()
            if len(parts) == 3:
                first[parts[0]] = float(parts[2])
    rows, verdicts, notes = [], [], []
    for page in PAGES:
        cached = parse(args.wrk_dir / f"{page}-cached.txt")
        uncached = parse(args.wrk_dir / f"{page}-uncached.txt")
        ratio = cached["rps"] / uncached["rps"] if uncached["rps"] else float("inf")
        met = ratio >= GOAL_RATIO and cached["p99"] < GOAL_P99_MS and cached["requests"] > 0
        verdicts.append(met)
        bad = sum(r["non2xx"] + r["errors"] for r in (cached, uncached))
        if uncached["requests"]:
            u = f"{uncached['rps']:,.1f} | {uncached['p50']:,.0f} | {uncached['p99']:,.0f}"
            r = f"**{ratio:.1f}×**"
        else:
            u = "0 (no response) | — | —"
            r = "**∞**"
            notes.append(
                f"The uncached {page} page answered no request within the run (wrk's timeout "
                f"is 10 s); one render took {first.get(page, float('nan')):.0f} s on the "
                "otherwise idle server."
            )
        rows.append(
            f"| {page} `{cached['path']}` | {cached['rps']:,.0f} | {cached['p50']:,.1f} | "
            f"{cached['p99']:,.1f} | {u} | {r} | {'yes' if met else 'no'} | "
            f"{first.get(page, float('nan')) * 1000:,.0f} | {bad} | "
            f"{cached['restarts']} / {uncached['restarts']} | "
            f"{cached['load']} / {uncached['load']} |"
        )
    table = "\n".join(
        [
            "| page | cached req/s | cached p50 ms | cached p99 ms | uncached req/s | "
            "uncached p50 ms | uncached p99 ms | cached/uncached | goal met | "
            "first render ms | errors | worker restarts (c/u) | load 1 min at start (c/u) |",
            "|---|--:|--:|--:|--:|--:|--:|--:|:-:|--:|--:|--:|--:|",
            *rows,
        ]
    )
    if notes:
        table += "\n\n" + "\n".join(f"- {n}" for n in notes)
    overall = "met" if all(verdicts) else "NOT met"
    goal = (
        f"Goal (issue 3): cached anonymous pages ≥ {GOAL_RATIO}× the uncached throughput with "
        f"p99 < {GOAL_P99_MS} ms. **{overall}** "
        f"({sum(verdicts)} of {len(verdicts)} pages)."
    )
    print(table)
    print()
    print(goal)

    generation = args.generation
    details = ""
    if args.generate_log and args.generate_log.exists():
        details = "\n```\n" + args.generate_log.read_text().strip("\n") + "\n```\n"
    measured = max(f.stat().st_mtime for f in args.wrk_dir.glob("*.txt"))
    now = datetime.datetime.fromtimestamp(measured).astimezone().strftime("%Y-%m-%d %H:%M %Z")
    text = f"""# Page benchmark results

Measured by `bench/pages/run.sh`, last run ending {now}. Each cell:
`{args.command}` from the same machine against `127.0.0.1`; "cached" is the
production server with the anonymous page cache in Redis, "uncached" the same server with
`PAGE_CACHE_SECONDS=0`. Latencies in milliseconds. "First render" is the first request of the
page on the cached server (a miss, so one full render on an otherwise idle server). Errors are
non-2xx responses plus socket errors (timeouts included); worker restarts are server processes
respawned during the cached / uncached run; the load is the machine's 1-minute
load average when that run started (2 CPUs: above 2 means other work competed for the CPU).

{table}

{goal}

## Machine

| | |
|---|---|
{chr(10).join(f"| {k} | {v} |" for k, v in machine())}

Load before: `{args.load_before.strip()}`
Load after: `{args.load_after.strip()}`

## Data

{generation}
{details}"""
    args.output.write_text(text)
    print(f"\nwrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
