#!/usr/bin/python3
"""A receiving SMTP server for the benches that counts what it is sent, and the report over what it counted.

  counting_mx.py serve HOST:PORT LOG        accept every message, append one line per event to LOG (loopback only)
  counting_mx.py report LOG LIMITS EXPECTED GROUPS [--in-flight N] [--window S] [--tolerance F]

serve: one thread per connection; every command is answered 250 (354 for DATA), nothing is stored or relayed.
LOG lines (tab-separated, times in seconds since the epoch with microseconds):
  open   time  conn  peer
  msg    time  conn  n  rcpt  broadcast  delivery        (one line per recipient of each message; n = the
                                                          message's number on its connection; broadcast and
                                                          delivery from X-Renraku-Broadcast / -Delivery, "-" if none)
  close  time  conn  messages
Only 127.0.0.0/8 addresses may be served: nothing of a bench leaves this machine.

report: compares the log with what should have arrived.
  LIMITS    group connections messages_per_connection per_second     (tab-separated, the limits the bench set)
  EXPECTED  broadcast email                                           (every member each broadcast must reach)
  GROUPS    email group                                               (the carrier group of each address)
A connection belongs to the group of its first recipient (a lane sends one group's mail). Prints a table per
group and, last, "lost=L duplicated=D in_flight=F limits=held|exceeded" where
  lost        (broadcast, member) pairs expected and never received
  duplicated  receptions beyond the first per (broadcast, member)
  in_flight   the --in-flight figure the bench measured at the kill (passed through)
  limits      held when, for every group: the most connections open at once <= connections; the most messages
              on one connection <= messages_per_connection; and the most messages received in any sliding
              window of --window seconds (default 3) <= per_second * window * (1 + --tolerance) (default 0.2),
              rounded up (the tolerance covers a rate reserved in slices and timing at the receiver)
"""
import collections
import ipaddress
import math
import socketserver
import sys
import threading
import time


class Log:
    def __init__(self, path):
        self.file = open(path, "a", buffering=1, encoding="utf-8")
        self.lock = threading.Lock()
        self.conns = 0

    def next_conn(self):
        with self.lock:
            self.conns += 1
            return self.conns

    def write(self, *fields):
        line = "\t".join(str(f) for f in fields)
        with self.lock:
            self.file.write(line + "\n")


LOG = None


def header_value(headers, name):
    """The first value of a header (unfolded) in the header block, '-' if absent."""
    prefix = name.lower() + ":"
    value = None
    for line in headers:
        if value is not None:
            if line[:1] in (" ", "\t"):
                value += " " + line.strip()
                continue
            break
        if line.lower().startswith(prefix):
            value = line[len(prefix):].strip()
    return value if value else "-"


class Session(socketserver.StreamRequestHandler):
    def reply(self, text):
        self.wfile.write((text + "\r\n").encode("ascii"))

    def handle(self):
        conn = LOG.next_conn()
        peer = "%s:%d" % self.client_address[:2]
        LOG.write("open", "%.6f" % time.time(), conn, peer)
        messages = 0
        rcpts = []
        try:
            self.reply("220 counting-mx.localhost ESMTP")
            while True:
                raw = self.rfile.readline(65536)
                if not raw:
                    break
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                verb = line[:4].upper()
                if verb == "EHLO":
                    self.reply("250-counting-mx.localhost")
                    self.reply("250-8BITMIME")
                    self.reply("250-SMTPUTF8")
                    self.reply("250 SIZE 52428800")
                elif verb == "HELO":
                    self.reply("250 counting-mx.localhost")
                elif verb == "MAIL":
                    rcpts = []
                    self.reply("250 2.1.0 ok")
                elif verb == "RCPT":
                    address = line[line.find(":") + 1:].strip()
                    address = address.split(">")[0].lstrip("<").strip()
                    rcpts.append(address.lower())
                    self.reply("250 2.1.5 ok")
                elif verb == "DATA":
                    self.reply("354 go ahead")
                    headers, in_headers = [], True
                    while True:
                        data = self.rfile.readline(1 << 20)
                        if not data:
                            return
                        text = data.decode("utf-8", "replace").rstrip("\r\n")
                        if text == ".":
                            break
                        if in_headers:
                            if text == "":
                                in_headers = False
                            else:
                                headers.append(text)
                    messages += 1
                    now = "%.6f" % time.time()
                    broadcast = header_value(headers, "X-Renraku-Broadcast")
                    delivery = header_value(headers, "X-Renraku-Delivery")
                    for r in rcpts:
                        LOG.write("msg", now, conn, messages, r, broadcast, delivery)
                    rcpts = []
                    self.reply("250 2.0.0 queued as %d.%d" % (conn, messages))
                elif verb == "QUIT":
                    self.reply("221 2.0.0 bye")
                    break
                elif verb in ("RSET", "NOOP"):
                    rcpts = [] if verb == "RSET" else rcpts
                    self.reply("250 2.0.0 ok")
                else:
                    self.reply("502 5.5.2 not implemented")
        except (ConnectionError, OSError):
            pass  # a killed client: the close below records how far it got
        finally:
            LOG.write("close", "%.6f" % time.time(), conn, messages)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def serve(address, log_path):
    global LOG
    host, port = address.rsplit(":", 1)
    if not ipaddress.ip_address(host).is_loopback:
        sys.exit("counting_mx.py: %s is not a loopback address (127.0.0.0/8)" % host)
    LOG = Log(log_path)
    with Server((host, int(port)), Session) as server:
        server.serve_forever()


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def report(args):
    options = {"--in-flight": "0", "--window": "5", "--tolerance": "0.2"}
    positional = []
    i = 0
    while i < len(args):
        if args[i] in options:
            options[args[i]] = args[i + 1]
            i += 2
        else:
            positional.append(args[i])
            i += 1
    log_path, limits_path, expected_path, groups_path = positional
    window, tolerance = float(options["--window"]), float(options["--tolerance"])
    limits = {r[0]: (int(r[1]), int(r[2]), float(r[3])) for r in read_tsv(limits_path)}
    group_of = {r[0].lower(): r[1] for r in read_tsv(groups_path)}
    expected = {(r[0], r[1].lower()) for r in read_tsv(expected_path)}

    opened, closed, conn_group, conn_messages = {}, {}, {}, collections.Counter()
    received = collections.Counter()
    times = collections.defaultdict(list)
    for f in read_tsv(log_path):
        kind, t, conn = f[0], float(f[1]), f[2]
        if kind == "open":
            opened[conn] = t
        elif kind == "close":
            closed[conn] = t
        elif kind == "msg":
            rcpt, broadcast = f[4], f[5]
            group = group_of.get(rcpt, "UNKNOWN")
            conn_group.setdefault(conn, group)
            conn_messages[conn] += 1
            received[(broadcast, rcpt)] += 1
            times[group].append(t)

    end = max(list(closed.values()) + list(opened.values()) + [0.0])
    events = collections.defaultdict(list)
    for conn, group in conn_group.items():
        events[group].append((opened.get(conn, 0.0), 1))
        events[group].append((closed.get(conn, end), -1))
    held = True
    print("%-12s %5s %5s %9s %5s %9s %7s %9s  %s" % ("group", "msgs", "conns", "max_open", "limit", "max/conn",
                                                       "limit", "max_rate", "limit(+tol)"))
    for group in sorted(set(times) | set(limits)):
        open_now = most_open = 0
        for _, delta in sorted(events[group], key=lambda e: (e[0], e[1])):
            open_now += delta
            most_open = max(most_open, open_now)
        per_conn = max((n for c, n in conn_messages.items() if conn_group[c] == group), default=0)
        ts = sorted(times[group])
        most_in_window, j = 0, 0
        for k, t in enumerate(ts):
            while ts[j] <= t - window:
                j += 1
            most_in_window = max(most_in_window, k - j + 1)
        rate = most_in_window / window
        connections, per_connection, per_second = limits.get(group, (None, None, None))
        if connections is None:
            ok = not ts
            allowed = "-"
        else:
            allowed_in_window = math.ceil(per_second * window * (1 + tolerance))
            ok = most_open <= connections and per_conn <= per_connection and most_in_window <= allowed_in_window
            allowed = "%.1f" % (allowed_in_window / window)
        held &= ok
        print("%-12s %5d %5d %9d %5s %9d %7s %9.1f  %s%s" % (
            group, len(ts), sum(1 for g in conn_group.values() if g == group), most_open,
            connections if connections is not None else "-", per_conn,
            per_connection if per_connection is not None else "-", rate, allowed, "" if ok else "  EXCEEDED"))
    lost = sum(1 for key in expected if received[key] == 0)
    duplicated = sum(n - 1 for key, n in received.items() if n > 1)
    unexpected = sum(n for key, n in received.items() if key not in expected)
    print("received %d messages for %d of %d expected (broadcast, member) pairs; %d not expected"
          % (sum(received.values()), len(expected) - lost, len(expected), unexpected))
    print("lost=%d duplicated=%d in_flight=%s limits=%s" % (lost, duplicated, options["--in-flight"],
                                                             "held" if held else "exceeded"))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "serve":
        serve(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 6 and sys.argv[1] == "report":
        report(sys.argv[2:])
    else:
        sys.exit(__doc__)
