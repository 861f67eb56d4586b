"""The flows and the join burst of ear/bench/mail-topology.sh (read its header first).

Mail goes to the application over SMTP to Postfix (MTA_PORT); what the application sends arrives, through the same
Postfix as its relay, as one file per message in SINK_DIR (smtp-sink -d), whose modification time is its arrival.
Effects are read in the database with the mariadb client. Prints one line per flow, the burst's figures and, last:
    mail-topology: flows=K/6 join_p50_s=A join_p95_s=B
"""
import email
import email.policy
import hashlib
import hmac
import os
import re
import smtplib
import statistics
import subprocess
import sys
import time
import uuid
from email.message import EmailMessage

E = os.environ
SINK = E["SINK_DIR"]
JOIN = E["JOIN_DOMAIN"]
SLUG = E["SLUG"]
NETWORK = E["NETWORK"]
BROADCAST = E["BROADCAST"]


def sql(query):
    out = subprocess.run([E["SQL_BIN"], "--no-defaults", "-uroot", "--socket=/tmp/renraku-mariadb-3307.sock",
                          "--default-character-set=utf8mb4", "-N", "-s", E["DB_NAME"], "-e", query],
                         check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def one(query):
    rows = sql(query)
    return rows[0][0] if rows else None


def send(sender, to, subject, body):
    """One mail over SMTP to Postfix, envelope sender = From; returns (Message-ID, time at the end of the send)."""
    m = EmailMessage()
    m["From"] = sender
    m["To"] = to
    m["Subject"] = subject
    mid = "<%s@bench.example.jp>" % uuid.uuid4().hex
    m["Message-ID"] = mid
    m.set_content(body)
    with smtplib.SMTP("127.0.0.1", int(E["MTA_PORT"]), timeout=30) as s:
        s.send_message(m, from_addr=sender, to_addrs=[to])
    return mid, time.time()


def sink_messages():
    """(arrival time, envelope recipient, parsed message) of every message the receiver has."""
    out = []
    for d, _, files in os.walk(SINK):
        for f in files:
            path = os.path.join(d, f)
            try:
                with open(path, "rb") as fh:
                    raw = fh.read()
                mtime = os.stat(path).st_mtime
            except OSError:
                continue
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            rcpt = (msg.get("X-Rcpt-Args") or "").strip().strip("<>").split(">")[0].lower()
            out.append((mtime, rcpt, msg))
    return out


def await_mail(rcpt, since, within=60, subject_part=None):
    deadline = time.time() + within
    while time.time() < deadline:
        for mtime, r, msg in sink_messages():
            if r == rcpt and mtime >= since - 1 and (subject_part is None or subject_part in str(msg["Subject"])):
                return msg
        time.sleep(0.2)
    return None


def await_value(query, wanted, within=90):
    deadline = time.time() + within
    value = None
    while time.time() < deadline:
        value = one(query)
        if value is not None and (wanted is None or value in wanted):
            return value
        time.sleep(0.5)
    return value


def outcome(mid):
    return "SELECT outcome FROM inbound_mails WHERE message_id IN ('%s', '%s')" % (mid, mid.strip("<>"))


def body_text(msg):
    part = msg.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""


results = []


def flow(name, ok, detail):
    results.append(ok)
    print("  %-34s %s  %s" % (name, "ok  " if ok else "FAIL", detail), flush=True)


print("flows (through Postfix and Dovecot; effects in the database):", flush=True)

# 1. join
mid, t = send("joiner@example.jp", "%s@%s" % (SLUG, JOIN), "", "")
got = await_value(outcome(mid), {"LINK_SENT"}, 60)
link = await_mail("joiner@example.jp", t, 60)
flow("1 join (blank mail)", got == "LINK_SENT" and link is not None and "http" in body_text(link),
     "inbound outcome %s; registration mail %s" % (got, "arrived" if link is not None else "missing"))

# 2. 「退会」
mid, t = send("leaver@example.jp", "%s@%s" % (SLUG, JOIN), "退会", "退会します")
got = await_value(outcome(mid), {"LEAVE_CONFIRMATION_SENT"}, 60)
confirm = await_mail("leaver@example.jp", t, 60)
status = one("SELECT status FROM members WHERE network_id = %s AND email = 'leaver@example.jp'" % NETWORK)
flow("2 「退会」 confirmation", got == "LEAVE_CONFIRMATION_SENT" and confirm is not None and status == "ACTIVE",
     "inbound outcome %s; confirmation %s; member %s until the link is pressed"
     % (got, "arrived" if confirm is not None else "missing", status))

# the broadcast (CONFIRM) reaches the five members; the one at the unknown-user MX bounces through Postfix
sent = await_value("SELECT status FROM broadcasts WHERE id = %s" % BROADCAST, {"SENT"}, 150)
print("  (broadcast %s: %s)" % (BROADCAST, sent), flush=True)
mails = {r: m for _, r, m in sink_messages() if "集合時刻" in str(m["Subject"])}

# 3. keyword answer to the member's own reply address
to_answerer = mails.get("answerer@example.jp")
reply_to = str(to_answerer["Reply-To"]) if to_answerer is not None and to_answerer["Reply-To"] else ""
reply_address = re.sub(r".*<|>.*", "", reply_to).strip()
answered = None
if reply_address:
    send("answerer@example.jp", reply_address, "Re: 【確認】明日の集合時刻", "了解\n")
    answered = await_value("SELECT via FROM answers a JOIN members m ON m.id = a.member_id WHERE a.broadcast_id = %s"
                           " AND m.email = 'answerer@example.jp'" % BROADCAST, {"MAIL"}, 60)
flow("3 keyword answer (了解)", answered == "MAIL", "reply address %s; answer via %s" % (reply_address or "missing", answered))

# 4. a posted broadcast: the delegated member's posting address (the application's key, its HMAC rule)
tag = hmac.new(E["POSTING_KEY"].encode(), ("posting:MEMBER:%s:0" % E["POSTER_ID"]).encode(), hashlib.sha256).digest()
b32 = "".join("abcdefghijklmnopqrstuvwxyz234567"[int(bits, 2)] for bits in
              re.findall("." * 5, "".join("{:08b}".format(b) for b in tag[:10])))
posting = "%s+post-%s@%s" % (SLUG, b32, JOIN)
subject = "投稿: 雨天時の連絡 %d" % int(time.time())
mid, t = send("poster@example.jp", posting, subject, "雨天の場合は体育館に集合してください。")
posted = await_value("SELECT status FROM broadcasts WHERE network_id = %s AND subject = '%s'" % (NETWORK, subject),
                     None, 60)
flow("4 posted broadcast (代理配信)", posted is not None, "posting address %s; broadcast %s (inbound outcome %s)"
     % (posting, posted or "missing", one(outcome(mid))))

# 5. the bounce Postfix wrote for the unknown user at the test MX
ghost = await_value("SELECT status FROM members WHERE network_id = %s AND email = 'ghost@nobody.test'" % NETWORK,
                    {"SUSPENDED"}, 150)
events = one("SELECT COUNT(*) FROM bounce_events e JOIN members m ON m.id = e.member_id WHERE m.email = 'ghost@nobody.test'")
flow("5 bounce written by Postfix", ghost == "SUSPENDED", "member %s; bounce events %s" % (ghost, events))

# 6. mailto: unsubscribe from the List-Unsubscribe of the broadcast the member received
to_unsub = mails.get("unsub@example.jp")
header = str(to_unsub["List-Unsubscribe"]) if to_unsub is not None and to_unsub["List-Unsubscribe"] else ""
found = re.search(r"mailto:([^?>]+)", header)
left = None
if found:
    send("unsub@example.jp", found.group(1), "unsubscribe", "unsubscribe")
    left = await_value("SELECT status FROM members WHERE network_id = %s AND email = 'unsub@example.jp'" % NETWORK,
                       {"LEFT"}, 150)
suppressed = one("SELECT COUNT(*) FROM suppressions WHERE network_id = %s AND email = 'unsub@example.jp'" % NETWORK)
flow("6 mailto: unsubscribe", left == "LEFT" and suppressed == "1",
     "address %s; member %s; suppressed %s" % (found.group(1) if found else "missing", left, suppressed))

# --- the burst ---------------------------------------------------------------------------------------------------
n, span = int(E["BURST"]), float(E["BURST_S"])
print("join burst: %d blank mails from %d senders over %.0f s" % (n, n, span), flush=True)
run = uuid.uuid4().hex[:6]
sent_at = {}
start = time.time()
for i in range(n):
    due = start + i * span / n
    if due > time.time():
        time.sleep(due - time.time())
    sender = "burst-%s-%d@example.jp" % (run, i)
    _, t = send(sender, "%s@%s" % (SLUG, JOIN), "", "")
    sent_at[sender] = t
deadline = time.time() + 120
arrived = {}
while time.time() < deadline and len(arrived) < n:
    for mtime, r, _ in sink_messages():
        if r in sent_at and r not in arrived:
            arrived[r] = mtime - sent_at[r]
    time.sleep(0.5)
lat = sorted(arrived.values())
p50 = statistics.median(lat) if lat else float("nan")
p95 = lat[max(0, int(round(0.95 * len(lat))) - 1)] if lat else float("nan")
print("  %d of %d registration links arrived; p50 %.3f s, p95 %.3f s, max %.3f s"
      % (len(lat), n, p50, p95, lat[-1] if lat else float("nan")), flush=True)
if len(lat) < n:
    p95 = float("inf")  # a link that never came counts as too slow
print("mail-topology: flows=%d/6 join_p50_s=%.3f join_p95_s=%.3f" % (sum(results), p50, p95))
