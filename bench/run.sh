#!/bin/bash
# fangkong benchmarks, side by side: see bench/README.md.  Called by
# `make bench` after scripts/deps.sh bench and the build of ./fangkong.
#
# Every case runs its comparisons in the same run, interleaved (fangkong,
# limit, peer, fangkong, …), and reports medians and ratios: the machines are
# shared and noisy, ratios measured side by side hold.
#
# Knobs (environment): BENCH_SEED (2020), BENCH_PERSONS (1000000),
# BENCH_OBS (200000), BENCH_CHECKS (4000000), BENCH_SIZES (10000,100000,1000000),
# BENCH_REPS (3), BENCH_DURATION (wrk seconds, 5), BENCH_CASES (api,import,
# queries,checkpoint,start,callgrind), BENCH_THREADS (cores),
# BENCH_IMPORT_TIMEOUT (seconds one import run of the Python peer may take
# before it is stopped and reported as "> N s", 120; the peer imports the
# 100k and 1M lists as XLSX only), BENCH_IMPORT_TIMEOUT_FK (the same for
# fangkong, 300), BENCH_QUERY_SECONDS (per query and run, 5),
# BENCH_CP_ROWS (rows of the screening log, 200000), BENCH_CP_CONNS (POST
# clients, 256), BENCH_CALLGRIND_ROWS (the list imported under callgrind,
# 10000), BENCH_UPDATE_README (1: rewrite the README's table between its
# bench markers), BENCH_TREE (measure the build of another checkout: its
# ./fangkong and build/rel objects).  Every run is bounded in time; a full
# run is budgeted to stay under 20 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
B=$ROOT/build/bench
D=$ROOT/bench/data
R=$ROOT/bench/results
PY=/usr/bin/python3 # Debian's, with python3-pandas and python3-openpyxl
SEED=${BENCH_SEED:-2020}
PERSONS=${BENCH_PERSONS:-1000000}
OBS=${BENCH_OBS:-200000}
CHECKS=${BENCH_CHECKS:-4000000}
SIZES=${BENCH_SIZES:-10000,100000,1000000}
REPS=${BENCH_REPS:-3}
DUR=${BENCH_DURATION:-5}
CASES=${BENCH_CASES:-api,import,queries,checkpoint,start,callgrind}
THREADS=${BENCH_THREADS:-$(nproc)}
IMPORT_TIMEOUT=${BENCH_IMPORT_TIMEOUT:-120} # one import run of the peer at most
FK_IMPORT_TIMEOUT=${BENCH_IMPORT_TIMEOUT_FK:-300} # one import run of fangkong at most
QUERY_S=${BENCH_QUERY_SECONDS:-5}          # one query of case 3 in one run at most
NOW=1582164000 # 2020-02-20 10:00 CST: the generated town's "now" (bench/gen)
export FANGKONG_NOW=$NOW
mkdir -p "$B" "$D" "$R"
TMP=$(mktemp -d /tmp/fk-bench.XXXXXX)
chmod 755 "$TMP"
RAW=$R/raw.jsonl.tmp
: >"$RAW"
T0=$(date +%s)
PIDS=()

log() { printf '[bench %4ds] %s\n' $(($(date +%s) - T0)) "$*" >&2; }
# the time each part of the run took (the report's last line: where the
# 20-minute budget goes)
PHASE= PHASE_T0=$T0
phase() {
	local now
	now=$(date +%s)
	[ -n "$PHASE" ] && emit "{\"case\":\"phase\",\"phase\":\"$PHASE\",\"seconds\":$((now - PHASE_T0))}"
	PHASE=$1 PHASE_T0=$now
}
has_case() { [[ ",$CASES," == *",$1,"* ]]; }
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for f in "$TMP"/pg/*; do # the process groups of run_group
		[ -e "$f" ] && kill -TERM -- "-${f##*/}" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$TMP/pg"
# run "$@" in a process group of its own, so that an interrupted bench stops
# it and everything it started (time → timeout → the measured command)
run_group() {
	setsid "$@" &
	local p=$! rc=0
	touch "$TMP/pg/$p"
	wait "$p" || rc=$?
	rm -f "$TMP/pg/$p"
	return $rc
}
free_port() { $PY -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
emit() { echo "$1" >>"$RAW"; }
# wait for "… listening on http://127.0.0.1:PORT/" in a log; prints PORT
wait_port() {
	local f=$1 i
	for i in $(seq 1 600); do
		if grep -q 'listening on http' "$f" 2>/dev/null; then
			sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$f" | head -1
			return 0
		fi
		sleep 0.05
	done
	echo "bench: no 'listening' line in $f:" >&2
	cat "$f" >&2
	return 1
}

# ---- build: a stable copy of the binary (others may rebuild ./fangkong) ----
phase build
log "build"
# BENCH_TREE: measure the build in another checkout (its ./fangkong and
# build/rel objects), e.g. a before/after comparison of a fix
TREE=${BENCH_TREE:-$ROOT}
# (named fk: a tool that stops "fangkong" processes by name must not hit it)
cp "$TREE/fangkong" "$B/fk.new" && mv "$B/fk.new" "$B/fk"
FK=$B/fk
rm -f "$B/libfk.a"
ar rcs "$B/libfk.a" "$TREE"/build/rel/src/core/*.o "$TREE"/build/rel/src/util/*.o "$TREE"/build/rel/gen/*.o
LIBS=$(pkg-config --cflags --libs sqlite3 xlsxwriter jansson libsodium)
cc -O2 -g -std=c11 -Wall -Wextra -I"$TREE/src" -I"$TREE/build/gen" -o "$B/gen" bench/gen/gen.c "$B/libfk.a" $LIBS -lm
cc -O2 -g -std=c11 -Wall -Wextra -o "$B/httptime" bench/tools/httptime.c
# the Node peer's own packages (fastify, better-sqlite3), kept out of the root
# package: better-sqlite3 compiles from source where no prebuilt binary is
# reachable (a few minutes, once)
NP=bench/peers/node
if { has_case api || has_case start || has_case checkpoint; } &&
	{ [ ! -d $NP/node_modules/better-sqlite3 ] || [ $NP/package-lock.json -nt $NP/node_modules/.bench-stamp ]; }; then
	log "npm ci in $NP (fastify, better-sqlite3)"
	(cd $NP && timeout 1200 npm ci --no-audit --no-fund --loglevel=error) && touch $NP/node_modules/.bench-stamp
fi

# ---- data: generated once per seed and generator ----
phase data
tag() { # 10000 → 10k, 1000000 → 1m
	local n=$1
	if ((n % 1000000 == 0)); then echo "$((n / 1000000))m"; elif ((n % 1000 == 0)); then echo "$((n / 1000))k"; else echo "$n"; fi
}
STAMP="seed=$SEED persons=$PERSONS obs=$OBS checks=$CHECKS gen=$(sha256sum bench/gen/gen.c | cut -c1-16) schema=$(sha256sum "$TREE/src/store/schema.c" | cut -c1-16)"
if [ "$(cat "$D/STAMP" 2>/dev/null)" != "$STAMP" ]; then
	log "generating the town ($PERSONS persons, $OBS observations, $CHECKS checks)"
	# (removed, not overwritten: bench/data may hold hardlinks to another
	# checkout's files, which must keep their contents)
	rm -f "$D"/town.db* "$D"/list-* "$D/STAMP" "$D/lists.json" "$D/town.json" "$D"/screenings-*
	"$FK" demo --db "$D/town.db" --persons 0 --seed "$SEED" >/dev/null 2>&1
	timeout 900 "$B/gen" town --db "$D/town.db" --seed "$SEED" --persons "$PERSONS" \
		--observations "$OBS" --checks "$CHECKS" >"$D/town.json"
	echo "$STAMP" >"$D/STAMP"
else
	log "town present ($STAMP)"
fi
IFS=, read -ra SZ <<<"$SIZES"
for n in "${SZ[@]}"; do
	t=$(tag "$n")
	if [ ! -f "$D/list-$t.xlsx" ] || [ ! -f "$D/list-$t.csv" ] || [ ! -f "$D/list-$t.utf8.csv" ]; then
		log "generating the $n-row lists"
		timeout 900 "$B/gen" lists --db "$D/town.db" --out "$D" --seed "$SEED" --persons "$PERSONS" \
			--sizes "$n" >>"$D/lists.json"
	fi
done

# ---- the machine ----
phase setup
node_sqlite=$(cd bench/peers/node && node -e "const D=require('better-sqlite3');console.log(new D(':memory:').prepare('select sqlite_version() v').get().v)" 2>/dev/null || echo "?")
$PY - "$R/machine.json.tmp" <<EOF
import json, os, platform, subprocess, sys, datetime
def sh(c):
    try: return subprocess.run(c, shell=True, capture_output=True, text=True, timeout=20).stdout.strip() or subprocess.run(c, shell=True, capture_output=True, text=True, timeout=20).stderr.strip()
    except Exception: return "?"
cpu = next((l.split(":",1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
import pandas, openpyxl
m = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
     "command": " ".join([f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith("BENCH_")] + ["make bench" if os.environ.get("MAKELEVEL") else "bench/run.sh"]), "commit": (sh("cat $TREE/COMMIT") if os.path.exists("$TREE/COMMIT") else sh("git -C $TREE rev-parse --short HEAD") + (" + uncommitted changes in src/" if sh("git -C $TREE status --porcelain --untracked-files=no src") else "")),
     "tree": "$TREE", "cpu": cpu, "cores": os.cpu_count(), "threads": int("$THREADS"), "mem_gb": round(mem/1048576, 1),
     "kernel": platform.release(), "os": sh(". /etc/os-release; echo \$PRETTY_NAME"),
     "seed": $SEED, "persons": $PERSONS, "observations": $OBS, "checks": $CHECKS,
     "versions": {"fangkong": sh("$FK version"), "cc": sh("cc --version | head -1"),
        "sqlite (fangkong, sqlite3 CLI)": sh("sqlite3 --version").split()[0],
        "libmicrohttpd": sh("pkg-config --modversion libmicrohttpd"), "jansson": sh("pkg-config --modversion jansson"),
        "nginx": sh("nginx -v 2>&1").split("/")[-1], "wrk": sh("wrk -v 2>&1 | head -1").split()[1] if sh("wrk -v 2>&1 | head -1") else "?",
        "node": sh("node --version"), "fastify": sh("cd bench/peers/node && node -p \"require('fastify/package.json').version\""),
        "better-sqlite3": sh("cd bench/peers/node && node -p \"require('better-sqlite3/package.json').version\""),
        "sqlite (better-sqlite3, bundled)": "$node_sqlite",
        "python": platform.python_version(), "pandas": pandas.__version__, "openpyxl": openpyxl.__version__,
        "valgrind": sh("valgrind --version")},
     "data": {"town": json.load(open("$D/town.json")), "lists": [json.loads(l) for l in open("$D/lists.json") if l.strip()]}}
json.dump(m, open(sys.argv[1], "w"), ensure_ascii=False, indent=1)
EOF

# ---- the server database: a copy of the town with tokens ----
SDB=$D/serve.db
rm -f "$SDB" "$SDB-wal" "$SDB-shm"
cp "$D/town.db" "$SDB"
token() { "$FK" user token "$1" --days 30 --db "$SDB" 2>/dev/null | tail -1; }
TOK_VERIFIER=$(token hecha1)
TOK_VILLAGE=$(token cun_shayong)
TOK_OBSERVER=$(token guancha1)
TOK_COMMANDER=$(token zhihui)
VILLAGE_ID=$(sqlite3 "$SDB" "SELECT village_id FROM users WHERE username='cun_shayong'")

start_fangkong() {
	"$FK" serve --db "$SDB" --listen 127.0.0.1:0 --threads "$THREADS" >"$TMP/fk.log" 2>&1 &
	FK_PID=$!
	PIDS+=("$FK_PID")
	FK_PORT=$(wait_port "$TMP/fk.log")
}
rss() { awk -v k="$2:" '$1==k{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# wait (at most about $2 s, 90) until a server has worked off what an
# earlier run left queued: /healthz answers within 0.2 s on four fresh
# connections in a row; 1 if it is still busy
settle() {
	local port=$1 end=$(($(date +%s) + ${2:-90})) ok t
	for (( ; ; )); do
		ok=0
		while [ "$ok" -lt 4 ]; do
			t=$(curl -s -o /dev/null -m 1 -w '%{time_total}' "http://127.0.0.1:$port/healthz") || t=9
			awk -v t="$t" 'BEGIN{exit !(t < 0.2)}' || break
			ok=$((ok + 1))
		done
		[ "$ok" = 4 ] && return 0
		(($(date +%s) < end)) || break
		sleep 0.5
	done
	log "  (server on :$port still busy after ${2:-90} s)"
	return 1
}

# ---- case 1: API throughput and latency ----
phase api
if has_case api || has_case queries; then
	start_fangkong
	log "fangkong serving on :$FK_PORT (pid $FK_PID, $THREADS threads)"
fi
if has_case api; then
	# the peer
	node bench/peers/node/server.mjs --db "$SDB" --workers "$THREADS" >"$TMP/node.log" 2>&1 &
	NODE_PID=$!
	PIDS+=("$NODE_PID")
	NODE_PORT=$(wait_port "$TMP/node.log")
	FK_HWM=0 NODE_HWM=0 # peak RSS under the load, across restarts
	node_hwm() {
		local p n=0
		for p in $NODE_PID $(pgrep -P "$NODE_PID" || true); do n=$((n + $(rss "$p" VmHWM))); done
		((n > NODE_HWM)) && NODE_HWM=$n
		return 0
	}
	fk_hwm() {
		local n
		n=$(rss "$FK_PID" VmHWM)
		((n > FK_HWM)) && FK_HWM=$n
		return 0
	}
	# a server still working off a slow endpoint's queue 5 s after the run is
	# restarted rather than waited for (up to 90 s each time: the 20-minute
	# budget); its peak RSS is kept
	unqueue() {
		settle "${PORT[$1]}" 5 && return 0
		if [ "$1" = fangkong ]; then
			fk_hwm
			kill "$FK_PID" 2>/dev/null || true
			wait "$FK_PID" 2>/dev/null || true
			start_fangkong
			PORT[fangkong]=$FK_PORT
		elif [ "$1" = node ]; then
			node_hwm
			kill "$NODE_PID" 2>/dev/null || true
			wait "$NODE_PID" 2>/dev/null || true
			node bench/peers/node/server.mjs --db "$SDB" --workers "$THREADS" >"$TMP/node.log" 2>&1 &
			NODE_PID=$!
			PIDS+=("$NODE_PID")
			NODE_PORT=$(wait_port "$TMP/node.log")
			PORT[node]=$NODE_PORT
		else
			settle "${PORT[$1]}" || true
		fi
		log "  ($1 restarted: it was still working off the queue)"
	}
	# the limit: nginx answering the same bytes fangkong answers, from a file
	PID_PROBE=$((PERSONS / 2 + 1))
	mkdir -p "$TMP/www" "$TMP/nginx"
	curl -sf -H "Authorization: Bearer $TOK_VERIFIER" "http://127.0.0.1:$FK_PORT/api/v1/persons/$PID_PROBE" >"$TMP/www/person.json"
	curl -sf -H "Authorization: Bearer $TOK_VERIFIER" "http://127.0.0.1:$FK_PORT/api/v1/persons?village=$VILLAGE_ID&q=%E9%99%88&per_page=20" >"$TMP/www/list.json"
	for u in "/api/v1/persons/$PID_PROBE" "/api/v1/persons?village=$VILLAGE_ID&q=%E9%99%88&per_page=20"; do
		a=$(curl -sf -H "Authorization: Bearer $TOK_VERIFIER" "http://127.0.0.1:$FK_PORT$u" | sha256sum)
		b=$(curl -sf -H "Authorization: Bearer $TOK_VERIFIER" "http://127.0.0.1:$NODE_PORT$u" | sha256sum)
		[ "$a" = "$b" ] || { echo "bench: the node peer answers $u differently from fangkong" >&2; exit 1; }
	done
	chmod -R a+rX "$TMP/www"
	NGINX_PORT=$(free_port)
	cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes $THREADS;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
	keepalive_requests 1000000;
	keepalive_timeout 65;
	client_body_temp_path $TMP/nginx/body;
	proxy_temp_path $TMP/nginx/proxy;
	fastcgi_temp_path $TMP/nginx/fastcgi;
	uwsgi_temp_path $TMP/nginx/uwsgi;
	scgi_temp_path $TMP/nginx/scgi;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $TMP/www;
		default_type "application/json; charset=utf-8";
		location ^~ /api/v1/persons/ { try_files /person.json =404; }
		location = /api/v1/persons { try_files /list.json =404; }
		location = /healthz { return 200 '{"status":"ok"}'; }
	}
}
EOF
	nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" 2>"$TMP/nginx/start.log" &
	NGINX_PID=$!
	PIDS+=("$NGINX_PID")
	for i in $(seq 1 100); do curl -sf "http://127.0.0.1:$NGINX_PORT/healthz" >/dev/null && break; sleep 0.05; done
	log "case 1: API — fangkong :$FK_PORT, nginx :$NGINX_PORT, node peer :$NODE_PORT; ${REPS}× ${DUR}s per run"
	export BENCH_PERSONS=$PERSONS BENCH_VILLAGES=$(sqlite3 "$SDB" "SELECT max(id) FROM villages") BENCH_TOKEN=$TOK_VERIFIER
	declare -A PORT=([fangkong]=$FK_PORT [nginx]=$NGINX_PORT [node]=$NODE_PORT)
	declare -A SLOW=()
	for rep in $(seq 1 "$REPS"); do
		for conns in 64 256; do
			for ep in person list; do
				# an endpoint that answers < 50 req/s on both fangkong and the peer is
				# measured once: more runs would only add queued seconds, not precision
				[ -n "${SLOW[$ep.$conns]:-}" ] && continue
				slow=1
				for srv in fangkong nginx node; do
					out=$TMP/wrk.$srv.$ep.$conns.$rep
					run_group timeout $((DUR + 30)) wrk -t "$THREADS" -c "$conns" -d "${DUR}s" --timeout 10s --latency \
						-s "bench/wrk/$ep.lua" "http://127.0.0.1:${PORT[$srv]}/" >"$out" 2>&1 || true
					j=$($PY bench/lib.py wrk "$out")
					emit "{\"case\":\"api\",\"rep\":$rep,\"conns\":$conns,\"endpoint\":\"$ep\",\"server\":\"$srv\",${j:1}"
					log "  api rep $rep c=$conns $ep $srv: $j"
					[ "$srv" != nginx ] && awk -v r="$($PY -c "import json,sys;print(json.loads(sys.argv[1])['rps'])" "$j")" 'BEGIN{exit !(r >= 50)}' && slow=0
					unqueue "$srv"
				done
				[ "$slow" = 1 ] && SLOW[$ep.$conns]=1
			done
		done
	done
	fk_hwm
	node_hwm
	emit "{\"case\":\"footprint\",\"fangkong_load_rss_kb\":$FK_HWM,\"node_load_rss_kb\":$NODE_HWM}"
	kill "$NODE_PID" "$NGINX_PID" 2>/dev/null || true
	wait "$NODE_PID" "$NGINX_PID" 2>/dev/null || true
fi

# ---- case 3: daily work queries at scale ----
phase queries
if has_case queries; then
	log "case 3: daily queries — fangkong :$FK_PORT"
	GRID_PATHS=$(sqlite3 "$SDB" "SELECT '/api/v1/observations/' || id || '/grid' FROM observations WHERE status='active' AND id % 97 = 0 LIMIT 100")
	# a handful of initials searches, as a clerk types them
	PY_PATHS="/api/v1/persons?q=cjm /api/v1/persons?q=lwq /api/v1/persons?q=hjy /api/v1/persons?q=zxd /api/v1/persons?q=lzh"
	PYV_PATHS=$(for q in cjm lwq hjy zxd lzh; do printf '/api/v1/persons?q=%s ' "$q"; done)
	# the report of each of the fortnight's days before "now" (2020-02-20)
	REPORT_PATHS=$(for d in $(seq 6 19); do printf '/api/v1/reports/daily?date=2020-02-%02d ' "$d"; done)
	declare -A SLOWQ=()
	for rep in $(seq 1 "$REPS"); do
		while IFS='|' read -r name label tok paths; do
			# a query that took the whole QUERY_S with at most 2 answers is
			# measured in one run only (the 20-minute budget)
			[ -n "${SLOWQ[$name]:-}" ] && continue
			# shellcheck disable=SC2086
			j=$(timeout 120 "$B/httptime" query --port "$FK_PORT" --token "$tok" --n 100 --warmup 2 \
				--max-seconds "$QUERY_S" $paths || true)
			[ -n "$j" ] || j='{"n":0,"errors":1,"p50_ms":null,"p90_ms":null,"p99_ms":null,"max_ms":0,"mean_ms":null,"body_bytes":0}'
			emit "{\"case\":\"query\",\"rep\":$rep,\"query\":\"$name\",\"label\":\"$label\",${j:1}"
			log "  query rep $rep $name: $j"
			[[ $j =~ \"n\":([0-9]+) ]] && ((BASH_REMATCH[1] <= 2)) && SLOWQ[$name]=1
		done <<EOF
due|due list of one village (village worker)|$TOK_VILLAGE|/api/v1/obs/due
release|release queue, today: first page of 20 + summary (whole town)|$TOK_OBSERVER|/api/v1/obs/release-queue?date=today&page=1&per_page=20
counts|office counts (whole town)|$TOK_COMMANDER|/api/v1/obs/counts
grid|a person's day × 早/晚 grid|$TOK_OBSERVER|$(echo $GRID_PATHS)
pinyin|pinyin-initials search, whole town (cjm…)|$TOK_VERIFIER|$PY_PATHS
pinyin_village|pinyin-initials search, own village (village worker)|$TOK_VILLAGE|$PYV_PATHS
report|daily report of a past day (whole town, per village)|$TOK_COMMANDER|$REPORT_PATHS
report_village|daily report of a past day (village worker)|$TOK_VILLAGE|$REPORT_PATHS
dashboard|dashboard data (commander's home page)|$TOK_COMMANDER|/api/v1/dashboard
EOF
	done
fi
if [ -n "${FK_PID:-}" ]; then
	kill "$FK_PID" 2>/dev/null || true
	wait "$FK_PID" 2>/dev/null || true
fi

# ---- case 2: list import ----
phase import
run_timed() { # timeout cmd… → prints {"ok","timeout","wall_s","rss_kb"}; the command's stdout in $TMP/out
	local to=$1
	shift
	local rc=0
	run_group /usr/bin/time -f "%e %M" -o "$TMP/time" timeout "$to" "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	local t
	t=$($PY bench/lib.py time "$TMP/time" 2>/dev/null || echo '{"wall_s":null,"rss_kb":null}')
	if [ "$rc" = 124 ]; then
		echo "{\"ok\":false,\"timeout\":true,${t:1}"
	elif [ "$rc" != 0 ] && [ "$rc" != 3 ]; then
		echo "bench: $* exited $rc" >&2
		tail -5 "$TMP/err" >&2
		echo "{\"ok\":false,\"timeout\":false,${t:1}"
	else
		echo "{\"ok\":true,${t:1}"
	fi
}
fresh_db() {
	rm -f "$D/work.db" "$D/work.db-wal" "$D/work.db-shm"
	cp "$D/town.db" "$D/work.db"
	sync -f "$D/work.db" 2>/dev/null || true
}
if has_case import; then
	log "case 2: list import — fangkong vs sqlite3 .import (limit) vs pandas+openpyxl (peer)"
	IFS=, read -ra SZ <<<"$SIZES"
	declare -A STOPPED=()
	for n in "${SZ[@]}"; do
		t=$(tag "$n")
		# one run of each list and format (the 20-minute budget; the imports are
		# seconds long, so one run is not much noisier than the median of two)
		reps=1
		for rep in $(seq 1 "$reps"); do
			for fmt in xlsx csv; do
				f=$D/list-$t.$fmt
				# fangkong: parse, validate, match against the persons, dispatch, commit
				if [ -z "${STOPPED[fangkong.$t]:-}" ]; then
					fresh_db
					run_timed "$FK_IMPORT_TIMEOUT" "$FK" import list "$f" --db "$D/work.db" --source 佛山市指挥部 \
						--accept-partial --force --json >"$TMP/j"
					j=$(cat "$TMP/j")
					s=$(grep '^{' "$TMP/out" | tail -1 || true)
					emit "{\"case\":\"import\",\"tool\":\"fangkong\",\"size\":\"$t\",\"format\":\"$fmt\",\"rows\":$n,\"rep\":$rep,\"summary\":${s:-null},${j:1}"
					log "  import $t.$fmt rep $rep fangkong: $j"
					[[ "$j" == *'"timeout":true'* ]] && STOPPED[fangkong.$t]=1
				fi
				# the limit: sqlite3 .import of the same rows (UTF-8 CSV) into an unindexed table
				rm -f "$TMP/lim.db"
				sqlite3 "$TMP/lim.db" "CREATE TABLE t(no,name,id_number,phone,address,village,origin,arrival)"
				run_timed 600 sqlite3 "$TMP/lim.db" ".import --csv --skip 1 $D/list-$t.utf8.csv t" >"$TMP/j"
				j=$(cat "$TMP/j")
				emit "{\"case\":\"import\",\"tool\":\"sqlite3\",\"size\":\"$t\",\"format\":\"$fmt\",\"rows\":$n,\"rep\":$rep,${j:1}"
				log "  import $t.$fmt rep $rep sqlite3: $j"
				# the peer: pandas + openpyxl (from 100k rows on only the XLSX, the
				# target's format: 45 s at 100k, more than 120 s at 1M — the
				# 20-minute budget)
				if [ -z "${STOPPED[python.$t]:-}" ] && { ((n < 100000)) || [ "$fmt" = xlsx ]; }; then
					fresh_db
					run_timed "$IMPORT_TIMEOUT" $PY bench/peers/python/listimport.py "$f" --db "$D/work.db" --source 佛山市指挥部 >"$TMP/j"
					j=$(cat "$TMP/j")
					s=$(grep '^{' "$TMP/out" | tail -1 || true)
					emit "{\"case\":\"import\",\"tool\":\"python\",\"size\":\"$t\",\"format\":\"$fmt\",\"rows\":$n,\"rep\":$rep,\"summary\":${s:-null},${j:1}"
					log "  import $t.$fmt rep $rep python: $j"
					# a run stopped on the XLSX is not tried again at this size
					[[ "$j" == *'"timeout":true'* ]] && [ "$fmt" = xlsx ] && STOPPED[python.$t]=1
				fi
			done
		done
	done
fi

# ---- case 5: joint road checkpoints (issue 6) ----
phase checkpoint
# (c) bulk import of a checkpoint's screening log (CSV) into the town; the
# database fangkong imported it into (1M persons + the log) then serves
# (b) sequential lookups by ID number, phone and plate and (a) single-record
# POST /api/v1/screenings from many clients, each acknowledged only once it
# is on disk, with lookups measured while that load runs.
cp_db() { # FILE: a fresh copy of the town with the checkpoint 和顺检疫点 (its id in CPID), kakou1 bound to it
	rm -f "$1" "$1-wal" "$1-shm"
	cp "$D/town.db" "$1"
	CPID=$(sqlite3 "$1" "INSERT INTO checkpoints(name,location,type,created_at) VALUES('和顺检疫点',
		'和顺大道与广佛公路交界','公路卡口',$NOW) ON CONFLICT(name) DO NOTHING;
		UPDATE users SET checkpoint_id=(SELECT id FROM checkpoints WHERE name='和顺检疫点') WHERE username='kakou1';
		SELECT id FROM checkpoints WHERE name='和顺检疫点'")
}
if has_case checkpoint; then
	# 200,000 rows by default: at today's ~10,000 rows/s the million-row log
	# took fangkong 100 s and the peer more than 120 s (the 20-minute budget)
	CPN=${BENCH_CP_ROWS:-200000}
	ct=$(tag "$CPN")
	CSV=$D/screenings-$ct.csv
	CPSTAMP="rows=$CPN seed=$SEED gen=$(sha256sum bench/gen/screenings.py | cut -c1-16) town=$(cat "$D/STAMP")"
	if [ "$(cat "$CSV.stamp" 2>/dev/null)" != "$CPSTAMP" ]; then
		log "generating the $CPN-row screening log"
		rm -f "$CSV" "$CSV.json" "$CSV.stamp" # (not written in place: hardlinks)
		timeout 600 $PY bench/gen/screenings.py --db "$D/town.db" --rows "$CPN" --seed "$SEED" --out "$CSV.tmp" >"$CSV.json"
		mv "$CSV.tmp" "$CSV"
		echo "$CPSTAMP" >"$CSV.stamp"
	fi
	emit "{\"case\":\"cp_data\",\"csv\":$(cat "$CSV.json")}"
	log "case 5: checkpoints — import of screenings-$ct.csv: fangkong vs sqlite3 .import (limit) vs pandas (peer)"
	CPDB=$D/cp.db
	for rep in $(seq 1 "${BENCH_CP_IMPORT_REPS:-1}"); do
		cp_db "$D/work.db"
		sync -f "$D/work.db" 2>/dev/null || true
		run_timed "$IMPORT_TIMEOUT" "$FK" import screenings "$CSV" --db "$D/work.db" --checkpoint "$CPID" \
			--accept-partial --json >"$TMP/j"
		j=$(cat "$TMP/j")
		s=$(grep '^{' "$TMP/out" | tail -1 || true)
		emit "{\"case\":\"cp_import\",\"tool\":\"fangkong\",\"rows\":$CPN,\"rep\":$rep,\"summary\":${s:-null},${j:1}"
		log "  cp import rep $rep fangkong: $j $s"
		# the database fangkong imported into serves (a) and (b)
		[ "$rep" = 1 ] && { rm -f "$CPDB"*; mv "$D/work.db" "$CPDB"; [ ! -e "$D/work.db-wal" ] || mv "$D/work.db-wal" "$CPDB-wal"; }
		rm -f "$TMP/lim.db"
		sqlite3 "$TMP/lim.db" "CREATE TABLE t(at,plate,vehicle_type,origin,destination,name,doc_number,phone,temp,result,hospital)"
		run_timed 600 sqlite3 "$TMP/lim.db" ".import --csv --skip 1 $CSV t" >"$TMP/j"
		j=$(cat "$TMP/j")
		emit "{\"case\":\"cp_import\",\"tool\":\"sqlite3\",\"rows\":$CPN,\"rep\":$rep,${j:1}"
		log "  cp import rep $rep sqlite3: $j"
		cp_db "$D/work.db"
		sync -f "$D/work.db" 2>/dev/null || true
		run_timed "$IMPORT_TIMEOUT" $PY bench/peers/python/cpimport.py "$CSV" --db "$D/work.db" --checkpoint "$CPID" >"$TMP/j"
		j=$(cat "$TMP/j")
		s=$(grep '^{' "$TMP/out" | tail -1 || true)
		emit "{\"case\":\"cp_import\",\"tool\":\"python\",\"rows\":$CPN,\"rep\":$rep,\"summary\":${s:-null},${j:1}"
		log "  cp import rep $rep python: $j $s"
	done
	rm -f "$D/work.db" "$D/work.db-wal" "$D/work.db-shm" "$TMP/lim.db"
	[ -e "$CPDB" ] || cp_db "$CPDB" # (the import failed: an empty log)
	TOK_CP=$("$FK" user token kakou1 --days 30 --db "$CPDB" 2>/dev/null | tail -1)
	# the Node peer writes into its own copy of the same database
	cp "$CPDB" "$D/cp-node.db"
	[ ! -e "$CPDB-wal" ] || cp "$CPDB-wal" "$D/cp-node.db-wal"
	"$FK" serve --db "$CPDB" --listen 127.0.0.1:0 --threads "$THREADS" >"$TMP/fkcp.log" 2>&1 &
	CP_PID=$!
	PIDS+=("$CP_PID")
	CP_PORT=$(wait_port "$TMP/fkcp.log")
	node bench/peers/node/server.mjs --db "$D/cp-node.db" --workers "$THREADS" >"$TMP/nodecp.log" 2>&1 &
	NODECP_PID=$!
	PIDS+=("$NODECP_PID")
	NODECP_PORT=$(wait_port "$TMP/nodecp.log")
	# what the lookups ask for: 100 ID numbers and 100 phones of persons screened
	# (most of them of the town), 100 plates seen at the checkpoint
	$PY - "$CPDB" >"$TMP/lookup-paths" <<'EOF'
import sqlite3, sys, urllib.parse
c = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
q = lambda sql: [r[0] for r in c.execute(sql)]
docs = q("SELECT doc_number FROM screened WHERE doc_number IS NOT NULL AND id % 997 = 1 LIMIT 100")
phones = q("SELECT phone FROM screened WHERE phone IS NOT NULL AND id % 991 = 2 LIMIT 100")
plates = q("SELECT plate FROM screenings WHERE plate <> '' AND id % 983 = 3 LIMIT 100")
# fallbacks when the log is empty: persons of the town, made-up plates
docs = docs or q("SELECT doc_number FROM persons WHERE id % 9973 = 1 LIMIT 100")
phones = phones or q("SELECT phone FROM persons WHERE id % 9967 = 2 LIMIT 100")
plates = plates or ["粤A%05d" % i for i in range(100)]
e = urllib.parse.quote
print(" ".join(f"/api/v1/checkpoint/lookup?doc={e(d)}" for d in docs))
print(" ".join(f"/api/v1/checkpoint/lookup?phone={e(p)}" for p in phones))
print(" ".join(f"/api/v1/checkpoint/lookup?plate={e(p)}" for p in plates))
print(" ".join(f"/api/v1/checkpoint/lookup?doc={e(d)}&phone={e(p)}&plate={e(l)}" for d, p, l in zip(docs, phones, plates)))
EOF
	mapfile -t LK <"$TMP/lookup-paths"
	# persons of the town the POSTs name (name|doc|phone)
	sqlite3 "$CPDB" "SELECT name||'|'||doc_number||'|'||phone FROM persons WHERE id % 997 = 5 AND doc_number IS NOT NULL AND phone IS NOT NULL LIMIT 1000" >"$TMP/cp-people"
	# (b) sequential lookups, one keep-alive connection: one run of up to 1000
	# lookups of each kind (≤ 5 s)
	log "case 5 (b): lookups — fangkong :$CP_PORT"
	for rep in 1; do
		k=0
		for kind in doc phone plate all; do
			# shellcheck disable=SC2086
			j=$(timeout 60 "$B/httptime" query --port "$CP_PORT" --token "$TOK_CP" --n 1000 --warmup 5 \
				--max-seconds 5 ${LK[$k]} || true)
			k=$((k + 1))
			[ -n "$j" ] || j='{"n":0,"errors":1,"p50_ms":null,"p90_ms":null,"p99_ms":null,"max_ms":0,"mean_ms":null,"body_bytes":0}'
			emit "{\"case\":\"cp_lookup\",\"rep\":$rep,\"kind\":\"$kind\",\"load\":false,${j:1}"
			log "  lookup rep $rep $kind: $j"
		done
	done
	# (a) the POST load, and the limit: nginx answering a POST of the same size
	# with a body of the size of fangkong's answer
	curl -sf -H "Authorization: Bearer $TOK_CP" -H 'Content-Type: application/json' \
		-d '{"client_id":"bench-probe-0001","plate":"粤A12345","vehicle_type":"小客车","origin":"广东广州","destination":"沙涌社区","persons":[{"temp":36.5}]}' \
		"http://127.0.0.1:$CP_PORT/api/v1/screenings" >"$TMP/screening.json" || echo '{}' >"$TMP/screening.json"
	mkdir -p "$TMP/nginxcp"
	NGINXCP_PORT=$(free_port)
	cat >"$TMP/nginxcp/nginx.conf" <<EOF
worker_processes $THREADS;
daemon off;
pid $TMP/nginxcp/nginx.pid;
error_log $TMP/nginxcp/error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
	keepalive_requests 1000000;
	client_body_buffer_size 32k;
	client_body_temp_path $TMP/nginxcp/body;
	proxy_temp_path $TMP/nginxcp/proxy;
	fastcgi_temp_path $TMP/nginxcp/fastcgi;
	uwsgi_temp_path $TMP/nginxcp/uwsgi;
	scgi_temp_path $TMP/nginxcp/scgi;
	server {
		listen 127.0.0.1:$NGINXCP_PORT;
		default_type "application/json; charset=utf-8";
		location = /api/v1/screenings { return 201 '$(tr -d "'\$\\\\" <"$TMP/screening.json")'; }
		location = /healthz { return 200 '{"status":"ok"}'; }
	}
}
EOF
	nginx -p "$TMP/nginxcp" -c "$TMP/nginxcp/nginx.conf" 2>"$TMP/nginxcp/start.log" &
	NGINXCP_PID=$!
	PIDS+=("$NGINXCP_PID")
	for i in $(seq 1 100); do curl -sf "http://127.0.0.1:$NGINXCP_PORT/healthz" >/dev/null && break; sleep 0.05; done
	CPC=${BENCH_CP_CONNS:-256}
	log "case 5 (a): POST /api/v1/screenings, $CPC clients — fangkong :$CP_PORT, nginx :$NGINXCP_PORT, node peer :$NODECP_PORT; ${REPS}× ${DUR}s"
	declare -A CPPORT=([fangkong]=$CP_PORT [nginx]=$NGINXCP_PORT [node]=$NODECP_PORT)
	for rep in $(seq 1 "$REPS"); do
		for srv in fangkong nginx node; do
			out=$TMP/wrk.cp.$srv.$rep
			before=0
			[ "$srv" = nginx ] || before=$(sqlite3 "$([ "$srv" = fangkong ] && echo "$CPDB" || echo "$D/cp-node.db")" "SELECT count(*) FROM screenings" 2>/dev/null || echo 0)
			BENCH_TOKEN=$TOK_CP BENCH_RUN="$srv$rep" BENCH_CP_PEOPLE=$TMP/cp-people \
				run_group timeout $((DUR + 30)) wrk -t "$THREADS" -c "$CPC" -d "${DUR}s" --timeout 10s --latency \
				-s bench/wrk/screening.lua "http://127.0.0.1:${CPPORT[$srv]}/" >"$out" 2>&1 &
			WRK=$!
			lk=
			if [ "$srv" = fangkong ]; then # lookups while the POSTs run
				sleep 0.5
				# shellcheck disable=SC2086
				lk=$(timeout $((DUR + 30)) "$B/httptime" query --port "$CP_PORT" --token "$TOK_CP" --n 100000 --warmup 2 \
					--max-seconds $((DUR > 2 ? DUR - 1 : 1)) ${LK[3]} || true)
			fi
			wait "$WRK" || true
			j=$($PY bench/lib.py wrk "$out")
			stored=null
			if [ "$srv" != nginx ]; then
				settle "${CPPORT[$srv]}"
				after=$(sqlite3 "$([ "$srv" = fangkong ] && echo "$CPDB" || echo "$D/cp-node.db")" "SELECT count(*) FROM screenings" 2>/dev/null || echo 0)
				stored=$((after - before))
			fi
			emit "{\"case\":\"cp_post\",\"rep\":$rep,\"conns\":$CPC,\"server\":\"$srv\",\"stored\":$stored,${j:1}"
			log "  post rep $rep $srv: $j (stored $stored)"
			if [ -n "$lk" ]; then
				emit "{\"case\":\"cp_lookup\",\"rep\":$rep,\"kind\":\"all\",\"load\":true,${lk:1}"
				log "  lookup under load rep $rep: $lk"
			fi
		done
	done
	kill "$CP_PID" "$NODECP_PID" "$NGINXCP_PID" 2>/dev/null || true
	wait "$CP_PID" "$NODECP_PID" "$NGINXCP_PID" 2>/dev/null || true
	rm -f "$CPDB" "$CPDB-wal" "$CPDB-shm" "$D/cp-node.db" "$D/cp-node.db-wal" "$D/cp-node.db-shm"
fi

# ---- case 4: start time, idle RSS, binary size ----
phase start
if has_case start; then
	log "case 4: start and footprint"
	for rep in $(seq 1 5); do
		j=$("$B/httptime" start --idle-ms 1000 -- "$FK" serve --db "$SDB" --listen '127.0.0.1:{PORT}' --threads "$THREADS" || echo '')
		[ -n "$j" ] && emit "{\"case\":\"start\",\"server\":\"fangkong\",\"rep\":$rep,${j:1}"
		log "  start fangkong: $j"
		if [ "$rep" -le 2 ]; then
			j=$("$B/httptime" start --idle-ms 1000 -- node bench/peers/node/server.mjs --db "$SDB" --workers "$THREADS" --port '{PORT}' || echo '')
			[ -n "$j" ] && emit "{\"case\":\"start\",\"server\":\"node\",\"rep\":$rep,${j:1}"
			log "  start node peer: $j"
		fi
	done
	emit "{\"case\":\"footprint\",\"binary_bytes\":$(stat -c %s "$FK"),\"binary_text_bytes\":$(size -A "$FK" | awk '$1==".text"{print $2}')}"
fi

# ---- callgrind: instruction counts of a list import (stable across noise) ----
phase callgrind
# of the 10k list by default: the 100k list took 5–8 minutes under callgrind
if has_case callgrind && command -v valgrind >/dev/null; then
	IFS=, read -ra SZ <<<"$SIZES"
	n=${BENCH_CALLGRIND_ROWS:-10000}
	[[ " ${SZ[*]} " == *" $n "* ]] || n=${SZ[0]}
	t=$(tag "$n")
	log "callgrind: import of list-$t.xlsx (takes a minute or more)"
	fresh_db
	if run_group timeout 900 valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.out" \
		"$FK" import list "$D/list-$t.xlsx" --db "$D/work.db" --source 佛山市指挥部 --accept-partial --force --json \
		>/dev/null 2>"$TMP/cg.err"; then
		ir=$(awk '/^summary:/{print $2}' "$TMP/cg.out")
		# (not piped into head: with pipefail, the SIGPIPE would end the run)
		callgrind_annotate --inclusive=yes "$TMP/cg.out" >"$TMP/cg.txt" 2>/dev/null || true
		callgrind_annotate --inclusive=no "$TMP/cg.out" >"$TMP/cg-self.txt" 2>/dev/null || true
		{
			echo "# callgrind, fangkong import list list-$t.xlsx into the 1M-person town: $ir instructions"
			echo "# inclusive (each function with what it calls):"
			sed -n '/file:function/,$p' "$TMP/cg.txt" | sed -n '3,42p'
			echo
			echo "# self (the instructions in the function itself):"
			sed -n '/file:function/,$p' "$TMP/cg-self.txt" | sed -n '3,32p'
		} >"$R/callgrind-import-$t.txt"
		emit "{\"case\":\"callgrind\",\"list\":\"list-$t.xlsx\",\"ir\":$ir}"
		log "  callgrind: $ir instructions"
	else
		log "  callgrind: failed or timed out (see $TMP/cg.err)"
	fi
fi
rm -f "$D/work.db" "$D/work.db-wal" "$D/work.db-shm"

# ---- report ----
phase report
emit "{\"case\":\"run\",\"seconds\":$(($(date +%s) - T0)),\"cases\":\"$CASES\"}"
mv "$RAW" "$R/raw.jsonl"
mv "$R/machine.json.tmp" "$R/machine.json"
readme=()
[ "${BENCH_UPDATE_README:-0}" = 1 ] && readme=(--readme README.md)
echo
$PY bench/lib.py report "$R/raw.jsonl" "$R/machine.json" "$R/latest.json" "$R/latest.md" "${readme[@]}"
echo
log "done in $(($(date +%s) - T0)) s ($(( ($(date +%s) - T0) / 60 )) min $(( ($(date +%s) - T0) % 60 )) s): bench/results/latest.json, bench/results/latest.md"
