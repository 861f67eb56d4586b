-- issue 15, DNS health: the last result of each DNS check (org.renraku.dnshealth), one row per domain and check,
-- replaced by each run (daily and 「今すぐ確認」); a check that was PASS and is now FAIL is mailed to the operators.
CREATE TABLE dns_health_results (
    domain     VARCHAR(253) NOT NULL,
    check_name VARCHAR(8)   NOT NULL,   -- SPF, DKIM, DMARC, MX, PTR
    position   INT          NOT NULL,   -- the order the page shows them in
    verdict    VARCHAR(4)   NOT NULL,   -- PASS, WARN, FAIL
    reason     VARCHAR(40)  NOT NULL,   -- message key below operator.dns.reason.
    arguments  TEXT         NOT NULL,   -- the reason's arguments, one a line
    found      TEXT         NOT NULL,   -- the records DNS has now
    fix        TEXT         NOT NULL,   -- the records to publish
    checked_at DATETIME(3)  NOT NULL,
    PRIMARY KEY (domain, check_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
