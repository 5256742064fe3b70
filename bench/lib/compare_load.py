#!/usr/bin/python3
"""Fixed-rate HTTP/1.1 load generator for bench/compare (open loop, keep-alive).

    python3 compare_load.py --port P [--host 127.0.0.1] --rate R [--max-conns 512] [--timeout 30]

Request i is scheduled at t0 + i/R whatever happened to earlier ones (open loop: a stalled
server does not slow the schedule down, so no stall is hidden). A request takes an idle
keep-alive connection, or opens a new one while fewer than --max-conns exist, or waits for one;
its latency counts from its scheduled time, so waiting for a connection is part of it.

Every finished request is written to stdout as one line, flushed every 50 ms:
    sched sent done status worker_pid
times in seconds of CLOCK_MONOTONIC (the same clock as time.monotonic() in every process of
the machine), status the HTTP status, 0 for a connection error, -1 for a timeout; worker_pid
is what the app put in its body (pid=N), 0 if none. Runs until SIGTERM or SIGINT, then finishes
the requests in flight and writes a last line: "# end scheduled N sent N stale_retries N".
"""

import argparse
import asyncio
import re
import signal
import sys
import time

now = time.monotonic
PID = re.compile(rb"pid=(\d+)")


class Pool:
    def __init__(self, host, port, max_conns):
        self.host, self.port = host, port
        self.idle = []
        self.slots = asyncio.Semaphore(max_conns)
        self.stale_retries = 0

    async def connect(self):
        return await asyncio.open_connection(self.host, self.port)


REQUEST = b"GET / HTTP/1.1\r\nHost: bench.local\r\nUser-Agent: bench-compare\r\n\r\n"


async def read_response(reader):
    """Returns (status, body, keep_alive); raises on a broken or closed connection."""
    line = await reader.readline()
    if not line:
        raise ConnectionResetError("closed before a status line")
    parts = line.split(None, 2)
    status = int(parts[1])
    length, keep = 0, True
    while True:
        h = await reader.readline()
        if not h:
            raise ConnectionResetError("closed in headers")
        if h in (b"\r\n", b"\n"):
            break
        k, _, v = h.partition(b":")
        k = k.strip().lower()
        if k == b"content-length":
            length = int(v.strip())
        elif k == b"connection" and v.strip().lower() == b"close":
            keep = False
        elif k == b"transfer-encoding":
            raise ValueError("chunked responses are not expected from this app")
    body = await reader.readexactly(length) if length else b""
    return status, body, keep


async def exchange(pool, timeout):
    """One request on a pooled connection; a reused connection that was closed under us
    (nothing read at all) is retried once on a fresh one, as HTTP clients do."""
    conn = pool.idle.pop() if pool.idle else None
    reused = conn is not None
    for attempt in (0, 1):
        if conn is None:
            conn = await asyncio.wait_for(pool.connect(), timeout)
        reader, writer = conn
        try:
            writer.write(REQUEST)
            status, body, keep = await asyncio.wait_for(read_response(reader), timeout)
        except (ConnectionError, asyncio.IncompleteReadError) as e:
            writer.close()
            conn = None
            if reused and attempt == 0 and isinstance(e, ConnectionResetError):
                pool.stale_retries += 1
                reused = False
                continue
            raise
        except BaseException:
            writer.close()
            raise
        if keep:
            pool.idle.append(conn)
        else:
            writer.close()
        return status, body


async def main(args):
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    pool = Pool(args.host, args.port, args.max_conns)
    out = []
    tasks = set()
    sent_count = 0

    async def one(sched):
        nonlocal sent_count
        async with pool.slots:
            sent = now()
            sent_count += 1
            status, wpid = 0, 0
            try:
                status, body = await exchange(pool, args.timeout)
                m = PID.search(body)
                if m:
                    wpid = int(m.group(1))
            except asyncio.TimeoutError:
                status = -1
            except (OSError, ValueError, asyncio.IncompleteReadError):
                status = 0
            out.append("%.6f %.6f %.6f %d %d\n" % (sched, sent, now(), status, wpid))

    async def flusher():
        while True:
            await asyncio.sleep(0.05)
            if out:
                sys.stdout.write("".join(out))
                out.clear()
                sys.stdout.flush()

    flush_task = asyncio.create_task(flusher())
    interval = 1.0 / args.rate
    t0 = now() + 0.05
    i = 0
    while not stopping.is_set():
        sched = t0 + i * interval
        delay = sched - now()
        if delay > 0:
            try:
                await asyncio.wait_for(stopping.wait(), delay)
                break
            except asyncio.TimeoutError:
                pass
        t = asyncio.create_task(one(sched))
        tasks.add(t)
        t.add_done_callback(tasks.discard)
        i += 1
    if tasks:
        await asyncio.wait(tasks, timeout=args.timeout + 1)
    flush_task.cancel()
    out.append("# end scheduled %d sent %d stale_retries %d\n" % (i, sent_count, pool.stale_retries))
    sys.stdout.write("".join(out))
    sys.stdout.flush()


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--rate", type=float, required=True)
    p.add_argument("--max-conns", type=int, default=512)
    p.add_argument("--timeout", type=float, default=30.0)
    asyncio.run(main(p.parse_args()))
