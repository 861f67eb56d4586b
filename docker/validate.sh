#!/usr/bin/env bash
# Validates the docker/ folder without a Docker daemon:
#   - docker/compose.yml resolves with Docker Compose v2 (`docker compose config`) and the
#     placeholder values of docker/.env.example;
#   - it refuses to resolve when the required secrets are missing;
#   - the services app, db, mta, imap and relay are there, each with a healthcheck (in compose.yml or as the
#     HEALTHCHECK of the Dockerfile it is built from); the named volumes of the database, of both mail queues
#     (mta, relay) and of the mailboxes (imap) are mounted where those services keep them, and the LMTP socket
#     volume is shared by mta and imap at the path both configurations name; what is published and what is not;
#   - the files every Dockerfile copies exist, the shell scripts parse, the Postfix and Dovecot configuration
#     files exist (and parse, where postconf / doveconf are installed), and docker/.env is ignored by git.
# Installs Docker Compose v2 (and jq, to read the resolved configuration) first when missing (needs root and apt;
# idempotent). Exits non-zero when a check fails. Usage: bash docker/validate.sh   (from any directory)

set -euo pipefail

DOCKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "${DOCKER_DIR}")"
COMPOSE_FILE="docker/compose.yml"
ENV_EXAMPLE="docker/.env.example"
# Variables compose must refuse to run without (see compose.yml).
REQUIRED_VARS=(RENRAKU_DB_PASSWORD RENRAKU_DB_ROOT_PASSWORD RENRAKU_BOOTSTRAP_OPERATOR_PASSWORD
               RENRAKU_BOOTSTRAP_ADMIN_PASSWORD PAYARA_ADMIN_PASSWORD RENRAKU_BASE_URL
               RENRAKU_MAIL_FROM MAIL_ALLOWED_SENDER_DOMAINS MAIL_HOSTNAME
               RENRAKU_JOIN_DOMAIN RENRAKU_BROADCAST_BOUNCE_DOMAIN
               RENRAKU_INBOUND_PASSWORD RENRAKU_BOUNCE_IMAP_PASSWORD)
# The services of compose.yml.
SERVICES=(app db mta imap relay)

log() { printf '[validate] %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------
# Docker Compose v2
# ---------------------------------------------------------------------------------------------

COMPOSE=()

# Sets COMPOSE to a working Compose v2 command, or returns 1.
find_compose() {
    if command -v docker > /dev/null 2>&1 && docker compose version > /dev/null 2>&1; then
        COMPOSE=(docker compose)
        return 0
    fi
    # Standalone binary (the Debian package also installs /usr/bin/docker-compose).
    if command -v docker-compose > /dev/null 2>&1 \
            && docker-compose version 2> /dev/null | grep -Eq 'version v?2\.'; then
        COMPOSE=(docker-compose)
        return 0
    fi
    return 1
}

candidate_version() { # package -> candidate version in the configured apt sources, or nothing
    apt-cache policy "$1" 2> /dev/null | sed -n 's/^ *Candidate: *//p' | grep -v '(none)' || true
}

is_v2() { # version string -> true when >= 2 (Debian versions, epoch allowed)
    [ -n "$1" ] && dpkg --compare-versions "${1#*:}" ge 2
}

# Debian 12 (bookworm) only has Compose v1 (docker-compose 1.29). Debian 13 (trixie) packages v2 as
# "docker-compose": a static Go binary installed as the docker CLI plugin
# /usr/libexec/docker/cli-plugins/docker-compose (+ /usr/bin/docker-compose), depending only on
# libc6 >= 2.34 (bookworm has 2.36). Fetch that one package with a private apt configuration, from
# the Debian mirror the system already uses; the system's sources and lists are left untouched.
install_from_next_debian_release() {
    local suite="${COMPOSE_DEBIAN_SUITE:-trixie}"
    local mirror="${DEBIAN_MIRROR:-}"
    if [ -z "${mirror}" ]; then
        mirror="$(grep -hoE '(https?|file):[^ ]*/debian/?( |$)' \
                    /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
                    2> /dev/null | grep -v '^#' | head -n 1 | tr -d ' ' || true)"
    fi
    if [ -z "${mirror}" ]; then
        log "no Debian mirror found in /etc/apt; set DEBIAN_MIRROR"
        return 1
    fi
    local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    [ -f "${keyring}" ] || apt-get install -y -qq debian-archive-keyring > /dev/null

    local work
    work="$(mktemp -d)"
    mkdir -p "${work}/lists/partial" "${work}/cache/archives/partial"
    echo "deb [signed-by=${keyring}] ${mirror%/} ${suite} main" > "${work}/sources.list"
    local apt_private=(-o "Dir::Etc::SourceList=${work}/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
                       -o "Dir::State::Lists=${work}/lists" -o "Dir::Cache=${work}/cache"
                       -o "APT::Sandbox::User=root")
    log "fetching docker-compose from Debian ${suite} (${mirror%/})"
    local ok=1
    if apt-get "${apt_private[@]}" update -qq > /dev/null \
            && (cd "${work}" && apt-get "${apt_private[@]}" download docker-compose > /dev/null); then
        local deb version
        deb="$(ls "${work}"/docker-compose_*.deb)"
        version="$(dpkg-deb -f "${deb}" Version)"
        if is_v2 "${version}"; then
            log "installing docker-compose ${version} from Debian ${suite}"
            apt-get install -y -qq "${deb}" > /dev/null && ok=0
        else
            log "Debian ${suite} has docker-compose ${version}, not v2"
        fi
    fi
    rm -rf "${work}"
    return "${ok}"
}

install_compose() {
    if [ "$(id -u)" != 0 ]; then
        log "Docker Compose v2 is missing and installing it needs root"
        return 1
    fi
    if ! command -v apt-get > /dev/null 2>&1; then
        log "Docker Compose v2 is missing and this system has no apt-get"
        return 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq > /dev/null
    # A v2 package of the configured sources: Docker's own repository (docker-compose-plugin),
    # Ubuntu (docker-compose-v2), Debian 13 and later (docker-compose >= 2).
    local pkg
    for pkg in docker-compose-plugin docker-compose-v2 docker-compose; do
        if is_v2 "$(candidate_version "${pkg}")"; then
            log "installing ${pkg} $(candidate_version "${pkg}")"
            apt-get install -y -qq "${pkg}" > /dev/null
            return 0
        fi
    done
    if [ -r /etc/os-release ] && grep -q '^ID=debian' /etc/os-release; then
        install_from_next_debian_release
        return
    fi
    log "no Docker Compose v2 package in the configured apt sources"
    return 1
}

if ! find_compose; then
    log "Docker Compose v2 not found: installing it"
    install_compose || { log "FAIL: cannot install Docker Compose v2"; exit 1; }
    find_compose || { log "FAIL: Docker Compose v2 installed but not runnable"; exit 1; }
fi
log "using: ${COMPOSE[*]} ($("${COMPOSE[@]}" version 2>&1 | head -n 1))"

# jq reads the resolved configuration (docker compose config --format json).
if ! command -v jq > /dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1; then
        log "jq not found: installing it"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq > /dev/null 2>&1 \
            || { apt-get update -qq > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq > /dev/null; } \
            || { log "FAIL: cannot install jq"; exit 1; }
    else
        log "FAIL: jq is missing (apt-get install jq)"
        exit 1
    fi
fi

# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------

cd "${REPO_ROOT}"
passed=0
failed=0
pass() { passed=$((passed + 1)); printf 'PASS %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

# 1. compose.yml resolves with the example settings.
if "${COMPOSE[@]}" -f "${COMPOSE_FILE}" --env-file "${ENV_EXAMPLE}" config > "${work}/resolved.yml" 2> "${work}/err"; then
    pass "compose config with ${ENV_EXAMPLE} (services: $("${COMPOSE[@]}" -f "${COMPOSE_FILE}" --env-file "${ENV_EXAMPLE}" config --services 2> /dev/null | tr '\n' ' '))"
else
    fail "compose config with ${ENV_EXAMPLE}:"
    cat "${work}/err"
fi

# 2. The resolved file carries what operators rely on.
expect() { # description, fixed string expected in the resolved configuration
    if grep -qF -- "$2" "${work}/resolved.yml"; then pass "resolved config: $1"; else fail "resolved config: $1 (no '$2')"; fi
}
expect "MariaDB 11.4 image" "image: mariadb:11.4"
expect "utf8mb4 server charset" "--character-set-server=utf8mb4"
expect "utf8mb4_unicode_ci collation (as the tests)" "--collation-server=utf8mb4_unicode_ci"
expect "time zone +09:00 (as the tests)" "--default-time-zone=+09:00"
expect "MariaDB's own healthcheck" "- healthcheck.sh"
expect "catch-all join mailbox" "RENRAKU_INBOUND_MAILBOXES: catch-all"
expect "app built from docker/Dockerfile" "dockerfile: docker/Dockerfile"
expect "admin console bound to 127.0.0.1" "host_ip: 127.0.0.1"
expect "app waits for a healthy db" "condition: service_healthy"

# 3. Without docker/.env compose stops and names the missing secret.
: > "${work}/empty.env"
if env -i PATH="${PATH}" HOME="${HOME:-/root}" "${COMPOSE[@]}" -f "${COMPOSE_FILE}" --env-file "${work}/empty.env" \
        config --quiet > /dev/null 2> "${work}/err"; then
    fail "compose config without secrets should fail"
elif grep -Eq "$(IFS='|'; echo "${REQUIRED_VARS[*]}")" "${work}/err"; then
    pass "compose config without secrets fails: $(head -n 1 "${work}/err")"
else
    fail "compose config without secrets failed for another reason:"
    cat "${work}/err"
fi

# 4. Every required variable is enforced, one at a time.
missing_ok=1
for var in "${REQUIRED_VARS[@]}"; do
    grep -v "^${var}=" "${ENV_EXAMPLE}" > "${work}/partial.env"
    if env -i PATH="${PATH}" HOME="${HOME:-/root}" "${COMPOSE[@]}" -f "${COMPOSE_FILE}" --env-file "${work}/partial.env" \
            config --quiet > /dev/null 2> "${work}/err"; then
        missing_ok=0
        fail "compose does not require ${var}"
    elif ! grep -q "${var}" "${work}/err"; then
        missing_ok=0
        fail "compose without ${var} failed for another reason: $(cat "${work}/err")"
    fi
done
[ "${missing_ok}" = 1 ] && pass "each of the ${#REQUIRED_VARS[@]} required variables is enforced"

# 5. Services, healthchecks, volumes, networks and ports, from the resolved configuration as JSON.
if "${COMPOSE[@]}" -f "${COMPOSE_FILE}" --env-file "${ENV_EXAMPLE}" config --format json > "${work}/resolved.json" 2> "${work}/err"; then
    q() { jq -r "$@" "${work}/resolved.json"; }

    services_ok=1
    for service in "${SERVICES[@]}"; do
        q --arg s "${service}" '.services | has($s)' | grep -qx true || { services_ok=0; fail "no service ${service}"; }
    done
    [ "${services_ok}" = 1 ] && pass "services: ${SERVICES[*]}"

    # Every service has a healthcheck: in compose.yml, or the HEALTHCHECK of the Dockerfile it is built from.
    health_ok=1
    for service in $(q '.services | keys[]'); do
        if q --arg s "${service}" '.services[$s].healthcheck | (. != null and (.disable // false) == false and ((.test // []) | length) > 0)' | grep -qx true; then
            continue
        fi
        context="$(q --arg s "${service}" '.services[$s].build.context // empty')"
        dockerfile="$(q --arg s "${service}" '.services[$s].build.dockerfile // "Dockerfile"')"
        # (continuation lines joined first: HEALTHCHECK --interval=... \<newline> CMD ...)
        if [ -n "${context}" ] && [ -f "${context}/${dockerfile}" ] \
                && sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "${context}/${dockerfile}" | grep -Eq '^HEALTHCHECK +(--[^ ]+ +)*CMD'; then
            continue
        fi
        health_ok=0
        fail "service ${service} has no healthcheck (compose healthcheck or HEALTHCHECK of its Dockerfile)"
    done
    [ "${health_ok}" = 1 ] && pass "every service has a healthcheck ($(q '.services | keys | join(", ")'))"

    # Named volumes where the services keep their data.
    volume_at() { # service, target -> the named volume mounted there, or nothing
        q --arg s "$1" --arg t "$2" '.services[$s].volumes // [] | map(select(.type == "volume" and .target == $t)) | .[0].source // empty'
    }
    expect_volume() { # description, service, target
        local source
        source="$(volume_at "$2" "$3")"
        if [ -n "${source}" ]; then pass "volume: $1 (${2}:${3} <- ${source})"; else fail "volume: $1 (no named volume on ${2}:${3})"; fi
    }
    expect_volume "database" db /var/lib/mysql
    expect_volume "inbound mail queue (Postfix)" mta /var/spool/postfix
    expect_volume "outgoing mail queue (relay)" relay /var/spool/postfix
    expect_volume "mailboxes (Dovecot)" imap /srv/mail
    # mta and imap share the LMTP socket's volume, at the path main.cf and dovecot.conf both name.
    lmtp_mta="$(volume_at mta /run/renraku-lmtp)"
    lmtp_imap="$(volume_at imap /run/renraku-lmtp)"
    if [ -n "${lmtp_mta}" ] && [ "${lmtp_mta}" = "${lmtp_imap}" ] \
            && grep -Eq '^virtual_transport *= *lmtp:unix:/run/renraku-lmtp/lmtp *$' docker/mta/postfix/main.cf \
            && grep -Eq '^ *unix_listener /run/renraku-lmtp/lmtp *\{' docker/imap/dovecot.conf; then
        pass "volume: LMTP socket shared by mta and imap (${lmtp_mta}:/run/renraku-lmtp/lmtp in main.cf and dovecot.conf)"
    else
        fail "volume: mta and imap must share one volume on /run/renraku-lmtp, where main.cf (virtual_transport) and dovecot.conf (unix_listener) put the LMTP socket"
    fi

    # Published ports: 25 of the mta; nothing of db, imap or relay. The mta alone on its network.
    if q '.services.mta.ports // [] | map(select(.target == 25)) | length' | grep -qx 1; then
        pass "mta publishes port 25"
    else
        fail "mta does not publish port 25"
    fi
    for service in db imap relay; do
        if [ "$(q --arg s "${service}" '.services[$s].ports // [] | length')" != 0 ]; then
            fail "${service} publishes a port on the host: $(q -c --arg s "${service}" '.services[$s].ports')"
        fi
    done
    if [ "$(q '.services.mta.networks // {} | keys | join(",")')" = edge ] \
            && [ "$(q '[.services | to_entries[] | select(.key != "mta") | .value.networks // {"default": null} | has("edge")] | any')" = false ]; then
        pass "the mta is alone on network edge (it reaches neither app nor db); db, imap and relay publish nothing"
    else
        fail "the mta must be on network edge only, and no other service on edge"
    fi

    # The app reads the mailboxes of the imap service, with the passwords the imap service sets.
    app_env() { q --arg v "$1" '.services.app.environment[$v] // empty'; }
    if [ "$(app_env RENRAKU_INBOUND_HOST)" = imap ] && [ "$(app_env RENRAKU_BOUNCE_IMAP_HOST)" = imap ] \
            && [ "$(app_env RENRAKU_INBOUND_USER)" = renraku ] && [ "$(app_env RENRAKU_BOUNCE_IMAP_USER)" = bounce ] \
            && [ "$(app_env RENRAKU_INBOUND_PASSWORD)" = "$(q '.services.imap.environment.RENRAKU_INBOUND_PASSWORD')" ] \
            && [ "$(app_env RENRAKU_BOUNCE_IMAP_PASSWORD)" = "$(q '.services.imap.environment.RENRAKU_BOUNCE_IMAP_PASSWORD')" ] \
            && [ "$(app_env RENRAKU_JOIN_DOMAIN)" = "$(q '.services.mta.environment.RENRAKU_JOIN_DOMAIN')" ] \
            && [ "$(app_env RENRAKU_BROADCAST_BOUNCE_DOMAIN)" = "$(q '.services.mta.environment.RENRAKU_BROADCAST_BOUNCE_DOMAIN')" ] \
            && [ "$(app_env RENRAKU_SMTP_HOST)" = relay ]; then
        pass "app: mailboxes renraku and bounce on imap, same passwords and domains as imap and mta, relay for SMTP"
    else
        fail "app environment does not match the imap, mta and relay services: $(q -c '.services.app.environment | with_entries(select(.key | test("INBOUND|BOUNCE|JOIN|SMTP_HOST")))')"
    fi

    # 6. Files every Dockerfile copies exist (relative to its build context).
    dockerfile_ok=1
    for service in $(q '.services | to_entries[] | select(.value.build != null) | .key'); do
        context="$(q --arg s "${service}" '.services[$s].build.context')"
        dockerfile="${context}/$(q --arg s "${service}" '.services[$s].build.dockerfile // "Dockerfile"')"
        [ -f "${dockerfile}" ] || { dockerfile_ok=0; fail "service ${service}: no ${dockerfile}"; continue; }
        # COPY [--flag=...]... <src>... <dest>  (not --from=: those come from another stage)
        while read -r -a words; do
            args=()
            from_stage=0
            for word in "${words[@]:1}"; do
                case "${word}" in
                    --from=*) from_stage=1 ;;
                    --*) ;;
                    *) args+=("${word}") ;;
                esac
            done
            [ "${from_stage}" = 0 ] && [ "${#args[@]}" -ge 2 ] || continue
            for src in "${args[@]:0:${#args[@]}-1}"; do
                # the EAR and the driver come from `mvn package`, not from the repository
                case "${src}" in ear/target/*) continue ;; esac
                [ -e "${context}/${src}" ] || { dockerfile_ok=0; fail "${dockerfile#"${REPO_ROOT}/"} copies missing ${src}"; }
            done
        done < <(grep -E '^(COPY|ADD) ' "${dockerfile}")
    done
    grep -q '^FROM payara/server-full:' docker/Dockerfile || { dockerfile_ok=0; fail "docker/Dockerfile is not based on payara/server-full"; }
    for image in mta imap; do
        grep -q '^FROM debian:bookworm-slim' "docker/${image}/Dockerfile" || { dockerfile_ok=0; fail "docker/${image}/Dockerfile is not based on debian:bookworm-slim"; }
    done
    [ "${dockerfile_ok}" = 1 ] && pass "Dockerfiles (app, mta, imap): base images and every copied file present (but ear/target/, built by mvn package)"
else
    fail "compose config --format json:"
    cat "${work}/err"
fi

scripts_ok=1
for script in docker/*.sh docker/payara/*.sh docker/payara/init.d/*.sh docker/mta/*.sh docker/imap/*.sh; do
    bash -n "${script}" 2> "${work}/err" || { scripts_ok=0; fail "${script} does not parse: $(cat "${work}/err")"; }
done
[ "${scripts_ok}" = 1 ] && pass "shell scripts parse"

# 7. Mail configuration files: present; parsed where Postfix / Dovecot are installed (CI installs them for
# ear/bin/mailpath). No open relay: only reject_unauth_destination decides who may relay.
config_ok=1
for file in docker/mta/postfix/main.cf docker/mta/postfix/master.cf docker/mta/opendkim.conf \
            docker/mta/opendmarc.conf docker/mta/policyd-spf.conf docker/imap/dovecot.conf; do
    [ -s "${file}" ] || { config_ok=0; fail "missing or empty: ${file}"; }
done
grep -Eq '^smtpd_relay_restrictions *= *reject_unauth_destination *$' docker/mta/postfix/main.cf \
    && grep -Eq '^mynetworks *= *127\.0\.0\.0/8 *$' docker/mta/postfix/main.cf \
    || { config_ok=0; fail "docker/mta/postfix/main.cf: the MX must relay nothing (smtpd_relay_restrictions = reject_unauth_destination, mynetworks = 127.0.0.0/8)"; }
[ "${config_ok}" = 1 ] && pass "Postfix, OpenDKIM, OpenDMARC, policyd-spf and Dovecot configuration files present; no relaying"
if command -v postconf > /dev/null 2>&1; then
    if postconf -c docker/mta/postfix -n > /dev/null 2> "${work}/err" && [ ! -s "${work}/err" ] \
            && postconf -c docker/mta/postfix -M > /dev/null 2>> "${work}/err" && [ ! -s "${work}/err" ]; then
        pass "postconf reads docker/mta/postfix/main.cf and master.cf without a warning"
    else
        fail "postconf on docker/mta/postfix: $(cat "${work}/err")"
    fi
else
    echo "SKIP postconf not installed: docker/mta/postfix not parsed"
fi
if command -v doveconf > /dev/null 2>&1; then
    if doveconf -c docker/imap/dovecot.conf -n > /dev/null 2> "${work}/err"; then
        pass "doveconf reads docker/imap/dovecot.conf"
    else
        fail "doveconf on docker/imap/dovecot.conf: $(cat "${work}/err")"
    fi
else
    echo "SKIP doveconf not installed: docker/imap/dovecot.conf not parsed"
fi

# 8. docker/.env (the secrets) is never committed.
if git -C "${REPO_ROOT}" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    if git -C "${REPO_ROOT}" check-ignore -q docker/.env && ! git -C "${REPO_ROOT}" check-ignore -q docker/.env.example; then
        pass "git ignores docker/.env and keeps docker/.env.example"
    else
        fail "docker/.gitignore must ignore docker/.env and not docker/.env.example"
    fi
    if git -C "${REPO_ROOT}" ls-files --error-unmatch docker/.env > /dev/null 2>&1; then
        fail "docker/.env is tracked by git: remove it (git rm --cached docker/.env) and change its secrets"
    fi
fi

# (not in the "N passed, N failed" form: CI reads that line as the test summary of the whole run)
echo "docker/ validation: ${passed} checks ok, ${failed} checks failing"
[ "${failed}" = 0 ]
