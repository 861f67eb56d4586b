# Renraku: set the password of Payara's administrator (asadmin, admin console on port 4848).
#
# payara/server-full ships with admin / admin. Its entrypoint SOURCES every ${SCRIPT_DIR}/init.d/*.sh
# before the domain starts; this one changes the password to $PAYARA_ADMIN_PASSWORD (from
# docker/.env) and keeps the image's $PASSWORD_FILE in step, because the image's own start and stop
# scripts log in with it.
#
# Sourced, not executed: no `set -e`, and `exit` only where the container must not start.
# The password may contain letters, digits and . _ + @ % ^ , : = - (the image's start script
# sources $PASSWORD_FILE as shell, so quotes, spaces, $ or backslashes would break it).

renraku_set_admin_password() {
    local new="${PAYARA_ADMIN_PASSWORD:-}"
    if [ -z "${new}" ]; then
        echo "[renraku] WARNING: PAYARA_ADMIN_PASSWORD is not set: the administrator keeps the image's default password." >&2
        return 0
    fi
    if ! printf '%s' "${new}" | grep -Eq '^[A-Za-z0-9._+@%^,:=-]{12,}$'; then
        echo "[renraku] ERROR: PAYARA_ADMIN_PASSWORD must be at least 12 characters of A-Z a-z 0-9 . _ + @ % ^ , : = -" >&2
        return 1
    fi

    local current
    current="$(sed -n 's/^AS_ADMIN_PASSWORD=//p' "${PASSWORD_FILE}" | tail -n 1)"
    if [ "${new}" = "${current}" ]; then
        echo "[renraku] administrator password already set"
        return 0
    fi

    local change_file
    change_file="$(mktemp)" || return 0
    chmod 600 "${change_file}"
    printf 'AS_ADMIN_PASSWORD=%s\nAS_ADMIN_NEWPASSWORD=%s\n' "${current}" "${new}" > "${change_file}"
    if "${PAYARA_DIR}/bin/asadmin" --user="${ADMIN_USER}" --passwordfile="${change_file}" \
            change-admin-password --domain_name="${DOMAIN_NAME}" > /dev/null; then
        local password_file_new
        password_file_new="$(mktemp)"
        grep -v '^AS_ADMIN_PASSWORD=' "${PASSWORD_FILE}" > "${password_file_new}"
        printf 'AS_ADMIN_PASSWORD=%s\n' "${new}" >> "${password_file_new}"
        cat "${password_file_new}" > "${PASSWORD_FILE}"
        rm -f "${password_file_new}"
        echo "[renraku] administrator password changed"
    else
        echo "[renraku] WARNING: change-admin-password failed: the administrator keeps its previous password." >&2
    fi
    rm -f "${change_file}"
    return 0
}

if ! renraku_set_admin_password; then
    # A password that would break the image's scripts: refuse to start rather than run on admin/admin.
    exit 1
fi
unset -f renraku_set_admin_password
