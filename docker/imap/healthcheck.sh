#!/bin/bash
# HEALTHCHECK of the "imap" service: IMAP greets on port 143 and the LMTP socket for the mta exists.
[ -S /run/renraku-lmtp/lmtp ] || { echo "no LMTP socket /run/renraku-lmtp/lmtp" >&2; exit 1; }
{ exec 3<> /dev/tcp/127.0.0.1/143; } 2> /dev/null || { echo "nothing listens on port 143" >&2; exit 1; }
IFS= read -r -t 10 greeting <&3
printf 'a1 LOGOUT\r\n' >&3 2> /dev/null
exec 3<&- 3>&-
[ "${greeting:0:4}" = "* OK" ] || { echo "port 143 greets with '${greeting:-nothing}'" >&2; exit 1; }
exit 0
