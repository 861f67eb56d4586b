-- Renraku schema, version 9: monthly repeating broadcasts and broadcast by mail (代理配信).
--
-- 1. A repeating broadcast is a template (broadcasts.repeat_rule set, status SCHEDULED, scheduled_at = its
--    next occurrence). The sweep takes an occurrence by one conditional UPDATE that moves scheduled_at on
--    (org.renraku.broadcasts.boundary.BroadcastClaims.occur) and, in the same transaction, inserts the
--    occurrence's broadcast (repeat_of = template, scheduled_at = the occurrence). The unique key below is the
--    second guard: whatever happens, one template never has two broadcasts for one occurrence.
ALTER TABLE broadcasts
    ADD UNIQUE KEY uk_broadcasts_repeat_occurrence (repeat_of, scheduled_at);

-- 2. 代理配信: admins and members marked as delegated senders mail the network's posting address
--    <slug>+post-<secret>@<join domain>. The secret is not stored: it is an HMAC (app secret 'posting-address')
--    over the sender and posting_version, so raising posting_version makes a new one and voids the old.
ALTER TABLE members
    ADD COLUMN delegated_sender BOOLEAN NOT NULL DEFAULT FALSE
               COMMENT '代理配信者: may broadcast to the network by mailing the posting address' AFTER status,
    ADD COLUMN posting_version  INT     NOT NULL DEFAULT 0
               COMMENT 'raised to regenerate the sender''s posting address secret' AFTER delegated_sender;

ALTER TABLE admins
    ADD COLUMN posting_version  INT     NOT NULL DEFAULT 0
               COMMENT 'raised to regenerate the admin''s posting address secret';

-- who posted a broadcast by mail (an admin posting is created_by)
ALTER TABLE broadcasts
    ADD COLUMN posted_by_member BIGINT NULL COMMENT 'the delegated member who posted it by mail' AFTER created_by,
    ADD CONSTRAINT fk_broadcasts_posted_by_member FOREIGN KEY (posted_by_member) REFERENCES members (id)
        ON DELETE SET NULL;
