"""CPU seconds spent by the server's processes between two snapshots, per beat (load.py
takes them around each step's measured part).

Reads /proc (Linux): user + system time of each process, grouped as the web server
(parentschool.serve, or gunicorn), postgres, redis and the rest, counting only processes
alive at both snapshots. CPU per beat does not depend much on how busy the machine is, so
it compares runs that wall-clock latency cannot.
"""

import os
from pathlib import Path

GROUPS = {
    "web": "parentschool.serve",
    "gunicorn": "gunicorn",
    "postgres": "postgres",
    "redis": "redis-server",
}


def snapshot() -> dict[str, list]:
    ticks = os.sysconf("SC_CLK_TCK")
    processes = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, UnicodeDecodeError):
            continue
        group = next((g for g, name in GROUPS.items() if name in command), "other")
        processes[pid] = [group, (int(fields[11]) + int(fields[12])) / ticks]
    return processes


def per_beat(before: dict, after: dict, beats: int) -> dict[str, float]:
    spent: dict[str, float] = dict.fromkeys([*GROUPS, "other"], 0.0)
    for pid, (group, seconds) in after.items():
        if pid in before:
            spent[group] += seconds - before[pid][1]
    return {group: round(1000 * seconds / beats, 2) for group, seconds in spent.items()}
