#!/usr/bin/env python3
"""Median-of-runs table with our figures as ratios to each anchor; writes the same figures as JSON.

usage: report.py RAW.jsonl KB_BENCH.json COLD_START.json --json OUT.json
Ratios: throughput and latency as "how many times better" (anchor / ours for latencies and memory,
ours / anchor for cases per second), so >1 means ours is ahead.
"""
import json
import statistics
import sys

KEYS = ["cases", "cases_per_s", "mean_us", "p50_us", "p99_us", "load_ms", "rss_after_load_mb", "peak_rss_mb"]


def main():
    raw, kb_bench, cold = sys.argv[1:4]
    out_path = sys.argv[sys.argv.index("--json") + 1]
    runs = [json.loads(l) for l in open(raw) if l.strip()]
    groups = {}
    for r in runs:
        groups.setdefault((r["rules"], r["engine"]), []).append(r)
    table = []
    for (rules, engine), rs in sorted(groups.items()):
        row = {"engine": engine, "rules": rules, "runs": len(rs)}
        for k in KEYS:
            vals = [r[k] for r in rs if k in r]
            if vals:
                row[k] = statistics.median(vals)
        table.append(row)
    by = {(r["rules"], r["engine"]): r for r in table}
    for r in table:
        if r["engine"] != "ours":
            continue
        for anchor in ("clips", "json-rules-engine"):
            a = by.get((r["rules"], anchor))
            if not a:
                continue
            r["vs_" + anchor] = {
                "throughput_x": r["cases_per_s"] / a["cases_per_s"],
                "p99_x": a["p99_us"] / r["p99_us"],
                "mean_x": a["mean_us"] / r["mean_us"],
                "load_x": a["load_ms"] / r["load_ms"],
                "peak_memory_x": a["peak_rss_mb"] / r["peak_rss_mb"],
            }
    real = {"kb_bench": json.load(open(kb_bench)), "cold_start": json.load(open(cold))}
    json.dump({"workload": table, "real_kb": real}, open(out_path, "w"), indent=1)

    print("| engine | rules | cases timed | cases/s | mean µs | p50 µs | p99 µs | load ms | RSS after load MB | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in table:
        print("| %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %.1f | %.1f | %.1f |" % (
            r["engine"], r["rules"], r["cases"], r["cases_per_s"], r["mean_us"], r["p50_us"], r["p99_us"],
            r["load_ms"], r.get("rss_after_load_mb", 0), r["peak_rss_mb"]))
    print()
    print("| rules | vs | throughput × | mean × | p99 × | load × | peak memory × |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for r in table:
        for anchor in ("clips", "json-rules-engine"):
            v = r.get("vs_" + anchor)
            if v:
                print("| %d | %s | %.1f | %.1f | %.1f | %.1f | %.2f |" % (
                    r["rules"], anchor, v["throughput_x"], v["mean_x"], v["p99_x"], v["load_x"], v["peak_memory_x"]))
    kb = real["kb_bench"]
    print()
    print("real knowledge base: %d golden cases x %d rounds, %d rules: decide p50 %.1f µs p99 %.1f µs; "
          "decide + full JSON answer p50 %.1f µs p99 %.1f µs; load %.1f ms" % (
              kb["cases"], kb["rounds"], kb["rules"], kb["decide_p50_us"], kb["decide_p99_us"],
              kb["answer_p50_us"], kb["answer_p99_us"], kb["load_ms"]))
    c = real["cold_start"]
    print("server cold start (process start to first answer): p50 %.1f ms, max %.1f ms over %d runs" % (
        c["p50_ms"], c["max_ms"], c["runs"]))
    print("figures written to", out_path)


if __name__ == "__main__":
    main()
