-- Renraku schema, version 5: what broadcasts need to be composed, targeted, scheduled and delivered —
-- the compose fields and the scheduler's claim on broadcasts, attachments, saved target groups, the
-- per-member delivery record the sending job works through, the suppression list, DKIM keys per sending
-- domain and a minimal record of bounces. The tables broadcasts and deliveries exist since V1 and are
-- extended here; their status values keep the V1 names (broadcasts: SENT is "done"; deliveries: PENDING
-- is "queued").

-- --- broadcasts: compose fields, schedule, and the claim that keeps two instances from starting one twice
ALTER TABLE broadcasts
    ADD COLUMN body_html        MEDIUMTEXT   NULL
               COMMENT 'optional HTML part, stored already sanitised (owasp-java-html-sanitizer)' AFTER body_text,
    ADD COLUMN mail_charset     VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'UTF-8'
               COMMENT 'UTF-8 or ISO-2022-JP (each message falls back to UTF-8 when its text does not fit)' AFTER body_html,
    ADD COLUMN from_name        VARCHAR(100) NULL COMMENT 'display name of From; the address is the service''s' AFTER mail_charset,
    ADD COLUMN reply_to         VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL AFTER from_name,
    ADD COLUMN urgent           BOOLEAN      NOT NULL DEFAULT FALSE
               COMMENT 'send as fast as the per-carrier limits allow, ignoring the normal pace' AFTER reply_to,
    ADD COLUMN target_group_id  BIGINT       NULL COMMENT 'the saved group the target was taken from, if any' AFTER urgent,
    ADD COLUMN target_filter    JSON         NULL
               COMMENT 'recipient filter (attributes, carriers, statuses); NULL means all active members' AFTER target_group_id,
    ADD COLUMN repeat_rule      VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NULL
               COMMENT 'e.g. FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=9;BYMINUTE=0 (Asia/Tokyo); a repeating broadcast is a template' AFTER scheduled_at,
    ADD COLUMN repeat_of        BIGINT       NULL COMMENT 'the repeating template this occurrence was made from' AFTER repeat_rule,
    ADD COLUMN claimed_by       CHAR(36)     CHARACTER SET ascii COLLATE ascii_bin NULL
               COMMENT 'boot id (app_instances) of the instance that moved it to SENDING with a conditional UPDATE' AFTER repeat_of,
    ADD COLUMN claimed_at       DATETIME(3)  NULL AFTER claimed_by,
    ADD COLUMN job_execution_id BIGINT       NULL COMMENT 'Jakarta Batch execution sending it (restart goes from its checkpoint)' AFTER claimed_at,
    ADD COLUMN updated_at       DATETIME(3)  NULL AFTER created_at,
    ADD KEY ix_broadcasts_repeat_of (repeat_of),
    ADD CONSTRAINT fk_broadcasts_repeat_of FOREIGN KEY (repeat_of) REFERENCES broadcasts (id);

UPDATE broadcasts SET updated_at = created_at WHERE updated_at IS NULL;
ALTER TABLE broadcasts MODIFY COLUMN updated_at DATETIME(3) NOT NULL;

-- Files sent with a broadcast (images, PDF). The bytes live here (MEDIUMBLOB: up to 16 MB, far above the
-- total limit, 3 MB by default because au refuses more) or, for a deployment that keeps files outside
-- the database, at storage_path.
CREATE TABLE broadcast_attachments (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    broadcast_id  BIGINT       NOT NULL,
    file_name     VARCHAR(255) NOT NULL,
    content_type  VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    size_bytes    INT          NOT NULL,
    content       MEDIUMBLOB   NULL,
    storage_path  VARCHAR(500) NULL,
    position      INT          NOT NULL DEFAULT 0,
    created_at    DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_broadcast_attachments_broadcast (broadcast_id, position),
    CONSTRAINT fk_broadcast_attachments_broadcast FOREIGN KEY (broadcast_id) REFERENCES broadcasts (id) ON DELETE CASCADE,
    CONSTRAINT ck_broadcast_attachments_stored CHECK (content IS NOT NULL OR storage_path IS NOT NULL),
    CONSTRAINT ck_broadcast_attachments_size CHECK (size_bytes >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Saved target groups (「3年生の保護者」): a named recipient filter, reused when composing.
CREATE TABLE target_groups (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    network_id  BIGINT       NOT NULL,
    name        VARCHAR(100) NOT NULL,
    filter      JSON         NOT NULL COMMENT 'same shape as broadcasts.target_filter',
    created_by  BIGINT       NULL,
    created_at  DATETIME(3)  NOT NULL,
    updated_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_target_groups_network_name (network_id, name),
    CONSTRAINT fk_target_groups_network FOREIGN KEY (network_id) REFERENCES networks (id),
    CONSTRAINT fk_target_groups_admin FOREIGN KEY (created_by) REFERENCES admins (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE broadcasts
    ADD CONSTRAINT fk_broadcasts_target_group FOREIGN KEY (target_group_id) REFERENCES target_groups (id) ON DELETE SET NULL;

-- --- deliveries: the snapshot of the recipient and everything the sending job and the retries need
ALTER TABLE deliveries
    ADD COLUMN email            VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL
               COMMENT 'the address exactly as written when the recipients were snapshot' AFTER member_id,
    ADD COLUMN carrier_group    VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'OTHER'
               COMMENT 'partition of the sending job, each with its own pace (see CarrierGroup)' AFTER email,
    ADD COLUMN first_attempt_at DATETIME(3)  NULL COMMENT 'a temporary failure becomes final 24 h after this' AFTER attempts,
    ADD COLUMN next_attempt_at  DATETIME(3)  NULL COMMENT 'when a DEFERRED delivery is due again' AFTER last_attempt_at,
    ADD COLUMN smtp_code        SMALLINT     NULL COMMENT 'last SMTP reply code; smtp_reply holds its text' AFTER next_attempt_at,
    ADD COLUMN sent_at          DATETIME(3)  NULL COMMENT 'when the receiving server accepted it (2xx)' AFTER smtp_reply,
    ADD COLUMN updated_at       DATETIME(3)  NULL AFTER created_at,
    -- a partition of the job reads its carrier group's queued rows in id order (checkpoint = last id)
    ADD KEY ix_deliveries_partition (broadcast_id, carrier_group, status, id),
    -- the retry sweep: deferred rows that are due
    ADD KEY ix_deliveries_retry (status, next_attempt_at);

UPDATE deliveries d JOIN members m ON m.id = d.member_id
   SET d.email = m.email,
       d.carrier_group = CASE m.carrier WHEN 'YMOBILE' THEN 'SOFTBANK' WHEN 'OUTLOOK' THEN 'MICROSOFT' ELSE m.carrier END,
       d.updated_at = d.created_at
 WHERE d.email IS NULL;
ALTER TABLE deliveries
    MODIFY COLUMN email      VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    MODIFY COLUMN updated_at DATETIME(3) NOT NULL;

-- --- addresses that are never sent to again in a network, whatever happens to the member row
-- (an unsubscribed address deleted by an admin and imported again by CSV stays suppressed).
CREATE TABLE suppressions (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    network_id  BIGINT       NOT NULL,
    email       VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    reason      VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL
                COMMENT 'UNSUBSCRIBED, HARD_BOUNCE, COMPLAINT, MANUAL',
    created_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_suppressions_network_email (network_id, email),
    CONSTRAINT fk_suppressions_network FOREIGN KEY (network_id) REFERENCES networks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- --- DKIM keys, one active per sending domain. The private key is never stored in clear: either
-- private_key_enc holds it encrypted (AES-256-GCM under the key-encryption key from configuration,
-- renraku.dkim.kek / RENRAKU_DKIM_KEK), or private_key_ref names a configuration property (e.g. a Payara
-- password alias) that holds the PKCS#8 key. See org.renraku.delivery.control.DkimKeyVault.
CREATE TABLE dkim_keys (
    id               BIGINT       NOT NULL AUTO_INCREMENT,
    network_id       BIGINT       NULL COMMENT 'NULL: a domain of the service itself',
    domain           VARCHAR(253) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'd= (lower case)',
    selector         VARCHAR(63)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 's=',
    algorithm        VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'rsa-sha256',
    key_bits         SMALLINT     NOT NULL,
    public_key       TEXT         CHARACTER SET ascii COLLATE ascii_bin NOT NULL
                     COMMENT 'base64 of the DER SubjectPublicKeyInfo: the p= of the DNS TXT record',
    private_key_enc  TEXT         CHARACTER SET ascii COLLATE ascii_bin NULL,
    private_key_ref  VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
    active           BOOLEAN      NOT NULL DEFAULT FALSE,
    -- at most one active key per domain: NULL for inactive keys, so the unique key ignores them
    active_domain    VARCHAR(253) CHARACTER SET ascii COLLATE ascii_bin
                     GENERATED ALWAYS AS (CASE WHEN active THEN domain END) STORED,
    created_at       DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_dkim_keys_domain_selector (domain, selector),
    UNIQUE KEY uk_dkim_keys_active_domain (active_domain),
    CONSTRAINT fk_dkim_keys_network FOREIGN KEY (network_id) REFERENCES networks (id),
    CONSTRAINT ck_dkim_keys_private CHECK (private_key_enc IS NOT NULL OR private_key_ref IS NOT NULL)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- --- bounces: the minimal record the hygiene work builds on. Written at send time for 5xx replies and
-- later by the bounce reader (VERP, DSN, ARF complaints).
CREATE TABLE bounce_events (
    id           BIGINT       NOT NULL AUTO_INCREMENT,
    network_id   BIGINT       NOT NULL,
    member_id    BIGINT       NULL,
    delivery_id  BIGINT       NULL,
    email        VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    kind         VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL
                 COMMENT 'HARD, SOFT, BLOCKED (policy/reputation: not the address''s fault), COMPLAINT',
    source       VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'SMTP (reply at send time), DSN, ARF',
    smtp_code    SMALLINT     NULL,
    status_code  VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NULL COMMENT 'enhanced status, e.g. 5.1.1',
    diagnostic   VARCHAR(1000) NULL,
    occurred_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    -- the bounce policy counts one address's recent events
    KEY ix_bounce_events_network_email_time (network_id, email, occurred_at),
    KEY ix_bounce_events_member_time (member_id, occurred_at),
    KEY ix_bounce_events_delivery (delivery_id),
    CONSTRAINT fk_bounce_events_network FOREIGN KEY (network_id) REFERENCES networks (id),
    CONSTRAINT fk_bounce_events_member FOREIGN KEY (member_id) REFERENCES members (id) ON DELETE SET NULL,
    CONSTRAINT fk_bounce_events_delivery FOREIGN KEY (delivery_id) REFERENCES deliveries (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
