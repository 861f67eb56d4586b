-- Renraku schema, version 2: admin console access — the one-admin-at-a-time lease, login throttling,
-- the audit log, password changes, service instances and the operator's notices on the login page.

-- When a password changes, every session opened before that moment ends (sessions remember the value).
ALTER TABLE admins    ADD COLUMN password_changed_at DATETIME(3) NULL AFTER password_hash;
ALTER TABLE operators ADD COLUMN password_changed_at DATETIME(3) NULL AFTER password_hash;

-- Running instances of the application (several Payara instances may share this database). Each start
-- registers a new boot with a heartbeat; a lease held by a boot that stopped beating is stale.
CREATE TABLE app_instances (
    boot_id       CHAR(36)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    name          VARCHAR(190) NOT NULL COMMENT 'host and Payara instance: stable across restarts',
    started_at    DATETIME(3)  NOT NULL,
    heartbeat_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (boot_id),
    KEY ix_instances_name (name),
    KEY ix_instances_heartbeat (heartbeat_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per network, locked (SELECT ... FOR UPDATE) by whoever tries to take the console: this row
-- lock, not anything in one JVM, is what lets only one admin in across all instances.
CREATE TABLE console_locks (
    network_id       BIGINT NOT NULL,
    current_lease_id BIGINT NULL,
    PRIMARY KEY (network_id),
    CONSTRAINT fk_console_locks_network FOREIGN KEY (network_id) REFERENCES networks (id)
) ENGINE=InnoDB;

INSERT INTO console_locks (network_id) SELECT id FROM networks;

-- Every time an admin held the console: kept after release, so a displaced session can be told who
-- took over and when, and the audit can be checked against it.
CREATE TABLE console_leases (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    network_id      BIGINT       NOT NULL,
    admin_id        BIGINT       NOT NULL,
    token_hash      CHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL
                    COMMENT 'SHA-256 of the random lease token kept in the HTTP session',
    boot_id         CHAR(36)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    acquired_at     DATETIME(3)  NOT NULL,
    last_seen_at    DATETIME(3)  NOT NULL,
    released_at     DATETIME(3)  NULL,
    release_reason  VARCHAR(24)  CHARACTER SET ascii COLLATE ascii_bin NULL
                    COMMENT 'LOGOUT, IDLE, TAKEOVER, RESTART, PASSWORD_CHANGED, REMOVED',
    released_by     BIGINT       NULL COMMENT 'the admin who took over',
    PRIMARY KEY (id),
    UNIQUE KEY uk_console_leases_token (token_hash),
    KEY ix_console_leases_network (network_id, acquired_at),
    KEY ix_console_leases_admin_open (admin_id, released_at),
    KEY ix_console_leases_boot_open (boot_id, released_at),
    CONSTRAINT fk_console_leases_network FOREIGN KEY (network_id) REFERENCES networks (id),
    CONSTRAINT fk_console_leases_admin FOREIGN KEY (admin_id) REFERENCES admins (id),
    CONSTRAINT fk_console_leases_released_by FOREIGN KEY (released_by) REFERENCES admins (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed logins, per account and per client address, for throttling. Old rows are purged by housekeeping.
CREATE TABLE login_failures (
    id             BIGINT       NOT NULL AUTO_INCREMENT,
    user_id        VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    client_address VARCHAR(45)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    failed_at      DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_login_failures_user (user_id, failed_at),
    KEY ix_login_failures_client (client_address, failed_at),
    KEY ix_login_failures_at (failed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The audit log of a network's console (network_id NULL: operator and service-wide events).
CREATE TABLE audit_events (
    id             BIGINT       NOT NULL AUTO_INCREMENT,
    network_id     BIGINT       NULL,
    kind           VARCHAR(32)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    actor          VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL COMMENT 'user ID that acted',
    subject        VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL COMMENT 'user ID acted upon',
    detail         VARCHAR(500) NULL,
    client_address VARCHAR(45)  CHARACTER SET ascii COLLATE ascii_bin NULL,
    occurred_at    DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_audit_network_time (network_id, occurred_at),
    KEY ix_audit_kind_time (kind, occurred_at),
    CONSTRAINT fk_audit_network FOREIGN KEY (network_id) REFERENCES networks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Notices the operator posts on the login page (e.g. "Gmail is delaying our mail").
CREATE TABLE notices (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    title         VARCHAR(200) NOT NULL,
    body          TEXT         NOT NULL,
    severity      VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'INFO'
                  COMMENT 'INFO, WARNING, CRITICAL',
    shown_from    DATETIME(3)  NOT NULL,
    shown_until   DATETIME(3)  NULL,
    created_by    BIGINT       NULL,
    created_at    DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_notices_shown (shown_from, shown_until),
    CONSTRAINT fk_notices_operator FOREIGN KEY (created_by) REFERENCES operators (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Jakarta Security's database identity store reads this: one namespace of user IDs for both kinds of
-- account (the code keeps user IDs unique across the two tables). Groups are the roles.
CREATE VIEW login_accounts AS
    SELECT user_id, password_hash, 'admin' AS role_name FROM admins WHERE active = TRUE AND password_hash IS NOT NULL
    UNION ALL
    SELECT user_id, password_hash, 'operator' AS role_name FROM operators;
