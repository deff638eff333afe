#!/usr/bin/env bash
# SMTP intake throughput, marsdcs against Postfix's smtp-sink, in the same run on the same machine,
# both driven by Postfix's smtp-source (20 parallel sessions, 4 KB messages, one connection per
# message as MARS sends them). smtp-sink keeps nothing; marsdcs commits every message to SQLite
# (fsync) before its 250, then checks that the store holds exactly what was acknowledged.
#
#   bench/smtp-throughput.sh                      # defaults below
#   MESSAGES=50000 SESSIONS=20 bench/smtp-throughput.sh
set -euo pipefail
cd "$(dirname "$0")/.."

MESSAGES=${MESSAGES:-20000}
WARMUP=${WARMUP:-3000}
ROUNDS=${ROUNDS:-3}
SESSIONS=${SESSIONS:-20}
SIZE=${SIZE:-4096}
SINK_PORT=${SINK_PORT:-12525}
MARSDCS_PORT=${MARSDCS_PORT:-12526}
BARE_PORT=${BARE_PORT:-12527}

for tool in smtp-source smtp-sink sqlite3; do
    command -v "$tool" >/dev/null || { echo "bench needs $tool: apt-get install postfix sqlite3" >&2; exit 1; }
done
[ -f target/marsdcs.jar ] || mvn -B -q package -DskipTests

# On disk, not tmpfs: an fsync must cost what it costs in production.
work=$(mktemp -d /var/tmp/marsdcs-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# messages per second for MESSAGES messages to PORT (after WARMUP messages that are not timed)
drive() {
    local port=$1
    smtp-source -s "$SESSIONS" -l "$SIZE" -m "$WARMUP" -f bench@example.com -t dcs@example.com "127.0.0.1:$port"
    local start end
    start=$(date +%s.%N)
    smtp-source -s "$SESSIONS" -l "$SIZE" -m "$MESSAGES" -f bench@example.com -t dcs@example.com "127.0.0.1:$port"
    end=$(date +%s.%N)
    awk -v n="$MESSAGES" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", n / (e - s) }'
}

wait_for_port() {
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.2
    done
    echo "nothing listens on port $1" >&2
    return 1
}

# Both servers stay up; rounds alternate between them so drift in the machine hits both alike.
smtp-sink -u nobody "127.0.0.1:$SINK_PORT" 1024 &
pids+=($!)

cat > "$work/bench.yaml" <<YAML
smtp:
  listen: 127.0.0.1:$MARSDCS_PORT
  max_message_size: 10MB
mars:
  syslog_server: 127.0.0.1
  syslog_port: 9
dcs:
  listen: 127.0.0.1:0
  servers:
    - network: 0.0.0.0/0
      server: 127.0.0.1
      port: 9
cleanup:
  internal_networks: [10.0.0.0/8]
state_dir: $work/state
YAML
# through the appliance's own launcher, so the JVM options measured are the ones that ship
MARSDCS_JAR=target/marsdcs.jar appliance/marsdcs run --config "$work/bench.yaml" > "$work/marsdcs.log" 2>&1 < /dev/null &
pids+=($!)
# the same SMTP listener with a sink that keeps nothing: the ceiling SubEtha itself sets
java -XX:+IgnoreUnrecognizedVMOptions -XX:+UseBiasedLocking -cp target/marsdcs.jar bench/BareListener.java "$BARE_PORT" \
    > "$work/bare.log" 2>&1 < /dev/null &
pids+=($!)
wait_for_port "$SINK_PORT"
wait_for_port "$MARSDCS_PORT"
wait_for_port "$BARE_PORT"

sink_rates=()
bare_rates=()
marsdcs_rates=()
for round in $(seq 1 "$ROUNDS"); do
    sink_rates+=("$(drive "$SINK_PORT")")
    bare_rates+=("$(drive "$BARE_PORT")")
    marsdcs_rates+=("$(drive "$MARSDCS_PORT")")
    echo "round $round: smtp-sink ${sink_rates[-1]}, bare listener ${bare_rates[-1]}, marsdcs ${marsdcs_rates[-1]} msg/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
sink_rate=$(median "${sink_rates[@]}")
bare_rate=$(median "${bare_rates[@]}")
marsdcs_rate=$(median "${marsdcs_rates[@]}")
stored=$(sqlite3 "$work/state/marsdcs.db" "select count(*) from message")
expected=$(( (MESSAGES + WARMUP) * ROUNDS ))

echo "smtp-source -s $SESSIONS -l $SIZE, $MESSAGES messages timed after $WARMUP warm-up, median of $ROUNDS rounds, $(nproc) cores"
echo "smtp-sink (no disk):              $sink_rate msg/s"
echo "SubEtha listener, nothing kept:    $bare_rate msg/s"
echo "marsdcs (fsync before each 250):  $marsdcs_rate msg/s"
awk -v a="$marsdcs_rate" -v b="$sink_rate" -v c="$bare_rate" 'BEGIN {
    printf "ratio marsdcs / smtp-sink:        %.2f\n", a / b
    printf "ratio bare listener / smtp-sink:  %.2f   (the library'"'"'s own ceiling)\n", c / b
    printf "ratio marsdcs / bare listener:    %.2f   (what durability costs)\n", a / c }'
echo "messages in the store:            $stored of $expected acknowledged"
[ "$stored" -eq "$expected" ] || { echo "MISMATCH: acknowledged messages missing from the store" >&2; exit 1; }
