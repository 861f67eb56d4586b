#!/usr/bin/env python3
"""Where a JFR recording's CPU time goes: the execution samples (jdk.ExecutionSample, from `jfr print`) counted
by the frame on top of the stack (self time), by the topmost org.renraku frame (the application code that led
there, callees included), by the package of the top frame, and by thread.

    ear/bench/jfr-hotspots.py RECORDING.jfr [TOP]        (TOP: rows per table, default 12)
"""
import collections
import re
import subprocess
import sys

FRAME = re.compile(r"^\s+(?P<method>[\w$.<>]+)\((?P<args>[^)]*)\)\s+line:\s+(?P<line>-?\d+)")
THREAD = re.compile(r'^\s+sampledThread = "(?P<name>[^"]*)"')


def samples(recording):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", recording],
                          check=True, capture_output=True, text=True).stdout
    thread, frames = None, None
    for line in text.splitlines():
        if line.startswith("jdk.ExecutionSample"):
            thread, frames = None, []
        elif (m := THREAD.match(line)) and frames is not None:
            thread = m.group("name")
        elif (m := FRAME.match(line)) and frames is not None:
            frames.append((m.group("method"), int(m.group("line"))))
        elif line.startswith("}") and frames is not None:
            yield thread, frames
            frames = None


def where(frame):
    method, line = frame
    return f"{method}:{line}"


def lane_thread(name):
    # the batch runtime's partition threads; the rest is the server's own work (timers, GC is not sampled)
    return re.sub(r"\d+", "#", name or "?")


def main():
    recording = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    self_time, app, package, threads = (collections.Counter() for _ in range(4))
    total = 0
    for thread, frames in samples(recording):
        if not frames:
            continue
        total += 1
        self_time[where(frames[0])] += 1
        owner = next((f for f in frames if f[0].startswith("org.renraku.")), None)
        app[where(owner) if owner else "(no org.renraku frame)"] += 1
        package[".".join(frames[0][0].split(".")[:3])] += 1
        threads[lane_thread(thread)] += 1
    if total == 0:
        print("no execution samples")
        return
    for title, counter in (("top frame (self)", self_time), ("topmost org.renraku frame", app),
                           ("package of the top frame", package), ("thread", threads)):
        print(f"{title} — {total} samples")
        for key, count in counter.most_common(top):
            print(f"  {100 * count / total:5.1f} %  {key}")


if __name__ == "__main__":
    main()
