-- Renraku schema, version 1: the tenants (networks), the people who administer them, their members,
-- broadcasts and the per-member deliveries of each broadcast, plus one-time tokens for links in mail.
--
-- Conventions
--  * InnoDB, utf8mb4 everywhere: names and mail bodies hold Japanese text and emoji (4-byte UTF-8).
--  * Mail addresses and tokens compare byte-for-byte (utf8mb4_bin); code normalises them before storing.
--  * Times are DATETIME(3) written by the application in the database server's time zone
--    (Connector/J connectionTimeZone=SERVER).
--  * Every tenant-owned row carries network_id first in its indexes: each query is scoped to one network.

CREATE TABLE operators (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    user_id       VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    display_name  VARCHAR(100) NOT NULL,
    email         VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    password_hash VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at    DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_operators_user_id (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE networks (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    slug          VARCHAR(40)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL
                  COMMENT 'stable short name; the local part of the join address and of VERP return paths',
    name          VARCHAR(200) NOT NULL,
    status        VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'ACTIVE',
    joining_open  BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_networks_slug (slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE admins (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    network_id    BIGINT       NOT NULL,
    user_id       VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL
                  COMMENT 'the login name; unique across the service because the login form asks only for it',
    display_name  VARCHAR(100) NOT NULL,
    email         VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    password_hash VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL
                  COMMENT 'NULL until an invited admin sets a password',
    active        BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_admins_user_id (user_id),
    KEY ix_admins_network (network_id),
    KEY ix_admins_email (email),
    CONSTRAINT fk_admins_network FOREIGN KEY (network_id) REFERENCES networks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE members (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    network_id    BIGINT       NOT NULL,
    email         VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    name          VARCHAR(100) NOT NULL,
    carrier       VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'OTHER',
    status        VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'ACTIVE'
                  COMMENT 'ACTIVE, SUSPENDED (bounces), LEFT',
    attributes    JSON         NULL COMMENT 'admin-defined attributes (学年, クラス, 部署, …)',
    created_at    DATETIME(3)  NOT NULL,
    updated_at    DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_members_network_email (network_id, email),
    -- recipient selection walks the active members of one network in id order (checkpoint = last id)
    KEY ix_members_network_status_id (network_id, status, id),
    KEY ix_members_network_carrier (network_id, carrier),
    -- bounces and complaints arrive with only an address
    KEY ix_members_email (email),
    CONSTRAINT fk_members_network FOREIGN KEY (network_id) REFERENCES networks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE broadcasts (
    id             BIGINT       NOT NULL AUTO_INCREMENT,
    network_id     BIGINT       NOT NULL,
    created_by     BIGINT       NULL COMMENT 'admin; NULL for system mail such as the periodic test mail',
    subject        VARCHAR(255) NOT NULL,
    body_text      MEDIUMTEXT   NOT NULL,
    status         VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'DRAFT'
                   COMMENT 'DRAFT, SCHEDULED, SENDING, PAUSED, SENT, CANCELLED',
    scheduled_at   DATETIME(3)  NULL,
    started_at     DATETIME(3)  NULL,
    finished_at    DATETIME(3)  NULL,
    archived       BOOLEAN      NOT NULL DEFAULT FALSE COMMENT 'shown in the members'' archive (バックナンバー)',
    created_at     DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_broadcasts_network_created (network_id, created_at),
    -- the scheduler looks for due broadcasts across all networks
    KEY ix_broadcasts_status_scheduled (status, scheduled_at),
    CONSTRAINT fk_broadcasts_network FOREIGN KEY (network_id) REFERENCES networks (id),
    CONSTRAINT fk_broadcasts_admin FOREIGN KEY (created_by) REFERENCES admins (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE deliveries (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    broadcast_id    BIGINT       NOT NULL,
    member_id       BIGINT       NOT NULL,
    status          VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'PENDING'
                    COMMENT 'PENDING, SENT, DEFERRED, FAILED, BOUNCED',
    attempts        INT          NOT NULL DEFAULT 0,
    last_attempt_at DATETIME(3)  NULL,
    smtp_reply      VARCHAR(512) NULL,
    created_at      DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    -- one message per member per broadcast: a resumed job can never add a second row
    UNIQUE KEY uk_deliveries_broadcast_member (broadcast_id, member_id),
    -- progress counts and the retry sweep read one broadcast's rows by status
    KEY ix_deliveries_broadcast_status (broadcast_id, status),
    KEY ix_deliveries_member (member_id),
    CONSTRAINT fk_deliveries_broadcast FOREIGN KEY (broadcast_id) REFERENCES broadcasts (id),
    CONSTRAINT fk_deliveries_member FOREIGN KEY (member_id) REFERENCES members (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE one_time_tokens (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    token_hash    CHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL
                  COMMENT 'SHA-256 of the token in the link; the token itself is never stored',
    purpose       VARCHAR(32)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    network_id    BIGINT       NULL,
    subject       VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL
                  COMMENT 'what the token acts on: an admin user id, a mail address, …',
    expires_at    DATETIME(3)  NOT NULL,
    used_at       DATETIME(3)  NULL,
    created_at    DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_tokens_hash (token_hash),
    -- the housekeeping job deletes by expiry
    KEY ix_tokens_expires (expires_at),
    CONSTRAINT fk_tokens_network FOREIGN KEY (network_id) REFERENCES networks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
