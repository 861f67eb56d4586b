#!/bin/bash
# Entrypoint of the "imap" image: writes the two IMAP users and the domain -> mailbox map from the environment,
# then runs Dovecot in the foreground (as the container's main process; SIGTERM stops it).
#
# Environment (set by docker/compose.yml from docker/.env):
#   RENRAKU_INBOUND_PASSWORD           password of IMAP user "renraku" (the join domain's catch-all)
#   RENRAKU_BOUNCE_IMAP_PASSWORD       password of IMAP user "bounce" (the bounce domain's catch-all)
#   RENRAKU_JOIN_DOMAIN                domain whose every address LMTP delivers to "renraku"
#   RENRAKU_BROADCAST_BOUNCE_DOMAIN    domain whose every address LMTP delivers to "bounce"
# The application logs in with the same two passwords (RENRAKU_INBOUND_*, RENRAKU_BOUNCE_IMAP_*).
set -euo pipefail

log() { printf '[imap] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

domain_name() { # variable name -> its value in lower case, refused unless it looks like a domain name
    local value="${!1:-}"
    value="${value,,}"
    [ -n "${value}" ] || die "$1 is not set"
    [[ "${value}" =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$ ]] \
        || die "$1 must be a fully qualified domain name, not '${value}'"
    printf '%s' "${value}"
}

join_domain=$(domain_name RENRAKU_JOIN_DOMAIN)
bounce_domain=$(domain_name RENRAKU_BROADCAST_BOUNCE_DOMAIN)
[ -n "${RENRAKU_INBOUND_PASSWORD:-}" ] || die "RENRAKU_INBOUND_PASSWORD is not set"
[ -n "${RENRAKU_BOUNCE_IMAP_PASSWORD:-}" ] || die "RENRAKU_BOUNCE_IMAP_PASSWORD is not set"

uid=$(id -u vmail)
gid=$(id -g vmail)
home=/srv/mail
install -d -o vmail -g vmail -m 0700 "${home}/renraku" "${home}/bounce"

# Passwords stored hashed (SHA512-CRYPT), so the files hold no secret in clear; the environment still does.
hash() { doveadm pw -s SHA512-CRYPT -p "$1"; }
conf_dir=/etc/dovecot/renraku
install -d -m 0750 -o root -g dovecot "${conf_dir}"
umask 027
{
    printf 'renraku:%s:%s:%s::%s::\n' "$(hash "${RENRAKU_INBOUND_PASSWORD}")" "${uid}" "${gid}" "${home}/renraku"
    printf 'bounce:%s:%s:%s::%s::\n' "$(hash "${RENRAKU_BOUNCE_IMAP_PASSWORD}")" "${uid}" "${gid}" "${home}/bounce"
} > "${conf_dir}/users.new"
printf '%s\n' "${join_domain}::${uid}:${gid}::${home}/renraku::user=renraku" \
    "${bounce_domain}::${uid}:${gid}::${home}/bounce::user=bounce" > "${conf_dir}/domains.new"
chown root:dovecot "${conf_dir}/users.new" "${conf_dir}/domains.new"
mv "${conf_dir}/users.new" "${conf_dir}/users"
mv "${conf_dir}/domains.new" "${conf_dir}/domains"

doveconf -n > /dev/null || die "the Dovecot configuration does not parse"
log "IMAP 143: users renraku (${join_domain}) and bounce (${bounce_domain}); LMTP /run/renraku-lmtp/lmtp"
exec dovecot -F
