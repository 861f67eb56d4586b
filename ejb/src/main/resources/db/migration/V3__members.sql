-- Renraku schema, version 3: members joining by blank mail, their attributes, self-service links, inbound
-- mail and inquiries.

-- Network settings for joining and for the member table.
ALTER TABLE networks
    ADD COLUMN join_password     VARCHAR(64)  NULL COMMENT 'when set, a blank mail must contain it to get a registration link',
    ADD COLUMN show_addresses    BOOLEAN      NOT NULL DEFAULT FALSE COMMENT 'admins see full addresses, not ta***@docomo.ne.jp',
    ADD COLUMN notify_inquiries  BOOLEAN      NOT NULL DEFAULT FALSE COMMENT 'mail admins when a member writes to the join address';

-- Attributes the admins define (学年, クラス, 部署, …). Values live in members.attributes as JSON keyed by id.
CREATE TABLE member_attributes (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    network_id  BIGINT       NOT NULL,
    label       VARCHAR(50)  NOT NULL,
    kind        VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'TEXT, SINGLE, MULTI',
    choices     TEXT         NULL COMMENT 'one choice per line, for SINGLE and MULTI',
    required    BOOLEAN      NOT NULL DEFAULT FALSE,
    admin_only  BOOLEAN      NOT NULL DEFAULT FALSE COMMENT 'hidden from members on their pages',
    position    INT          NOT NULL DEFAULT 0,
    created_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_member_attributes_network (network_id, position),
    CONSTRAINT fk_member_attributes_network FOREIGN KEY (network_id) REFERENCES networks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE members
    ADD COLUMN joined_via    VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'MAIL'
                             COMMENT 'MAIL (blank mail), PROXY (代行登録), IMPORT (CSV)',
    ADD COLUMN link_version  INT NOT NULL DEFAULT 1 COMMENT 'part of the signed personal link; raising it revokes old links',
    -- the member table sorts by name or by registration within one network and status
    ADD KEY ix_members_network_name (network_id, name),
    ADD KEY ix_members_network_created (network_id, created_at);

-- Every mail the inbound reader took from the mailbox, and what became of it: the record of why a mail
-- was not answered (auto-reply, bounce, rate limit, malformed), and the basis of the join rate limits.
CREATE TABLE inbound_mails (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    message_id    VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    network_id    BIGINT       NULL,
    from_address  VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    outcome       VARCHAR(24)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    reason        VARCHAR(500) NULL,
    size_bytes    INT          NOT NULL DEFAULT 0,
    received_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_inbound_from_time (from_address, received_at),
    KEY ix_inbound_network_time (network_id, received_at),
    KEY ix_inbound_message (message_id),
    CONSTRAINT fk_inbound_network FOREIGN KEY (network_id) REFERENCES networks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Mail from members to the join address that is neither a join nor 「退会」: shown to the admins.
CREATE TABLE inquiries (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    network_id    BIGINT       NOT NULL,
    member_id     BIGINT       NULL,
    from_address  VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    subject       VARCHAR(255) NULL,
    body_text     MEDIUMTEXT   NULL,
    received_at   DATETIME(3)  NOT NULL,
    read_at       DATETIME(3)  NULL,
    PRIMARY KEY (id),
    KEY ix_inquiries_network_time (network_id, received_at),
    CONSTRAINT fk_inquiries_network FOREIGN KEY (network_id) REFERENCES networks (id),
    CONSTRAINT fk_inquiries_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Secrets the application generates itself on first start (e.g. the key that signs personal links),
-- unless configuration provides one. Shared by all instances through the database.
CREATE TABLE app_secrets (
    name        VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    secret      VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (name)
) ENGINE=InnoDB;
