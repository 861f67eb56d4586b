#!/usr/bin/env bash
# Runs the configuration of the mta and imap images (docker/mta, docker/imap) on this Debian 12 host, without
# Docker, and checks what the deployment promises of its inbound mail path:
#   - mail to any address of the join domain lands in IMAP user "renraku", mail to unsubscribe+<token>@ the bounce
#     domain in "bounce", each with its Delivered-To (over STARTTLS, through the milters and LMTP);
#   - mail for any other domain is refused (no open relay);
#   - incoming Authentication-Results claiming the MX's authserv-id are dropped (plain, after a comment, in upper
#     case), another server's is kept, and opendkim and opendmarc add theirs under the MX's name.
# The files are rendered as the entrypoints render them, with paths and ports moved into a work directory:
# Postfix on 127.0.0.1:$SMOKE_SMTP_PORT, Dovecot IMAP on 127.0.0.1:$SMOKE_IMAP_PORT, milters on $SMOKE_MILTER_PORTS.
# The test client connects from 127.0.0.2: opendkim and opendmarc ignore 127.0.0.1 (as in the container).
# No DNS is needed, so SPF, DKIM and DMARC results themselves are not proven here (no signed mail, no records; and
# SPF is "pass" for any loopback client, a rule of libspf2's).
#
# Needs root and apt. Uses the host's postfix, dovecot-imapd and dovecot-lmtpd (installed when missing, Postfix
# preseeded "No configuration" as ear/bin/mailpath does); opendkim, opendmarc and postfix-policyd-spf-python are
# only downloaded and unpacked into the work directory, not installed, so no system service appears.
# Usage: bash docker/smoke-mail-path.sh     Exit status 0 when every check passed.
set -euo pipefail

DOCKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${SMOKE_WORK:-/tmp/renraku-smoke-mail-path}"
SMTP_PORT="${SMOKE_SMTP_PORT:-3626}"
IMAP_PORT="${SMOKE_IMAP_PORT:-3991}"
DKIM_PORT="${SMOKE_DKIM_PORT:-18891}"
DMARC_PORT="${SMOKE_DMARC_PORT:-18893}"
MX=mx.smoke.renraku.test
JOIN=join.smoke.renraku.test
BOUNCE=bounce.smoke.renraku.test

log() { printf '[smoke] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (Postfix's master runs as root)"
command -v python3 > /dev/null || die "needs python3"
for port in "${SMTP_PORT}" "${IMAP_PORT}" "${DKIM_PORT}" "${DMARC_PORT}"; do
    ! { exec 3<> "/dev/tcp/127.0.0.1/${port}"; } 2> /dev/null || die "port ${port} is taken: set SMOKE_*_PORT"
done

# --- packages ---------------------------------------------------------------------------------------------------
export DEBIAN_FRONTEND=noninteractive
missing=()
command -v postfix > /dev/null || missing+=(postfix)
command -v dovecot > /dev/null || missing+=(dovecot-imapd)
[ -x /usr/lib/dovecot/lmtp ] || missing+=(dovecot-lmtpd)
if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]}"
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    apt-get update -qq > /dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi
ROOT="${WORK}/pkgroot"
if [ -x /usr/sbin/opendkim ] && [ -x /usr/sbin/opendmarc ] && [ -f /usr/bin/policyd-spf ]; then
    ROOT=""                                     # installed on this host already
elif [ ! -x "${ROOT}/usr/sbin/opendkim" ] || [ ! -x "${ROOT}/usr/sbin/opendmarc" ] || [ ! -f "${ROOT}/usr/bin/policyd-spf" ]; then
    log "unpacking opendkim, opendmarc and policyd-spf (with the libraries this host lacks) into ${ROOT}"
    mkdir -p "${WORK}/debs" "${ROOT}"
    # what installing them would add: their own packages and the libraries and Python modules they need
    wanted=$(apt-get install -s --no-install-recommends opendkim opendmarc postfix-policyd-spf-python 2> /dev/null \
        | awk '/^Inst / { print $2 }' | grep -E '^(opendkim|opendmarc|postfix-policyd-spf-python|lib|python3-)' || true)
    [ -n "${wanted}" ] || die "apt cannot resolve opendkim / opendmarc / postfix-policyd-spf-python"
    (cd "${WORK}/debs" && apt-get download ${wanted} > /dev/null 2>&1) || die "apt-get download failed"
    for deb in "${WORK}"/debs/*.deb; do dpkg-deb -x "${deb}" "${ROOT}"; done
fi
export LD_LIBRARY_PATH="${ROOT}/usr/lib/x86_64-linux-gnu:${ROOT}/usr/lib"
PYPATH="${ROOT}/usr/lib/python3/dist-packages"

# --- start, and stop whatever happens ---------------------------------------------------------------------------
RUN="${WORK}/run"
pids=()
cleanup() {
    postfix -c "${RUN}/postfix" stop > /dev/null 2>&1 || true
    doveadm -c "${RUN}/dovecot.conf" stop > /dev/null 2>&1 || true
    local pid
    for pid in "${pids[@]}"; do kill "${pid}" 2> /dev/null || true; done
    wait 2> /dev/null || true
}
trap cleanup EXIT
rm -rf "${RUN}"
mkdir -p "${RUN}/postfix" "${RUN}/queue" "${RUN}/data" "${RUN}/lmtp" "${RUN}/tls" \
         "${RUN}/dovecot/run" "${RUN}/dovecot/state" "${RUN}/dovecot/conf" "${RUN}/mail/renraku" "${RUN}/mail/bounce"

# Dovecot: docker/imap/dovecot.conf, users and domains as docker/imap/entrypoint.sh writes them
uid=$(id -u dovecot) gid=$(id -g dovecot)
chown "${uid}:${gid}" "${RUN}/mail/renraku" "${RUN}/mail/bounce"
sed -e "s#/etc/dovecot/renraku#${RUN}/dovecot/conf#g" -e "s#/run/renraku-lmtp#${RUN}/lmtp#g" \
    -e "s#port = 143#port = ${IMAP_PORT}#" \
    -e "s#^listen = \*#listen = 127.0.0.1\nbase_dir = ${RUN}/dovecot/run\nstate_dir = ${RUN}/dovecot/state\ninstance_name = renraku-smoke-${IMAP_PORT}#" \
    -e "s#^first_valid_uid = .*#first_valid_uid = ${uid}#" -e "s#^last_valid_uid = .*#last_valid_uid = ${uid}#" \
    -e "s#^log_path = .*#log_path = ${RUN}/dovecot.log#" -e "s#^info_log_path = .*#info_log_path = ${RUN}/dovecot.log#" \
    "${DOCKER_DIR}/imap/dovecot.conf" > "${RUN}/dovecot.conf"
hash() { doveadm -c "${RUN}/dovecot.conf" pw -s SHA512-CRYPT -p "$1"; }
printf 'renraku:%s:%s:%s::%s::\nbounce:%s:%s:%s::%s::\n' \
    "$(hash smoke-inbound)" "${uid}" "${gid}" "${RUN}/mail/renraku" \
    "$(hash smoke-bounce)" "${uid}" "${gid}" "${RUN}/mail/bounce" > "${RUN}/dovecot/conf/users"
printf '%s\n' "${JOIN}::${uid}:${gid}::${RUN}/mail/renraku::user=renraku" \
    "${BOUNCE}::${uid}:${gid}::${RUN}/mail/bounce::user=bounce" > "${RUN}/dovecot/conf/domains"
chown "root:${gid}" "${RUN}/dovecot/conf/users" "${RUN}/dovecot/conf/domains"
chmod 640 "${RUN}/dovecot/conf/users" "${RUN}/dovecot/conf/domains"
dovecot -c "${RUN}/dovecot.conf" || die "dovecot did not start, see ${RUN}/dovecot.log"

# Milters: docker/mta/opendkim.conf and opendmarc.conf as docker/mta/entrypoint.sh renders them (their system users
# do not exist here: they run as root)
nameservers=$(awk '$1 == "nameserver" { print $2 }' /etc/resolv.conf | paste -sd, -)
sed -e "s/@MAIL_HOSTNAME@/${MX}/g" -e "s/@NAMESERVERS@/${nameservers:-127.0.0.1}/" -e "s/inet:8891@/inet:${DKIM_PORT}@/" \
    -e '/^UserID/d' "${DOCKER_DIR}/mta/opendkim.conf" > "${RUN}/opendkim.conf"
sed -e "s/@MAIL_HOSTNAME@/${MX}/g" -e "s/inet:8893@/inet:${DMARC_PORT}@/" -e '/^UserID/d' \
    "${DOCKER_DIR}/mta/opendmarc.conf" > "${RUN}/opendmarc.conf"
"${ROOT}/usr/sbin/opendkim" -f -x "${RUN}/opendkim.conf" > "${RUN}/opendkim.out" 2>&1 &
pids+=($!)
"${ROOT}/usr/sbin/opendmarc" -f -c "${RUN}/opendmarc.conf" > "${RUN}/opendmarc.out" 2>&1 &
pids+=($!)

# Postfix: docker/mta/postfix/main.cf and master.cf, what the entrypoint sets, and the moved paths and ports
cp "${DOCKER_DIR}/mta/postfix/main.cf" "${DOCKER_DIR}/mta/postfix/master.cf" "${RUN}/postfix/"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=${MX}" \
    -keyout "${RUN}/tls/key.pem" -out "${RUN}/tls/cert.pem" 2> /dev/null
escaped=${MX//./\\.}
printf '%s\n' "/^Authentication-Results:([[:space:]]|\\([^)]*\\))*${escaped}([[:space:];(]|\$)/ IGNORE" \
    > "${RUN}/postfix/header_checks"
postconf -c "${RUN}/postfix" -e \
    "myhostname = ${MX}" "virtual_mailbox_domains = ${JOIN}, ${BOUNCE}" \
    "smtpd_tls_cert_file = ${RUN}/tls/cert.pem" "smtpd_tls_key_file = ${RUN}/tls/key.pem" \
    "header_checks = regexp:${RUN}/postfix/header_checks" \
    "queue_directory = ${RUN}/queue" "data_directory = ${RUN}/data" "meta_directory = /etc/postfix" \
    "syslog_name = renraku-smoke" \
    "inet_interfaces = 127.0.0.1" "virtual_transport = lmtp:unix:${RUN}/lmtp/lmtp" \
    "smtpd_milters = inet:127.0.0.1:${DKIM_PORT}, inet:127.0.0.1:${DMARC_PORT}" "smtpd_peername_lookup = no" \
    "import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C PYTHONPATH=${PYPATH}" \
    "export_environment = TZ MAIL_CONFIG LANG PYTHONPATH"
sed -i -e "s#^smtp      inet#127.0.0.1:${SMTP_PORT} inet#" \
    -e "s#user=policyd-spf argv=/usr/bin/policyd-spf .*#user=nobody argv=/usr/bin/python3 ${ROOT}/usr/bin/policyd-spf ${DOCKER_DIR}/mta/policyd-spf.conf#" \
    "${RUN}/postfix/master.cf"
chown postfix "${RUN}/data"
postfix -c "${RUN}/postfix" check > "${RUN}/postfix-check.log" 2>&1 || die "postfix check failed, see ${RUN}/postfix-check.log"
# in the foreground, logging to its standard output (maillog_file = /dev/stdout), as the entrypoint runs it
postfix -c "${RUN}/postfix" start-fg < /dev/null > "${RUN}/postfix.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
    { exec 3<> "/dev/tcp/127.0.0.1/${SMTP_PORT}"; } 2> /dev/null && { exec 3<&- 3>&-; break; }
    sleep 0.2
done

# --- the checks -------------------------------------------------------------------------------------------------
log "Postfix 127.0.0.1:${SMTP_PORT} (MX ${MX} of ${JOIN}, ${BOUNCE}), Dovecot 127.0.0.1:${IMAP_PORT}"
python3 - "${SMTP_PORT}" "${IMAP_PORT}" "${MX}" "${JOIN}" "${BOUNCE}" <<'PY'
import email, imaplib, smtplib, sys, time
smtp_port, imap_port, mx, join, bounce = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
failed = 0
def check(ok, what):
    global failed
    print(('PASS ' if ok else 'FAIL ') + what)
    failed += 0 if ok else 1

def send(rcpt):
    msg = ("From: Parent <parent@example.net>\r\nTo: <%s>\r\nSubject: smoke %s\r\nMessage-ID: <%f@example.net>\r\n"
           "Authentication-Results: %s; dkim=pass header.d=example.net; dmarc=pass\r\n"
           "Authentication-Results: (forged) %s; spf=pass smtp.mailfrom=example.net\r\n"
           "Authentication-Results: mx.upstream.example; spf=pass smtp.mailfrom=example.net\r\n"
           "\r\nbody\r\n") % (rcpt, rcpt, time.time(), mx, mx.upper())
    s = smtplib.SMTP('127.0.0.1', smtp_port, source_address=('127.0.0.2', 0), timeout=60)
    try:
        s.ehlo('client.example.net'); s.starttls(); s.ehlo('client.example.net')
        s.sendmail('parent@example.net', [rcpt], msg)
        return None
    except smtplib.SMTPRecipientsRefused as e:
        return e.recipients[rcpt][0]
    finally:
        s.quit()

check(send('pta-1@' + join) is None, 'accepted over STARTTLS: pta-1@' + join)
check(send('unsubscribe+tok123@' + bounce) is None, 'accepted: unsubscribe+tok123@' + bounce)
code = send('someone@elsewhere.example')
check(code == 554, 'refused, no relay: someone@elsewhere.example (%s)' % code)

def inbox(user, password):
    for _ in range(50):
        m = imaplib.IMAP4('127.0.0.1', imap_port); m.login(user, password); m.select('INBOX')
        nums = m.search(None, 'ALL')[1][0].split()
        msgs = [email.message_from_bytes(m.fetch(n, '(BODY.PEEK[HEADER])')[1][0][1]) for n in nums]
        m.logout()
        if msgs:
            return msgs
        time.sleep(0.2)
    return []

for user, password, rcpt in (('renraku', 'smoke-inbound', 'pta-1@' + join),
                             ('bounce', 'smoke-bounce', 'unsubscribe+tok123@' + bounce)):
    msgs = inbox(user, password)
    check(len(msgs) == 1 and msgs[0]['Delivered-To'] == rcpt, 'IMAP user %s holds the mail to %s (Delivered-To)' % (user, rcpt))
    if not msgs:
        continue
    ars = [v for v in msgs[0].get_all('Authentication-Results', [])]
    ours = [v for v in ars if v.split(';')[0].strip().lower() == mx]
    check(not any('header.d=example.net' in v or '(forged)' in v for v in ars),
          '%s: the forged Authentication-Results claiming %s are gone' % (user, mx))
    check(any(v.startswith('mx.upstream.example;') for v in ars), '%s: another server\'s Authentication-Results kept' % user)
    check(any(' dkim=' in v for v in ours) and any(' dmarc=' in v for v in ours) and any(' spf=' in v for v in ours),
          '%s: dkim=, spf= and dmarc= results under %s: %s' % (user, mx, ' | '.join(' '.join(v.split()) for v in ours)))
print('smoke-mail-path: %d failing' % failed)
sys.exit(1 if failed else 0)
PY
