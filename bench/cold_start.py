#!/usr/bin/env python3
"""Server cold start: process start to the first answered POST /api/v1/assess, 10 runs.

usage: cold_start.py EIA_SERVER KB CASE.json   (prints one JSON line: runs, p50_ms, max_ms)
"""
import json
import socket
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    server, kb, case = sys.argv[1:4]
    body = open(case, "rb").read()
    times = []
    for _ in range(10):
        port = free_port()
        start = time.perf_counter()
        proc = subprocess.Popen([server, "--kb", kb, "--port", str(port), "--kiosk", "/nonexistent"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    req = urllib.request.Request("http://127.0.0.1:%d/api/v1/assess" % port, data=body,
                                                 headers={"Content-Type": "application/json"})
                    with urllib.request.urlopen(req, timeout=2) as resp:
                        resp.read()
                    break
                except OSError:
                    time.sleep(0.001)
            times.append((time.perf_counter() - start) * 1000)
        finally:
            proc.terminate()
            proc.wait()
    times.sort()
    print(json.dumps({"runs": len(times), "p50_ms": times[len(times) // 2], "max_ms": times[-1]}))


if __name__ == "__main__":
    main()
