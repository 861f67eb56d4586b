#!/usr/bin/env bash
# Validates the docker/ folder without a Docker daemon:
#   - docker/compose.yml resolves with Docker Compose v2 (`docker compose config`) and the
#     placeholder values of docker/.env.example;
#   - it refuses to resolve when the required secrets are missing;
#   - the files the Dockerfile copies from docker/ exist, the shell scripts parse,
#     and docker/.env is ignored by git.
# Installs Docker Compose v2 first when it is missing (needs root and apt; idempotent).
# Exits non-zero when a check fails. Usage: bash docker/validate.sh   (from any directory)

set -euo pipefail

DOCKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "${DOCKER_DIR}")"
COMPOSE_FILE="docker/compose.yml"
ENV_EXAMPLE="docker/.env.example"
# Variables compose must refuse to run without (see compose.yml).
REQUIRED_VARS=(RENRAKU_DB_PASSWORD RENRAKU_DB_ROOT_PASSWORD RENRAKU_BOOTSTRAP_OPERATOR_PASSWORD
               RENRAKU_BOOTSTRAP_ADMIN_PASSWORD PAYARA_ADMIN_PASSWORD RENRAKU_BASE_URL
               RENRAKU_MAIL_FROM MAIL_ALLOWED_SENDER_DOMAINS MAIL_HOSTNAME)

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
expect "MySQL 8.4 image" "image: mysql:8.4"
expect "utf8mb4 server charset" "--character-set-server=utf8mb4"
expect "utf8mb4_0900_ai_ci collation" "--collation-server=utf8mb4_0900_ai_ci"
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

# 5. Files the Dockerfile copies from docker/ exist; scripts parse.
dockerfile_ok=1
for src in $(sed -n 's/^COPY[^ ]* \(--[^ ]* \)*\(docker\/[^ ]*\) .*/\2/p' docker/Dockerfile); do
    [ -e "${src}" ] || { dockerfile_ok=0; fail "docker/Dockerfile copies missing ${src}"; }
done
grep -q '^FROM payara/server-full:' docker/Dockerfile || { dockerfile_ok=0; fail "docker/Dockerfile is not based on payara/server-full"; }
[ "${dockerfile_ok}" = 1 ] && pass "docker/Dockerfile: base image and copied docker/ files present"

scripts_ok=1
for script in docker/validate.sh docker/payara/healthcheck.sh docker/payara/init.d/*.sh; do
    bash -n "${script}" 2> "${work}/err" || { scripts_ok=0; fail "${script} does not parse: $(cat "${work}/err")"; }
done
[ "${scripts_ok}" = 1 ] && pass "shell scripts parse"

# 6. docker/.env (the secrets) is never committed.
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
