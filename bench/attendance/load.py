"""Open-loop heartbeat load: every viewer sends one beat each ``--interval`` seconds, on a
fixed schedule whatever the server does, over a pool of keep-alive connections.

Latency is measured from when a beat was *due*, not from when a free connection sent it,
so a server that falls behind shows it (no coordinated omission). Standard library only,
so the load generator costs little of the two CPUs it shares with the server.

Each step uses viewers of its own (seed the sum of the steps). The first ``--settle``
seconds of a step (one beat interval by default) are sent but not measured: in them each
viewer sends its first beat, which loads its session from the database, as a viewer does
once per lesson; a real audience is mostly viewers already watching (one first beat in
sixty for a ten-minute lesson).

    python bench/attendance/load.py --port 8000 --viewers-file v.json \\
        --steps 1000,2500,5000 --step-seconds 15
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path

import cpu  # noqa: E402  (bench/attendance/cpu.py, beside this file)


class Connection:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        for attempt in range(2):
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
                self.writer.write(raw)
                return await self._response()
            except (ConnectionError, asyncio.IncompleteReadError):
                self.writer = None  # the server closed an idle keep-alive: reconnect once
                if attempt:
                    raise
        raise ConnectionError

    async def _response(self) -> tuple[int, bytes]:
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length, close = 0, False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
            elif name.lower() == b"connection" and value.strip().lower() == b"close":
                close = True
        body = await self.reader.readexactly(length)
        if close:
            self.writer.close()
            self.writer = None
        return status, body


def beat_request(data: dict, viewer: dict, seq: int, path: str) -> bytes:
    start = viewer["offset"] + 10 * (seq - 1)
    payload = json.dumps(
        {
            "session": viewer["session"],
            "seq": seq,
            "ranges": [[start, start + 10]],
            "position": start + 10,
            "visible": True,
            "rate": 1,
        }
    ).encode()
    cookie = f"{data['session_cookie']}={viewer['cookie']}; {data['csrf_cookie']}={data['csrf']}"
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"X-CSRFToken: {data['csrf']}\r\nCookie: {cookie}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode() + payload


async def run_step(args, data, viewers, seqs, step_viewers: int, first: int) -> dict:
    pool: asyncio.Queue = asyncio.Queue()
    for _ in range(args.connections):
        pool.put_nowait(Connection("127.0.0.1", args.port))
    latencies: list[float] = []
    errors: dict[str, int] = {}
    settle_errors: dict[str, int] = {}
    loop = asyncio.get_running_loop()
    begin = loop.time()
    measured_from = begin + args.settle
    gap = args.interval / step_viewers

    async def one(index: int, due: float) -> None:
        await asyncio.sleep(max(0.0, due - loop.time()))
        viewer = viewers[index]
        seqs[index] += 1
        raw = beat_request(data, viewer, seqs[index], args.path)
        counted = errors if due >= measured_from else settle_errors
        connection = await pool.get()
        try:
            status, body = await connection.request(raw)
            if status != 200:
                key = f"{status} {json.loads(body).get('error', '') if body else ''}".strip()
                counted[key] = counted.get(key, 0) + 1
        except Exception as error:  # noqa: BLE001
            counted[type(error).__name__] = counted.get(type(error).__name__, 0) + 1
        finally:
            pool.put_nowait(connection)
        if due >= measured_from:
            latencies.append(loop.time() - due)

    async def snapshot_when_settled() -> dict:
        await asyncio.sleep(max(0.0, measured_from - loop.time()))
        return cpu.snapshot()

    settled = asyncio.create_task(snapshot_when_settled())
    tasks = []
    sent = 0
    while True:
        due = begin + sent * gap
        if due - begin >= args.step_seconds:
            break
        tasks.append(asyncio.create_task(one(first + sent % step_viewers, due)))
        sent += 1
        if len(tasks) % 200 == 0:
            await asyncio.sleep(0)
    await asyncio.gather(*tasks)
    elapsed = loop.time() - begin
    # CPU of the server's processes per measured beat: the beats due after the settling
    # time, sent once every beat before them was answered.
    cpu_ms = cpu.per_beat(await settled, cpu.snapshot(), max(1, len(latencies)))
    latencies.sort()
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "viewers": step_viewers,
        "target_rps": round(step_viewers / args.interval),
        "sent": sent,
        "measured": len(latencies),
        "achieved_rps": round(sent / elapsed, 1),
        "p50_ms": round(q[49] * 1000, 1),
        "p90_ms": round(q[89] * 1000, 1),
        "p99_ms": round(q[98] * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1),
        "errors": errors,
        "settle_errors": settle_errors,
        "cpu_ms_per_beat": cpu_ms,
    }


async def main_async(args) -> list[dict]:
    data = json.loads(Path(args.viewers_file).read_text())  # noqa: ASYNC240
    viewers = data["viewers"]
    seqs = [0] * len(viewers)
    results = []
    steps = [int(s) for s in args.steps.split(",")]
    if args.skip + sum(steps) > len(viewers):
        raise SystemExit(f"the steps need {sum(steps)} viewers, {len(viewers)} were seeded")
    first = args.skip
    # Each step has viewers of its own, so every viewer keeps its ten-second rhythm.
    for step in steps:
        result = await run_step(args, data, viewers, seqs, step, first)
        first += step
        print(json.dumps(result), flush=True)
        results.append(result)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--viewers-file", required=True)
    parser.add_argument("--steps", default="1000,2500,5000")
    parser.add_argument("--step-seconds", type=float, default=15)
    parser.add_argument("--interval", type=float, default=10)
    parser.add_argument("--settle", type=float, default=10, help="seconds sent, not measured")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--path", default="/zh-hans/attendance/api/playback/beat/")
    parser.add_argument("--skip", type=int, default=0, help="viewers used by a warm-up")
    parser.add_argument("--out")
    args = parser.parse_args()
    started = time.time()
    results = asyncio.run(main_async(args))
    if args.out:
        with open(args.out, "w") as handle:  # noqa: PTH123
            json.dump({"started": started, "steps": results}, handle)


if __name__ == "__main__":
    main()
