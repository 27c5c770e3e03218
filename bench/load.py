"""Load generator for bench/api.py, run as its own process: asyncio + httpx on loopback.

    python bench/load.py BASE_URL CONCURRENCY REQUESTS PATH [PATH ...]

For each path, sends REQUESTS GET requests from CONCURRENCY concurrent clients (bounded:
the run stops after REQUESTS requests or 120 s) and prints one JSON line per path:
throughput, p50, p99 and the status codes seen.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time

import httpx


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def measure(client: httpx.AsyncClient, path: str, concurrency: int, requests: int) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    remaining = requests
    deadline = time.monotonic() + 120

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0 and time.monotonic() < deadline:
            remaining -= 1
            started = time.perf_counter()
            response = await client.get(path)
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    for _ in range(3):  # warm the connections and caches
        await client.get(path)
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return {
        "path": path,
        "concurrency": concurrency,
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies),
        "p99_ms": percentile(latencies, 0.99),
        "statuses": statuses,
    }


async def main() -> None:
    base, concurrency, requests, *paths = sys.argv[1:]
    limits = httpx.Limits(
        max_connections=int(concurrency), max_keepalive_connections=int(concurrency)
    )
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        for path in paths:
            print(
                json.dumps(await measure(client, path, int(concurrency), int(requests))), flush=True
            )


if __name__ == "__main__":
    asyncio.run(main())
