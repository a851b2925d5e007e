#!/usr/bin/python3
"""Helpers of bench/run.sh: parse tool output into JSON lines, and build the
report (table of medians and ratios, bench/results/latest.json).

    lib.py wrk FILE                      → {"rps":…, "p50_ms":…, "p99_ms":…, "errors":…}
    lib.py time FILE                     → {"wall_s":…, "rss_kb":…} (/usr/bin/time -f "%e %M")
    lib.py report RAW.jsonl MACHINE.json OUT.json OUT.md [--readme README.md]
"""
import json
import re
import statistics
import sys


def ms(v, unit):
    return float(v) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}[unit]


def parse_wrk(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    out = {"rps": 0.0, "p50_ms": None, "p99_ms": None, "errors": 0, "requests": 0}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if m:
        out["rps"] = float(m.group(1))
    for pct, key in (("50", "p50_ms"), ("99", "p99_ms")):
        m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s|m)\s*$" % pct, text, re.M)
        if m:
            out[key] = ms(m.group(1), m.group(2))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    if m:
        out["errors"] += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        out["errors"] += sum(int(x) for x in m.groups())
    m = re.search(r"(\d+) requests in", text)
    if m:
        out["requests"] = int(m.group(1))
    return out


def parse_time(path):
    parts = open(path).read().split()
    # /usr/bin/time appends "Command exited with non-zero status N" lines first
    nums = [p for p in parts if re.fullmatch(r"[\d.]+", p)]
    return {"wall_s": float(nums[-2]), "rss_kb": int(nums[-1])}


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(v, digits=1):
    if v is None:
        return "–"
    if isinstance(v, str):
        return v
    if v and abs(v) < 0.01:
        return f"{v:.2g}"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}" if digits else f"{v:.0f}"
    return f"{v:.{max(digits, 2)}f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def verdict(ok):
    return "met" if ok else "MISSED"


# p99 targets of case 3 in ms: 20 for the daily work queries (issue 5), 100 for
# the report and the dashboard (issue 7)
QUERY_TARGET_MS = {"report": 100, "report_village": 100, "dashboard": 100}


def report(raw_path, machine_path, out_json, out_md, readme=None):
    rows = [json.loads(l) for l in open(raw_path) if l.strip()]
    machine = json.load(open(machine_path))
    res = {"machine": machine, "cases": {}, "targets": []}
    md = []
    targets = res["targets"]

    def target(case, what, value, goal, ok, status=None):
        targets.append({"case": case, "target": what, "value": value, "goal": goal,
                        "status": status or (verdict(ok) if value is not None else "not measured")})

    # ---- case 1: API ----
    api = [r for r in rows if r.get("case") == "api"]
    if api:
        md += ["### 1. API throughput and latency (wrk, loopback, "
               f"{machine.get('threads')} threads each, median of {max(r['rep'] for r in api)} runs)", "",
               "| endpoint | conns | fangkong req/s | p50 ms | p99 ms | nginx req/s | node peer req/s | "
               "fangkong/nginx | fangkong/peer | peer p99 ms |",
               "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        out = []
        for ep in ("person", "list"):
            for c in sorted({r["conns"] for r in api}):
                def agg(server, key):
                    return med([r[key] for r in api if r["endpoint"] == ep and r["conns"] == c
                                and r["server"] == server])
                f, n, p = agg("fangkong", "rps"), agg("nginx", "rps"), agg("node", "rps")
                e = {"endpoint": ep, "conns": c, "fangkong_rps": f, "fangkong_p50_ms": agg("fangkong", "p50_ms"),
                     "fangkong_p99_ms": agg("fangkong", "p99_ms"), "nginx_rps": n,
                     "nginx_p99_ms": agg("nginx", "p99_ms"), "node_rps": p,
                     "node_p50_ms": agg("node", "p50_ms"), "node_p99_ms": agg("node", "p99_ms"),
                     "fangkong_over_nginx": ratio(f, n), "fangkong_over_peer": ratio(f, p),
                     "errors": sum(r["errors"] for r in api if r["endpoint"] == ep and r["conns"] == c)}
                out.append(e)
                label = "GET /persons/{id}" if ep == "person" else "GET /persons?village&q (20 rows)"
                md.append(f"| {label} | {c} | {fmt(f, 0)} | {fmt(e['fangkong_p50_ms'])} | "
                          f"{fmt(e['fangkong_p99_ms'])} | {fmt(n, 0)} | {fmt(p, 0)} | "
                          f"{fmt(e['fangkong_over_nginx'], 2)} | {fmt(e['fangkong_over_peer'], 2)}× | "
                          f"{fmt(e['node_p99_ms'])} |")
                target("api", f"{ep} @{c}: ≥ 0.6 of nginx", e["fangkong_over_nginx"], 0.6,
                       e["fangkong_over_nginx"] is not None and e["fangkong_over_nginx"] >= 0.6)
                target("api", f"{ep} @{c}: ≥ 3× the peer", e["fangkong_over_peer"], 3,
                       e["fangkong_over_peer"] is not None and e["fangkong_over_peer"] >= 3)
                if c >= 256:
                    target("api", f"{ep} @{c}: p99 < 10 ms", e["fangkong_p99_ms"], 10,
                           e["fangkong_p99_ms"] is not None and e["fangkong_p99_ms"] < 10)
        res["cases"]["api"] = out
        md.append("")

    # ---- case 2: list import ----
    imp = [r for r in rows if r.get("case") == "import"]
    if imp:
        md += ["### 2. List import (wall time, median of runs; rows/s over the list's data rows)", "",
               "| list | fangkong s | rows/s | peak RSS MB | sqlite3 .import s | python peer s | peer RSS MB | "
               "fangkong/sqlite3 | peer/fangkong |",
               "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        out = []
        order = {"10k": 0, "100k": 1, "1m": 2}
        keys = sorted({(r["size"], r["format"], r["rows"]) for r in imp},
                      key=lambda k: (order.get(k[0], 9), k[1]))
        for size, f, nrows in keys:
            def runs(tool):
                return [r for r in imp if r["size"] == size and r["format"] == f and r["tool"] == tool]

            def agg(tool, key):
                return med([r.get(key) for r in runs(tool) if r.get("ok", True)])

            def stopped(tool):  # no finished run, but one stopped at the time limit: "> N s"
                t = [r["wall_s"] for r in runs(tool) if r.get("timeout")]
                return t[0] if t and agg(tool, "wall_s") is None else None

            fw, fr = agg("fangkong", "wall_s"), agg("fangkong", "rss_kb")
            sw = agg("sqlite3", "wall_s")
            pw, pr = agg("python", "wall_s"), agg("python", "rss_kb")
            fs, ps = stopped("fangkong"), stopped("python")
            e = {"list": f"{size}.{f}", "rows": nrows, "fangkong_s": fw, "fangkong_stopped_after_s": fs,
                 "fangkong_rows_per_s": nrows / fw if fw else None,
                 "fangkong_rss_mb": fr / 1024 if fr else None,
                 "sqlite3_s": sw, "python_s": pw, "python_stopped_after_s": ps,
                 "python_rss_mb": pr / 1024 if pr else None,
                 "fangkong_over_sqlite3": ratio(fw, sw), "peer_over_fangkong": ratio(pw, fw),
                 "runs": {t: len(runs(t)) for t in ("fangkong", "sqlite3", "python")},
                 "summary": next((r.get("summary") for r in runs("fangkong") if r.get("summary")), None)}
            # bounds when a side was stopped
            if fs and sw:
                e["fangkong_over_sqlite3_at_least"] = fs / sw
            if ps and fw:
                e["peer_over_fangkong_at_least"] = ps / fw
            out.append(e)

            def secs(v, stop):
                return fmt(v) if v is not None else (f"> {stop:.0f} (stopped)" if stop else "not run")

            def rat(v, lo, hi=None, suffix="×"):
                if v is not None:
                    return fmt(v, 2) + suffix
                if lo is not None:
                    return f"> {lo:.1f}{suffix}"
                return "–"
            md.append(f"| {size} {f} | {secs(fw, fs)} | {fmt(e['fangkong_rows_per_s'], 0)} | "
                      f"{fmt(e['fangkong_rss_mb'], 0)} | {fmt(sw)} | {secs(pw, ps)} | {fmt(e['python_rss_mb'], 0)} | "
                      f"{rat(e['fangkong_over_sqlite3'], e.get('fangkong_over_sqlite3_at_least'))} | "
                      f"{rat(e['peer_over_fangkong'], e.get('peer_over_fangkong_at_least'))} |")
            if size == "1m" and f == "xlsx":
                fval = fw if fw is not None else fs
                target("import", "1M xlsx ≤ 10 s", fval, 10, fw is not None and fw <= 10)
                peer = e["peer_over_fangkong"] or e.get("peer_over_fangkong_at_least")
                # a stopped peer gives a lower bound: it decides only when above the goal
                bound = e["peer_over_fangkong"] is None and peer is not None and peer < 10
                target("import", "1M xlsx ≥ 10× the peer", peer, 10, peer is not None and peer >= 10,
                       f"not decided (the peer was stopped: > {peer:.2f}×)" if bound else None)
                ovs = e["fangkong_over_sqlite3"] or e.get("fangkong_over_sqlite3_at_least")
                target("import", "1M xlsx ≤ 3× sqlite3 .import", ovs, 3,
                       e["fangkong_over_sqlite3"] is not None and e["fangkong_over_sqlite3"] <= 3)
                target("import", "1M xlsx peak RSS ≤ 200 MB", e["fangkong_rss_mb"], 200,
                       e["fangkong_rss_mb"] is not None and e["fangkong_rss_mb"] <= 200)
        res["cases"]["import"] = out
        cg = [r for r in rows if r.get("case") == "callgrind"]
        if cg:
            res["cases"]["callgrind"] = cg[-1]
            md += ["", f"callgrind, `fangkong import list` of {cg[-1]['list']}: "
                   f"**{cg[-1]['ir']:,} instructions** (Ir; stable across noisy runs — compare this "
                   f"number between commits of the same list; top functions in "
                   f"`bench/results/callgrind-import-{cg[-1]['list'].split('-')[1].split('.')[0]}.txt`)."]
        md.append("")

    # ---- case 3: daily queries ----
    q = [r for r in rows if r.get("case") == "query"]
    if q:
        md += ["### 3. Daily work queries on the 1M-person town (sequential HTTP, one keep-alive connection)",
               "", "| query | p50 ms | p99 ms | max ms | requests | response KB |", "|---|---:|---:|---:|---:|---:|"]
        out = []
        for name in dict.fromkeys(r["query"] for r in q):
            rs = [r for r in q if r["query"] == name]
            e = {"query": name, "label": rs[0]["label"], "p50_ms": med([r["p50_ms"] for r in rs]),
                 "p99_ms": med([r["p99_ms"] for r in rs]), "max_ms": max(r["max_ms"] for r in rs),
                 "n": sum(r["n"] for r in rs), "errors": sum(r["errors"] for r in rs),
                 "body_kb": med([r["body_bytes"] / 1024 for r in rs])}
            out.append(e)
            md.append(f"| {e['label']} | {fmt(e['p50_ms'])} | {fmt(e['p99_ms'])} | {fmt(e['max_ms'])} | "
                      f"{e['n']} | {fmt(e['body_kb'])} |")
            limit = QUERY_TARGET_MS.get(name, 20)
            target("queries", f"{e['label']}: p99 < {limit} ms", e["p99_ms"], limit,
                   e["p99_ms"] is not None and e["p99_ms"] < limit)
        res["cases"]["queries"] = out
        md.append("")

    # ---- case 4: start and footprint ----
    st = [r for r in rows if r.get("case") == "start"]
    fp = [r for r in rows if r.get("case") == "footprint"]
    if st or fp:
        md += ["### 4. Start and footprint", "", "| | fangkong | node peer |", "|---|---:|---:|"]
        e = {}
        for srv in ("fangkong", "node"):
            rs = [r for r in st if r["server"] == srv]
            e[srv + "_start_ms"] = med([r["start_ms"] for r in rs])
            e[srv + "_idle_rss_mb"] = med([r["idle_rss_kb"] / 1024 for r in rs])
            e[srv + "_start_cpu_ms"] = med([r.get("start_cpu_ms") for r in rs])
        for r in fp:
            e.update({k: v for k, v in r.items() if k != "case"})
        res["cases"]["footprint"] = e
        md.append(f"| start → first 200 on /healthz (1M-person database), ms | {fmt(e.get('fangkong_start_ms'))} | "
                  f"{fmt(e.get('node_start_ms'))} |")
        md.append(f"| CPU time used by then (user + system), ms | {fmt(e.get('fangkong_start_cpu_ms'))} | "
                  f"{fmt(e.get('node_start_cpu_ms'))} (primary only) |")
        md.append(f"| idle RSS, MB | {fmt(e.get('fangkong_idle_rss_mb'))} | {fmt(e.get('node_idle_rss_mb'))} "
                  "(primary only) |")
        md.append(f"| peak RSS under case 1's load, MB | {fmt(e.get('fangkong_load_rss_kb', 0) / 1024)} | "
                  f"{fmt((e.get('node_load_rss_kb') or 0) / 1024)} (all workers) |")
        md.append(f"| binary size, MB (web app embedded) | {fmt(e.get('binary_bytes', 0) / 1048576)} | – |")
        target("footprint", "start < 50 ms", e.get("fangkong_start_ms"), 50,
               e.get("fangkong_start_ms") is not None and e["fangkong_start_ms"] < 50)
        target("footprint", "idle RSS < 30 MB", e.get("fangkong_idle_rss_mb"), 30,
               e.get("fangkong_idle_rss_mb") is not None and e["fangkong_idle_rss_mb"] < 30)
        md.append("")


    # ---- case 5: joint road checkpoints (issue 6) ----
    cpi = [r for r in rows if r.get("case") == "cp_import"]
    cpl = [r for r in rows if r.get("case") == "cp_lookup"]
    cpp = [r for r in rows if r.get("case") == "cp_post"]
    if cpi or cpl or cpp:
        out = {}
        md += ["### 5. Joint road checkpoints (issue 6)", ""]
        if cpp:
            nrep = max(r["rep"] for r in cpp)
            md += [f"(a) single-record `POST /api/v1/screenings`, each with a fresh client id, "
                   f"{cpp[0]['conns']} clients (wrk, {machine.get('threads')} threads, median of {nrep} runs); "
                   "fangkong and the peer answer 201 only once the record is fsync'd; "
                   "lookups measured at the same time on one more connection:", "",
                   "| | req/s | p50 ms | p99 ms | stored | fangkong/this |", "|---|---:|---:|---:|---:|---:|"]

            def pagg(server, key):
                return med([r.get(key) for r in cpp if r["server"] == server])
            f = pagg("fangkong", "rps")
            e = {"conns": cpp[0]["conns"], "errors": {}}
            for srv, label in (("fangkong", "fangkong (group commit: one fsync for many clients)"),
                               ("nginx", "nginx `return 201` of the same size (limit)"),
                               ("node", "node peer (better-sqlite3, a transaction per request, synchronous=FULL)")):
                v = pagg(srv, "rps")
                e[srv + "_rps"] = v
                e[srv + "_p50_ms"], e[srv + "_p99_ms"] = pagg(srv, "p50_ms"), pagg(srv, "p99_ms")
                e[srv + "_stored"] = pagg(srv, "stored")
                e["errors"][srv] = sum(r["errors"] for r in cpp if r["server"] == srv)
                md.append(f"| {label} | {fmt(v, 0)} | {fmt(e[srv + '_p50_ms'])} | {fmt(e[srv + '_p99_ms'])} | "
                          f"{fmt(e[srv + '_stored'], 0) if srv != 'nginx' else '–'} | "
                          f"{'' if srv == 'fangkong' else fmt(ratio(f, v), 2) + '×'} |")
            e["fangkong_over_nginx"], e["fangkong_over_peer"] = ratio(f, e["nginx_rps"]), ratio(f, e["node_rps"])
            ll = [r for r in cpl if r.get("load")]
            e["lookup_under_load_p50_ms"] = med([r["p50_ms"] for r in ll])
            e["lookup_under_load_p99_ms"] = med([r["p99_ms"] for r in ll])
            e["lookup_under_load_n"] = sum(r["n"] for r in ll)
            md += ["", f"Lookups (ID number + phone + plate) during the fangkong runs: p50 "
                   f"{fmt(e['lookup_under_load_p50_ms'])} ms, p99 {fmt(e['lookup_under_load_p99_ms'])} ms "
                   f"({e['lookup_under_load_n']} lookups).", ""]
            out["post"] = e
            target("checkpoint", "POST screenings ≥ 20,000/s (durable)", f, 20000, f is not None and f >= 20000)
            lp = e["lookup_under_load_p99_ms"]
            target("checkpoint", "lookups during the POST load: p99 < 5 ms", lp, 5, lp is not None and lp < 5)
        seq = [r for r in cpl if not r.get("load")]
        if seq:
            md += ["(b) lookup flags while typing, on the 1M-person town with the imported log "
                   "(sequential HTTP, one keep-alive connection; client-side time, so an upper bound "
                   "of the server's):", "",
                   "| lookup by | p50 ms | p99 ms | max ms | requests |", "|---|---:|---:|---:|---:|"]
            labels = {"doc": "ID number", "phone": "phone", "plate": "plate",
                      "all": "ID number + phone + plate at once"}
            out["lookup"] = []
            for kind in dict.fromkeys(r["kind"] for r in seq):
                rs = [r for r in seq if r["kind"] == kind]
                e = {"kind": kind, "p50_ms": med([r["p50_ms"] for r in rs]), "p99_ms": med([r["p99_ms"] for r in rs]),
                     "max_ms": max(r["max_ms"] for r in rs), "n": sum(r["n"] for r in rs),
                     "errors": sum(r["errors"] for r in rs)}
                out["lookup"].append(e)
                md.append(f"| {labels.get(kind, kind)} | {fmt(e['p50_ms'])} | {fmt(e['p99_ms'])} | "
                          f"{fmt(e['max_ms'])} | {e['n']} |")
                target("checkpoint", f"lookup by {labels.get(kind, kind)}: p99 < 1 ms", e["p99_ms"], 1,
                       e["p99_ms"] is not None and e["p99_ms"] < 1)
            md.append("")
        if cpi:
            nrows = cpi[0]["rows"]
            md += [f"(c) bulk import of a screening log, {nrows:,} rows of UTF-8 CSV (`fangkong import "
                   "screenings`: parse, validate, match the persons, sightings, commit):", "",
                   "| | s | rows/s | peak RSS MB | time ÷ fangkong's |", "|---|---:|---:|---:|---:|"]

            def iagg(tool, key):
                return med([r.get(key) for r in cpi if r["tool"] == tool and r.get("ok", True)])
            e = {"rows": nrows, "summary": next((r.get("summary") for r in cpi if r["tool"] == "fangkong"
                                                 and r.get("summary")), None),
                 "peer_summary": next((r.get("summary") for r in cpi if r["tool"] == "python"
                                       and r.get("summary")), None)}
            fw = iagg("fangkong", "wall_s")
            for tool, label in (("fangkong", "fangkong"), ("sqlite3", "sqlite3 `.import` into one unindexed table (limit)"),
                                ("python", "pandas peer (vectorised validation, merges, executemany)")):
                w, rss = iagg(tool, "wall_s"), iagg(tool, "rss_kb")
                stop = next((r["wall_s"] for r in cpi if r["tool"] == tool and r.get("timeout")), None)
                e[tool + "_s"], e[tool + "_rss_mb"] = w, rss / 1024 if rss else None
                e[tool + "_rows_per_s"] = nrows / w if w else None
                if w is None and stop:
                    e[tool + "_stopped_after_s"] = stop
                md.append(f"| {label} | {fmt(w) if w is not None else (f'> {stop:.0f} (stopped)' if stop else 'failed')} | "
                          f"{fmt(e[tool + '_rows_per_s'], 0)} | {fmt(e[tool + '_rss_mb'], 0)} | "
                          f"{'' if tool == 'fangkong' else fmt(ratio(w, fw), 2) + '×' if w and fw else ''} |")
            e["fangkong_over_sqlite3"] = ratio(fw, e["sqlite3_s"])
            e["peer_over_fangkong"] = ratio(e["python_s"], fw)
            out["import"] = e
            md.append("")
            rps = e["fangkong_rows_per_s"]
            target("checkpoint", "screening import ≥ 500,000 rows/s", rps, 500000, rps is not None and rps >= 500000)
        res["cases"]["checkpoint"] = out

    md += ["### Targets", "", "| case | target | measured | status |", "|---|---|---:|---|"]
    for t in targets:
        md.append(f"| {t['case']} | {t['target']} | {fmt(t['value'], 2)} | {t['status']} |")
    md.append("")
    run = [r for r in rows if r.get("case") == "run"]
    if run:
        res["run_seconds"] = run[-1]["seconds"]
        phases = [r for r in rows if r.get("case") == "phase" and r.get("seconds")]
        res["phase_seconds"] = {r["phase"]: r["seconds"] for r in phases}
        took = ", ".join(f"{r['phase']} {r['seconds']} s" for r in phases)
        md += [f"The whole run took {run[-1]['seconds'] // 60} min {run[-1]['seconds'] % 60} s "
               f"(cases: {run[-1]['cases']}{'; ' + took if took else ''}).", ""]
    res["raw"] = rows
    json.dump(res, open(out_json, "w"), ensure_ascii=False, indent=1)
    text = "\n".join(md)
    open(out_md, "w").write(text)
    print(text)
    if readme:
        body = open(readme, encoding="utf-8").read()
        begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
        if begin in body and end in body:
            head, rest = body.split(begin, 1)
            _, tail = rest.split(end, 1)
            info = (f"Measured {machine.get('date')} on {machine.get('cpu')} ({machine.get('cores')} cores, "
                    f"{machine.get('mem_gb')} GB), commit {machine.get('commit')}, with `{machine.get('command')}`.\n\n")
            open(readme, "w", encoding="utf-8").write(head + begin + "\n" + info + text + "\n" + end + tail)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "wrk":
        print(json.dumps(parse_wrk(sys.argv[2])))
    elif cmd == "time":
        print(json.dumps(parse_time(sys.argv[2])))
    elif cmd == "report":
        readme = sys.argv[sys.argv.index("--readme") + 1] if "--readme" in sys.argv else None
        report(*sys.argv[2:6], readme=readme)
    else:
        sys.exit(__doc__)
