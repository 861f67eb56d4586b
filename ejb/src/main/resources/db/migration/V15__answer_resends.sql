-- Renraku schema, version 15: re-sends to the members who have not answered a broadcast yet (issue #7, 再送).
--
-- A re-send is a broadcast of its own (resend_of = the broadcast asking for answers): its own deliveries — only
-- the members who were delivered the original (deliveries SENT), have no answer row for it, and are still ACTIVE
-- and not suppressed — sent by the ordinary broadcast-delivery job, so progress, bounces and unsubscribes work as
-- for any broadcast. Its mail carries the ORIGINAL broadcast's answer links and reply address, so every answer
-- lands in one place (answers.broadcast_id = the original). A re-send itself asks nothing (answer_kind NONE).
--
-- Automatic re-sends: resend_delays, minutes after the original finished sending (at most 3, e.g. "15,30,60");
-- resends_done counts the re-sends made so far (automatic and on demand, at most 3 together). Taking a re-send is
-- one conditional UPDATE of resends_done from the value seen, so two instances never make the same re-send.

ALTER TABLE broadcasts
    ADD COLUMN resend_of     BIGINT      NULL
               COMMENT 're-send (再送) of this broadcast: to its members who have not answered; NULL = no re-send',
    ADD COLUMN resend_delays VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL
               COMMENT 'automatic re-sends: minutes after finished_at, comma-separated, at most 3; NULL = none',
    ADD COLUMN resends_done  TINYINT     NOT NULL DEFAULT 0
               COMMENT 're-sends made so far (automatic and on demand), at most 3',
    ADD CONSTRAINT fk_broadcasts_resend_of FOREIGN KEY (resend_of) REFERENCES broadcasts (id) ON DELETE CASCADE,
    ADD CONSTRAINT ck_broadcasts_resends_done CHECK (resends_done BETWEEN 0 AND 3),
    -- the automatic re-sends due: finished broadcasts, by when they finished
    ADD KEY ix_broadcasts_resend_due (status, finished_at);
