#!/bin/bash
# HEALTHCHECK of the Renraku image (docker/Dockerfile).
#
# Healthy when GET http://127.0.0.1:8080/health answers 200: MicroProfile Health of Payara, which
# aggregates the application's own checks and answers 503 when one of them is DOWN.
# The payara/server-full image has neither curl nor wget, so this speaks HTTP/1.1 over bash's
# /dev/tcp. Port and path can be changed with HEALTHCHECK_PORT and HEALTHCHECK_PATH.

port="${HEALTHCHECK_PORT:-8080}"
path="${HEALTHCHECK_PATH:-/health}"

exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nConnection: close\r\n\r\n' \
    "${path}" >&3 || exit 1
# Status line: "HTTP/1.1 200 OK"
IFS=' ' read -r -t 10 _version status _reason <&3 || exit 1
exec 3<&-

if [ "${status}" = "200" ]; then
    exit 0
fi
echo "GET ${path} answered ${status:-nothing}" >&2
exit 1
