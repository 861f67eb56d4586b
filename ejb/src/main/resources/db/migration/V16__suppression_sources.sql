-- Issue 13: admins can undo what mail did. Every suppression records where it came from — the bounce event
-- (a DSN, an ARF complaint or a send-time 5xx), the one-click unsubscribe request (with the broadcast whose
-- token it carried), or the admin who added it — and a lift of a complaint or an unsubscription waits for the
-- member's own confirmation by link (Japanese anti-spam law wants consent) before mail resumes.
ALTER TABLE suppressions
    ADD COLUMN source                 VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL
               COMMENT 'BOUNCE, UNSUBSCRIBE (one-click POST), MAIL (by mail, confirmed), ADMIN; NULL: added before V16' AFTER reason,
    ADD COLUMN source_bounce_event_id BIGINT       NULL COMMENT 'source BOUNCE: the bounce event that decided it' AFTER source,
    ADD COLUMN source_broadcast_id    BIGINT       NULL COMMENT 'source UNSUBSCRIBE: the broadcast whose token was used' AFTER source_bounce_event_id,
    ADD COLUMN source_actor           VARCHAR(64)  NULL COMMENT 'source ADMIN: the admin''s user id' AFTER source_broadcast_id,
    ADD COLUMN lift_requested_at      DATETIME(3)  NULL
               COMMENT 'an admin lifted a complaint or unsubscription: waiting for the member''s confirmation' AFTER source_actor,
    ADD COLUMN lift_requested_by      VARCHAR(64)  NULL AFTER lift_requested_at,
    ADD COLUMN lift_reason            VARCHAR(500) NULL COMMENT 'the admin''s reason for the lift' AFTER lift_requested_by,
    -- the page lists a network's suppressions, newest first
    ADD KEY ix_suppressions_network_created (network_id, created_at, id),
    ADD CONSTRAINT fk_suppressions_bounce_event FOREIGN KEY (source_bounce_event_id) REFERENCES bounce_events (id)
        ON DELETE SET NULL,
    ADD CONSTRAINT fk_suppressions_broadcast FOREIGN KEY (source_broadcast_id) REFERENCES broadcasts (id)
        ON DELETE SET NULL;

-- what can still be told about earlier rows: a bounce or complaint suppression came from the address's latest
-- bounce event that suppressed; an unsubscription from the one-click request (its broadcast is not known)
UPDATE suppressions s
   SET s.source = 'BOUNCE',
       s.source_bounce_event_id = (SELECT MAX(b.id) FROM bounce_events b WHERE b.network_id = s.network_id
                                   AND b.email = s.email AND b.outcome IN ('SUSPENDED', 'DELETED', 'UNSUBSCRIBED'))
 WHERE s.reason IN ('HARD_BOUNCE', 'COMPLAINT');
UPDATE suppressions SET source = 'UNSUBSCRIBE' WHERE reason = 'UNSUBSCRIBED';
