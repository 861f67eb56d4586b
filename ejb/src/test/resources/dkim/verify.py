#!/usr/bin/env python3
"""Independent DKIM check of a message, for DkimSigningTest.

Usage: verify.py <selector> <domain> <txt-record-file> < message
Reads the message (bytes as sent) from stdin and verifies its DKIM-Signature with dkimpy (Debian
python3-dkim). DNS is not asked: the TXT record of <selector>._domainkey.<domain> comes from the file.
Prints "dkim=pass" and exits 0, or "dkim=fail" and exits 1; exits 2 when dkimpy is missing.
"""
import sys

try:
    import dkim
except ImportError:
    print("python3-dkim is not installed (apt-get install -y python3-dkim)", file=sys.stderr)
    sys.exit(2)

selector, domain, record_file = sys.argv[1], sys.argv[2], sys.argv[3]
with open(record_file, "rb") as f:
    record = f.read().strip()
expected = ("%s._domainkey.%s." % (selector, domain)).encode("ascii")


def dnsfunc(name, timeout=5):
    if name.rstrip(b".") + b"." == expected:
        return record
    return None


message = sys.stdin.buffer.read()
ok = dkim.verify(message, dnsfunc=dnsfunc)
print("dkim=pass" if ok else "dkim=fail")
sys.exit(0 if ok else 1)
