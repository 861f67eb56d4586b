-- V7: the pause of a sending lane (one SMTP connection's share of a carrier group) that a provider's refusals
-- caused (SendPacer: throttling replies in a row halve the rate, then pause the lane). Kept outside the job's
-- checkpoint so that a new execution of the job keeps the pause, and so that the progress page shows it.
CREATE TABLE broadcast_lane_pauses (
    broadcast_id  BIGINT       NOT NULL,
    carrier_group VARCHAR(16)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    lane_index    INT          NOT NULL COMMENT 'the lane of the group (deliveries by id modulo the lanes)',
    paused_until  DATETIME(3)  NOT NULL COMMENT 'the lane resumes by itself then',
    pauses        INT          NOT NULL COMMENT 'pauses of the lane so far (each twice as long as the one before)',
    last_reply    VARCHAR(512) NULL COMMENT 'the refusal that paused it',
    updated_at    DATETIME(3)  NOT NULL,
    -- no foreign key to broadcasts on purpose: the row is written in the job's chunk transaction, and the
    -- key's shared lock on the broadcast row could deadlock with a cancel, which locks that row first
    PRIMARY KEY (broadcast_id, carrier_group, lane_index)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
