#!/bin/bash
# Entrypoint of the "mta" image: renders the configuration from the environment, then runs syslog (for opendkim,
# opendmarc and policyd-spf), opendkim, opendmarc and Postfix in the foreground. When any of them exits, the others
# are stopped and the container exits, so that Docker's restart policy starts it again whole (a Postfix without its
# milters would defer every mail: milter_default_action = tempfail). SIGTERM (docker stop) stops them cleanly.
#
# Environment (set by docker/compose.yml from docker/.env):
#   MAIL_HOSTNAME                      this MX's name (its A record; the PTR of the host's IP), also the
#                                      authserv-id of the Authentication-Results it adds
#   RENRAKU_JOIN_DOMAIN                every address -> IMAP user "renraku" (Dovecot)
#   RENRAKU_BROADCAST_BOUNCE_DOMAIN    every address (bounce+..., unsubscribe+...) -> IMAP user "bounce"
# Optional: a certificate for STARTTLS mounted at /etc/renraku-mta/tls/fullchain.pem and privkey.pem (otherwise a
# self-signed one for MAIL_HOSTNAME, made at start).
set -euo pipefail

log() { printf '[mta] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

domain_name() { # variable name -> its value in lower case, refused unless it looks like a domain name
    local value="${!1:-}"
    value="${value,,}"
    [ -n "${value}" ] || die "$1 is not set"
    [[ "${value}" =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$ ]] \
        || die "$1 must be a fully qualified domain name, not '${value}'"
    printf '%s' "${value}"
}

hostname_fqdn=$(domain_name MAIL_HOSTNAME)
join_domain=$(domain_name RENRAKU_JOIN_DOMAIN)
bounce_domain=$(domain_name RENRAKU_BROADCAST_BOUNCE_DOMAIN)
[ "${join_domain}" != "${bounce_domain}" ] \
    || die "RENRAKU_JOIN_DOMAIN and RENRAKU_BROADCAST_BOUNCE_DOMAIN must differ (each is one mailbox)"

# --- Postfix ----------------------------------------------------------------------------------------------------
# STARTTLS: the mounted certificate, else a self-signed one for MAIL_HOSTNAME made here once (kept until the
# container is recreated; senders do not verify an MX's certificate).
cert=/etc/renraku-mta/tls/fullchain.pem
key=/etc/renraku-mta/tls/privkey.pem
if [ ! -r "${cert}" ] || [ ! -r "${key}" ]; then
    cert=/etc/renraku-mta/self-signed/cert.pem
    key=/etc/renraku-mta/self-signed/key.pem
    if [ ! -s "${cert}" ] || [ ! -s "${key}" ] \
            || ! openssl x509 -in "${cert}" -noout -checkend 86400 > /dev/null 2>&1 \
            || ! openssl x509 -in "${cert}" -noout -subject 2> /dev/null | grep -qF "CN = ${hostname_fqdn}"; then
        log "making a self-signed certificate for ${hostname_fqdn} (mount a real one on /etc/renraku-mta/tls)"
        install -d -m 0700 /etc/renraku-mta/self-signed
        openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=${hostname_fqdn}" \
            -addext "subjectAltName=DNS:${hostname_fqdn}" -keyout "${key}" -out "${cert}" 2> /dev/null \
            || die "openssl could not make a certificate"
    fi
fi
postconf -e "myhostname = ${hostname_fqdn}" \
            "virtual_mailbox_domains = ${join_domain}, ${bounce_domain}" \
            "smtpd_tls_cert_file = ${cert}" "smtpd_tls_key_file = ${key}"

# Incoming Authentication-Results that claim our authserv-id (RFC 8601 section 5): dropped. The id may follow
# comments and white space, and is followed by white space, a comment, ";" or the end (regexp tables match
# without regard to case).
escaped=${hostname_fqdn//./\\.}
printf '%s\n' \
    "# written by entrypoint.sh at start: Authentication-Results claiming ${hostname_fqdn} come only from this MTA" \
    "/^Authentication-Results:([[:space:]]|\\([^)]*\\))*${escaped}([[:space:];(]|\$)/ IGNORE" \
    > /etc/postfix/header_checks
# The queue is a volume that may come from an older image: when its owner is not this image's postfix user, set
# owners and modes as this image's Postfix wants them (the queue directories come first in postfix-files; the
# slim image lacks the manual pages listed at its end, so the command ends with an error there).
if [ "$(stat -c %U /var/spool/postfix/active 2> /dev/null)" != postfix ]; then
    log "the queue's owner is not postfix: postfix set-permissions"
    postfix set-permissions > /dev/null 2>&1 || true
fi
postfix check || die "postfix check failed"

# --- opendkim, opendmarc ----------------------------------------------------------------------------------------
nameservers=$(awk '$1 == "nameserver" { print $2 }' /etc/resolv.conf | paste -sd, -)
sed -e "s/@MAIL_HOSTNAME@/${hostname_fqdn}/g" /etc/renraku-mta/opendkim.conf > /etc/opendkim.conf
if [ -n "${nameservers}" ]; then
    sed -i -e "s/@NAMESERVERS@/${nameservers}/" /etc/opendkim.conf
else
    sed -i -e '/@NAMESERVERS@/d' /etc/opendkim.conf
fi
sed -e "s/@MAIL_HOSTNAME@/${hostname_fqdn}/g" /etc/renraku-mta/opendmarc.conf > /etc/opendmarc.conf

# --- run --------------------------------------------------------------------------------------------------------
pids=()
stop_all() {
    postfix stop > /dev/null 2>&1 || true
    local pid
    for pid in "${pids[@]}"; do kill -TERM "${pid}" 2> /dev/null || true; done
    wait || true
}
trap 'log "stopping"; stop_all; exit 0' TERM INT

busybox syslogd -n -O - &
pids+=($!)
opendkim -f -x /etc/opendkim.conf &
pids+=($!)
opendmarc -f -c /etc/opendmarc.conf &
pids+=($!)
log "MX ${hostname_fqdn}: ${join_domain} -> IMAP user renraku, ${bounce_domain} -> IMAP user bounce (LMTP /run/renraku-lmtp/lmtp)"
postfix start-fg &
pids+=($!)

set +e
wait -n
status=$?
log "a process of the MTA exited (status ${status}): stopping the others; Docker restarts the container"
stop_all
exit 1
