#!/usr/bin/env bash
# Join-by-mail latency: sends N blank mails to a network's join address and measures, for each, the time from
# the end of the SMTP send to the registration reply being visible in the sender's mailbox over IMAP. Prints the
# median, p95 and max. Goal: p95 <= 3 s with IMAP IDLE.
#
#   ear/bench/join-latency.sh [N]          (default 50)
#
# Uses a running instance (ear/bin/run) when http://localhost:8080/ answers; otherwise starts one with
# ear/bin/run (RENRAKU_SKIP_BUILD=true: build first with ./mvnw -o -q -DskipITs package) and stops it at the end.
# Ports are the ones ear/bin/run uses, shared with the integration tests: on a shared machine run it under
#   flock /tmp/renraku-it.lock ear/bench/join-latency.sh
#
# Environment: BENCH_NETWORK [demo] (its slug), RENRAKU_JOIN_DOMAIN [join.renraku.test],
#   RENRAKU_SMTP_PORT [3025], RENRAKU_IMAP_PORT [3143], BENCH_GAP_MS [100] between two sends.
# Each mail comes from a sender of its own (the per-address limit is 3 replies an hour); the per-network limit
# (renraku.inbound.limit.per-network, 200 an hour) bounds N per hour on one network.
# Client: Python 3's smtplib and imaplib (no swaks needed; every sender mailbox is polled by a thread of its own).
set -euo pipefail

n=${1:-50}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
network=${BENCH_NETWORK:-demo}
domain=${RENRAKU_JOIN_DOMAIN:-join.renraku.test}
smtp_port=${RENRAKU_SMTP_PORT:-3025}
imap_port=${RENRAKU_IMAP_PORT:-3143}
gap_ms=${BENCH_GAP_MS:-100}
started_pid=

log() { printf '[bench] %s\n' "$*" >&2; }

command -v python3 >/dev/null || { log "needs python3"; exit 2; }

stop_started() {
  if [ -n "$started_pid" ]; then
    log "stopping the instance this script started"
    # the whole process group: ear/bin/run's clean-up, and its idle `sleep`, which would otherwise keep
    # /tmp/renraku-it.lock (inherited) held after we are gone
    kill -TERM -- "-$started_pid" 2>/dev/null || kill -TERM "$started_pid" 2>/dev/null || true
    wait "$started_pid" 2>/dev/null || true
    kill -- "-$started_pid" 2>/dev/null || true
  fi
}
trap stop_started EXIT

# /health, not /: Payara's own start page answers on :8080 before the application is deployed
if ! curl -fsS -o /dev/null http://localhost:8080/health 2>/dev/null; then
  log "no instance on :8080, starting ear/bin/run"
  RENRAKU_SKIP_BUILD=${RENRAKU_SKIP_BUILD:-true} setsid "$root/ear/bin/run" >"$root/ear/target/bench-run.log" 2>&1 &
  started_pid=$!
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null http://localhost:8080/health 2>/dev/null && break
    kill -0 "$started_pid" 2>/dev/null || { log "ear/bin/run ended, see ear/target/bench-run.log"; exit 1; }
    sleep 1
  done
  sleep 5 # the inbound reader finds the demo network within renraku.inbound.discover-seconds
fi

log "sending $n blank mails to $network@$domain"
python3 - "$n" "$network@$domain" "$smtp_port" "$imap_port" "$gap_ms" <<'PY'
import imaplib, smtplib, statistics, sys, threading, time, uuid
from email.message import EmailMessage

n, to, smtp_port, imap_port, gap_ms = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
run = uuid.uuid4().hex[:8]
latencies, missing, lock = [], [], threading.Lock()

def count(user):
    imap = imaplib.IMAP4("127.0.0.1", imap_port)
    try:
        imap.login(user, user)  # GreenMail: authentication disabled
        typ, data = imap.select("INBOX", readonly=True)
        return int(data[0])
    finally:
        try: imap.logout()
        except Exception: pass

def one(i):
    sender = f"bench-{run}-{i}@bench.renraku.test"
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, ""
    msg.set_content("")
    with smtplib.SMTP("127.0.0.1", smtp_port) as smtp:
        smtp.send_message(msg)
    sent = time.monotonic()
    while time.monotonic() - sent < 60:
        if count(sender) > 0:
            with lock: latencies.append(time.monotonic() - sent)
            return
        time.sleep(0.05)
    with lock: missing.append(sender)

threads = []
for i in range(n):
    t = threading.Thread(target=one, args=(i,)); t.start(); threads.append(t)
    time.sleep(gap_ms / 1000)
for t in threads: t.join()
if not latencies:
    print(f"no replies ({len(missing)} missing)"); sys.exit(1)
lat = sorted(latencies)
p95 = lat[min(len(lat) - 1, max(0, int(round(0.95 * len(lat))) - 1))]
print(f"join-by-mail latency, {len(lat)}/{n} replies ({len(missing)} missing), send gap {gap_ms} ms:")
print(f"  median {statistics.median(lat):.2f} s   p95 {p95:.2f} s   min {lat[0]:.2f} s   max {lat[-1]:.2f} s")
sys.exit(0 if not missing else 1)
PY
