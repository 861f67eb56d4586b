#!/bin/bash
# HEALTHCHECK of the "mta" service: Postfix runs (postfix status), its two milters accept connections, and smtpd
# greets on port 25.
postfix status > /dev/null 2>&1 || { echo "postfix is not running" >&2; exit 1; }
for port in 8891 8893; do
    { exec 3<> "/dev/tcp/127.0.0.1/${port}"; } 2> /dev/null || { echo "no milter on 127.0.0.1:${port}" >&2; exit 1; }
    exec 3<&- 3>&-
done
{ exec 3<> /dev/tcp/127.0.0.1/25; } 2> /dev/null || { echo "nothing listens on port 25" >&2; exit 1; }
IFS= read -r -t 10 greeting <&3
printf 'QUIT\r\n' >&3 2> /dev/null
exec 3<&- 3>&-
[ "${greeting:0:3}" = 220 ] || { echo "port 25 greets with '${greeting:-nothing}'" >&2; exit 1; }
exit 0
