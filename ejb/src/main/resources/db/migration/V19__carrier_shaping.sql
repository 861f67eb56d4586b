-- V19: shaping per carrier group for the whole service (issue #14). The limits of a receiving provider hold
-- across every broadcast, re-send, test mail and application instance together, so they live here, not in a
-- job's checkpoint:
--   carrier_group_limits  what the operator allows per group (operator page; defaults = the earlier Pacing defaults)
--   carrier_group_state   the group's shared pace: the next free send time of its rate (reserved in slices by
--                         every lane under the row lock), its halvings after throttling replies, its pause
--   carrier_slots         one row per allowed connection; a lane leases a slot before it opens a connection to
--                         the group and gives it back after the connection's messages; an expired lease (a killed
--                         instance) is free again
--   carrier_refusals      the last throttling replies per group, for the operator page and the alerts
CREATE TABLE carrier_group_limits (
    carrier_group           VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    connections             INT          NOT NULL COMMENT 'connections open at once, all instances together (1 to 64)',
    messages_per_connection INT          NOT NULL COMMENT 'messages before a connection is closed (at most 100 for the mobile carriers)',
    per_second              DOUBLE       NOT NULL COMMENT 'messages per second, all broadcasts together',
    urgent_per_second       DOUBLE       NOT NULL COMMENT 'the rate while an urgent broadcast sends to the group',
    quiet_minutes           INT          NOT NULL COMMENT 'minutes after each full hour (Asia/Tokyo) in which normal mail does not start',
    updated_at              DATETIME(3)  NOT NULL,
    updated_by              VARCHAR(64)  NULL COMMENT 'operator user id of the last change; NULL: the defaults',
    PRIMARY KEY (carrier_group)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO carrier_group_limits (carrier_group, connections, messages_per_connection, per_second, urgent_per_second,
                                  quiet_minutes, updated_at) VALUES
    ('DOCOMO', 2, 100, 5, 20, 5, CURRENT_TIMESTAMP(3)),
    ('AU', 2, 100, 5, 20, 5, CURRENT_TIMESTAMP(3)),
    ('SOFTBANK', 2, 100, 5, 20, 5, CURRENT_TIMESTAMP(3)),
    ('RAKUTEN', 2, 100, 5, 20, 5, CURRENT_TIMESTAMP(3)),
    ('GMAIL', 3, 100, 10, 50, 5, CURRENT_TIMESTAMP(3)),
    ('YAHOO_JAPAN', 2, 100, 10, 30, 5, CURRENT_TIMESTAMP(3)),
    ('MICROSOFT', 2, 100, 10, 30, 5, CURRENT_TIMESTAMP(3)),
    ('ICLOUD', 2, 100, 10, 30, 5, CURRENT_TIMESTAMP(3)),
    ('OTHER', 2, 100, 10, 30, 5, CURRENT_TIMESTAMP(3));

CREATE TABLE carrier_group_state (
    carrier_group   VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    next_send_at    DATETIME(6)  NOT NULL COMMENT 'the rate: the earliest start of the next reserved slice',
    halvings        INT          NOT NULL DEFAULT 0 COMMENT 'the rate is the limit halved this often after throttling',
    throttled       INT          NOT NULL DEFAULT 0 COMMENT 'throttling replies since the last change of the rate',
    accepted        INT          NOT NULL DEFAULT 0 COMMENT 'accepted messages since the last change of the rate',
    paused_until    DATETIME(3)  NULL COMMENT 'nothing is sent to the group before then',
    pauses          INT          NOT NULL DEFAULT 0 COMMENT 'pauses in a row (each twice as long as the one before)',
    changed_at      DATETIME(3)  NULL COMMENT 'last halving, pause or recovery',
    PRIMARY KEY (carrier_group)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO carrier_group_state (carrier_group, next_send_at)
    SELECT carrier_group, CURRENT_TIMESTAMP(6) FROM carrier_group_limits;

CREATE TABLE carrier_slots (
    carrier_group   VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    slot            INT          NOT NULL COMMENT '0 to connections - 1 are usable',
    holder          VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NULL COMMENT 'boot id of the instance and its lane',
    broadcast_id    BIGINT       NULL,
    network_id      BIGINT       NULL,
    urgent          BOOLEAN      NOT NULL DEFAULT FALSE,
    lease_until     DATETIME(3)  NULL COMMENT 'free again after this, whoever held it',
    PRIMARY KEY (carrier_group, slot)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 64 slots per group, the most connections the operator page allows
INSERT INTO carrier_slots (carrier_group, slot)
    SELECT l.carrier_group, n.slot FROM carrier_group_limits l
    CROSS JOIN (SELECT a.i * 8 + b.i AS slot FROM
        (SELECT 0 i UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
         UNION ALL SELECT 6 UNION ALL SELECT 7) a,
        (SELECT 0 i UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
         UNION ALL SELECT 6 UNION ALL SELECT 7) b) n;

CREATE TABLE carrier_refusals (
    id              BIGINT       NOT NULL AUTO_INCREMENT,
    carrier_group   VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    occurred_at     DATETIME(3)  NOT NULL,
    reply           VARCHAR(512) NOT NULL,
    broadcast_id    BIGINT       NULL,
    PRIMARY KEY (id),
    KEY ix_carrier_refusals_group_time (carrier_group, occurred_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
