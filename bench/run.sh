#!/usr/bin/env bash
# Benchmarks against gunicorn (2 sync workers, production settings) on 127.0.0.1.
#
#   bench/run.sh bench   micro-benchmarks + HTTP benchmark on the full scale data
#   bench/run.sh soak    200 learners doing the whole journey for 5 minutes
#   bench/run.sh smoke   both at tiny scale in under 2 minutes (CI): errors fail, budgets only report
#   bench/run.sh scale   the learner pages at BENCH_SCALE, without the knowledge base (make bench-scales)
#
# Database: with DATABASE_URL set, a dedicated PostgreSQL database on the same server
# (academy_bench, seeded once and reused; academy_bench_smoke, recreated every time);
# without it, SQLite in a temporary file. Knobs: BENCH_DURATION (s per page and phase in
# each round), BENCH_ROUNDS (rounds of every page, 3; the smoke runs 1), BENCH_USERS,
# SOAK_DURATION, SOAK_USERS, BENCH_SCALE, BENCH_PACE (s between a user's requests in the
# latency phase), BENCH_ONLY (scenarios, e.g. course_page,player), BENCH_SKIP_MICRO=1,
# BENCH_STRICT=1 (exit 3 when a budget fails), BENCH_RESULTS (the results file),
# BENCH_DIGEST_USERS (the notification benchmark's users, 20,000; the smoke 200).
set -euo pipefail
cd "$(dirname "$0")/.."

MODE="${1:-bench}"
stage() { echo "== $(date +%T) $*"; }
PY=.venv/bin/python
WORK="$(mktemp -d "${TMPDIR:-/tmp}/academy-bench.XXXXXX")"
GUNICORN_PID=""
STATUS=0

cleanup() {
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$GUNICORN_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

case "$MODE" in
  bench) SCALE="${BENCH_SCALE:-1}"; DB_NAME=academy_bench; RECREATE=0; RESULTS=bench/results/latest.json ;;
  soak) SCALE="${BENCH_SCALE:-1}"; DB_NAME=academy_bench; RECREATE=0; RESULTS=bench/results/soak.json ;;
  smoke) SCALE="${BENCH_SCALE:-0.01}"; DB_NAME=academy_bench_smoke; RECREATE=1; RESULTS=bench/results/smoke.json ;;
  scale) SCALE="${BENCH_SCALE:-1}"; RECREATE=0; RESULTS="bench/results/scale-$SCALE.json" ;;
  *) echo "usage: bench/run.sh bench|soak|smoke|scale" >&2; exit 2 ;;
esac
SEED_FLAGS=""
RESULTS="${BENCH_RESULTS:-$RESULTS}"
# academy_bench holds scale 1 with everything. Any other scale gets its own database (a
# seeded database is reused, so one name must always mean one scale and one content) and
# measures the learner pages (issue 23): without the knowledge base, whose indexing is the
# slow part of a seed and whose size does not follow the learners.
if [ "$MODE" = scale ] || { [ "$MODE" != smoke ] && [ "$SCALE" != 1 ]; }; then
  DB_NAME="academy_bench_scale_${SCALE//./_}" SEED_FLAGS="--without-knowledge"
  BENCH_ONLY="${BENCH_ONLY:-catalog,course_page,player,mark_complete,dashboard,verify}"
fi
[ "$MODE" = scale ] && BENCH_SKIP_MICRO=1

if [ -n "${DATABASE_URL:-}" ]; then
  DATABASE_URL="$($PY bench/dbctl.py "$DATABASE_URL" "$DB_NAME" "$RECREATE")"
  export DATABASE_URL
else
  export SQLITE_PATH="$WORK/bench.sqlite3"
fi

PORT="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE_URL="http://127.0.0.1:$PORT"
# Production settings with a throwaway secret; plain HTTP on the loopback.
export DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECRET_KEY="bench-$($PY -c 'import secrets; print(secrets.token_hex(32))')"
export BENCH_REFERENCE=1 BENCH_STATIC_ROOT="$WORK/static" ACADEMY_BASE_URL="$BASE_URL"
export DJANGO_MEDIA_ROOT="$WORK/media" ACADEMY_PRIVATE_MEDIA_ROOT="$WORK/private"
export CERTIFICATES_STORAGE_ROOT="$WORK/certificates"
# All load comes from one address: per-IP limits meant for the public are lifted for the run.
export CERTIFICATES_VERIFY_RATE=1000000000 H5P_RATE_LIMIT=1000000000/60 BENCH_LOGIN_RATE=100000/m/ip
export DJANGO_LOG_LEVEL=WARNING PYTHONUNBUFFERED=1
unset ACADEMY_TESTING

stage "Benchmark ($MODE): database ${DATABASE_URL:+PostgreSQL ${DATABASE_URL##*/}}${SQLITE_PATH:+SQLite $SQLITE_PATH}, scale $SCALE"
$PY manage.py migrate --noinput -v 0
$PY manage.py seed_scale --scale "$SCALE" --if-empty $SEED_FLAGS
$PY manage.py collectstatic --noinput -v 0

PARTS="$WORK/parts"
mkdir -p "$PARTS"
if [ "$MODE" != soak ] && [ -z "${BENCH_SKIP_MICRO:-}" ]; then
  stage "Micro-benchmarks"
  if [ "$MODE" = smoke ]; then $PY manage.py bench_micro --parts "$PARTS" --quick || STATUS=1
  else $PY manage.py bench_micro --parts "$PARTS" || STATUS=1; fi
  # Notifications (issue 16): fan-out and the daily digest for 20,000 users, the bell.
  DIGEST_USERS="${BENCH_DIGEST_USERS:-20000}"; [ "$MODE" = smoke ] && DIGEST_USERS=200
  $PY manage.py bench_notifications --users "$DIGEST_USERS" --parts "$PARTS" >/dev/null || STATUS=1
fi

stage "gunicorn (2 sync workers) on $BASE_URL"
.venv/bin/gunicorn bench.wsgi:application --workers 2 --bind "127.0.0.1:$PORT" \
  --pid "$WORK/gunicorn.pid" --log-level warning --error-logfile "$WORK/gunicorn.log" --capture-output &
GUNICORN_PID=$!
$PY - "$BASE_URL/healthz" <<'EOF'
import sys, time, urllib.request
for _ in range(120):
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=2) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        time.sleep(0.5)
sys.exit("gunicorn did not answer /healthz")
EOF

if [ "$MODE" != soak ]; then
  stage "HTTP benchmark: ${BENCH_USERS:-16} concurrent users"
  $PY manage.py bench_prepare http --out "$WORK/http-targets.json" --users "${BENCH_USERS:-16}"
  DURATION="${BENCH_DURATION:-8}"; ROUNDS="${BENCH_ROUNDS:-3}"; EXTRA=""
  if [ "$MODE" = smoke ]; then DURATION="${BENCH_DURATION:-2}"; ROUNDS=1; EXTRA="--allow-empty"; fi
  $PY bench/http/run_load.py http --base-url "$BASE_URL" --targets "$WORK/http-targets.json" \
    --out "$PARTS" --duration "$DURATION" --rounds "$ROUNDS" --users "${BENCH_USERS:-16}" \
    --pace "${BENCH_PACE:-1}" ${BENCH_ONLY:+--only "$BENCH_ONLY"} $EXTRA || STATUS=1
  $PY manage.py bench_bookings_check --parts "$PARTS" || STATUS=1
fi

if [ "$MODE" = soak ] || [ "$MODE" = smoke ]; then
  USERS="${SOAK_USERS:-200}"; DURATION="${SOAK_DURATION:-300}"
  if [ "$MODE" = smoke ]; then USERS="${SOAK_USERS:-8}"; DURATION="${SOAK_DURATION:-20}"; fi
  stage "Soak: $USERS learners for ${DURATION} s"
  $PY manage.py bench_prepare soak --out "$WORK/soak-targets.json" --users "$USERS"
  $PY bench/http/run_load.py soak --base-url "$BASE_URL" --targets "$WORK/soak-targets.json" \
    --out "$WORK" --duration "$DURATION" --users "$USERS" || STATUS=1
  if [ -f "$WORK/soak-log.json" ]; then
    $PY manage.py bench_soak_check --log "$WORK/soak-log.json" --gunicorn-pid "$GUNICORN_PID" --parts "$PARTS" \
      || STATUS=1
  else
    STATUS=1
  fi
fi

if grep -q -E "Traceback|Internal Server Error" "$WORK/gunicorn.log" 2>/dev/null; then
  stage "Server errors in the gunicorn log:"
  grep -n -B2 -A20 -E "Traceback|Internal Server Error" "$WORK/gunicorn.log" | head -80
  STATUS=1
fi

stage "Results"
STRICT=""
[ "${BENCH_STRICT:-0}" = 1 ] && [ "$MODE" != smoke ] && STRICT="--strict"
$PY manage.py bench_report --parts "$PARTS" --results "$RESULTS" --mode "$MODE" --scale "$SCALE" $STRICT \
  || { [ "$STATUS" = 0 ] && STATUS=3; }
if [ "$STATUS" != 0 ]; then
  echo "Benchmark run ($MODE) found errors (status $STATUS)." >&2
fi
exit "$STATUS"
