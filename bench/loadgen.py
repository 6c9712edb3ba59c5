"""A small closed-loop HTTP load generator (no wrk or ab on the standard machine).

Each client process sends one request at a time on a fresh connection (gunicorn's sync workers close every
connection) and reads the whole answer; raw sockets keep the client's own cost per request to a few tens
of microseconds, so that the server, not the client, is what is measured.
"""

from __future__ import annotations

import multiprocessing
import socket
import statistics
import time
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Result:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    bytes_per_response: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def fetch(host: str, port: int, path: str) -> tuple[int, bytes]:
    """One GET: (status, body)."""
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    with socket.create_connection((host, port), timeout=30) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    head, _sep, body = raw.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def _client(host: str, port: int, paths: list[str], start: float, stop: float, out: Any) -> None:
    requests = [f"GET {p} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode() for p in paths]
    done = errors = size = 0
    latencies: list[float] = []
    time.sleep(max(0.0, start - time.time()))
    index = 0
    while (now := time.time()) < stop:
        request = requests[index % len(requests)]
        index += 1
        try:
            with socket.create_connection((host, port), timeout=30) as sock:
                sock.sendall(request)
                received = bytearray()
                while chunk := sock.recv(65536):
                    received += chunk
        except OSError:
            errors += 1
            continue
        if not received.startswith(b"HTTP/1.1 200"):
            errors += 1
            continue
        latencies.append((time.time() - now) * 1000)
        size += len(received)
        done += 1
    out.put((done, errors, latencies, size))


def run(*, host: str, port: int, paths: list[str], seconds: float, clients: int) -> Result:
    """Load ``paths`` (in turn) with ``clients`` concurrent clients for ``seconds``."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    start = time.time() + 0.3  # every client starts at the same instant
    processes = [
        context.Process(target=_client, args=(host, port, paths, start, start + seconds, queue))
        for _ in range(clients)
    ]
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    done = sum(r[0] for r in results)
    latencies = [latency for r in results for latency in r[2]]
    return Result(
        requests=done,
        errors=sum(r[1] for r in results),
        seconds=seconds,
        latencies_ms=latencies,
        bytes_per_response=sum(r[3] for r in results) // done if done else 0,
    )


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0
