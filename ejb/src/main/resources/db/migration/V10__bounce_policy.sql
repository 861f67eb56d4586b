-- Renraku schema, version 10: the bounce policy (issue #6). Per-network settings, what the policy decided on
-- each bounce event, and the two marks it leaves on members: the 指定受信 request of a Japanese carrier that
-- filtered our mail, and the point from which soft bounces count again after an admin reactivated the member.

ALTER TABLE networks
    ADD COLUMN bounce_hard_suspends   BOOLEAN     NOT NULL DEFAULT TRUE
               COMMENT 'a hard bounce (unknown user) suspends the member at once',
    ADD COLUMN bounce_soft_threshold  SMALLINT    NOT NULL DEFAULT 3
               COMMENT 'soft bounces that suspend a member when they fall within the window',
    ADD COLUMN bounce_soft_window_days SMALLINT   NOT NULL DEFAULT 14
               COMMENT 'the window, in days, in which bounce_soft_threshold soft bounces suspend',
    ADD COLUMN bounce_digest_until    DATETIME(3) NULL
               COMMENT 'suspensions by bounce up to this moment have been mailed to the admins in a digest',
    ADD CONSTRAINT ck_networks_bounce_threshold CHECK (bounce_soft_threshold BETWEEN 1 AND 100),
    ADD CONSTRAINT ck_networks_bounce_window CHECK (bounce_soft_window_days BETWEEN 1 AND 365);

ALTER TABLE members
    ADD COLUMN needs_allow_domain BOOLEAN     NOT NULL DEFAULT FALSE
               COMMENT 'the carrier filtered our mail (指定受信): the member page asks the member to allow our domain',
    ADD COLUMN bounces_count_from DATETIME(3) NULL
               COMMENT 'soft bounces before this moment no longer count (set when an admin reactivates the member)';

ALTER TABLE bounce_events
    ADD COLUMN reason  VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL
               COMMENT 'Sisimai reason: userunknown, mailboxfull, filtered, hostunknown, feedback, ...' AFTER kind,
    ADD COLUMN outcome VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'COUNTED'
               COMMENT 'what the policy did: COUNTED, SUSPENDED, UNSUBSCRIBED, ALLOW_DOMAIN, IGNORED' AFTER source,
    -- the hygiene page and the digest read a network's recent events
    ADD KEY ix_bounce_events_network_time (network_id, occurred_at);
