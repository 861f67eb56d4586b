-- V21: lanes waiting for a connection slot of a carrier group (CarrierShaping). A holder reads them after each
-- chunk: an urgent want makes normal holders give their slot back; a network below its fair share that waits
-- makes a network above its share give one back. A want lapses unless repeated (the waiting lane polls).
-- The per-broadcast lane pauses of V7 are replaced by the group's pause in carrier_group_state (one pause for
-- the whole service, V19).
CREATE TABLE carrier_slot_wants (
    carrier_group   VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    holder          VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'the waiting lane',
    network_id      BIGINT       NOT NULL,
    urgent          BOOLEAN      NOT NULL,
    want_until      DATETIME(3)  NOT NULL,
    PRIMARY KEY (carrier_group, holder)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

DROP TABLE broadcast_lane_pauses;
