-- Renraku schema, version 17: limits of inquiries (issue #13).
--
-- Issue #13, amplification limits of inquiries: how many inquiries a sender, and a network, stored in the last
-- hour (ix_inquiries_from_time), and which inquiries mailed a notice to the admins (notified_at), so notices
-- are limited per sender and per network too.
ALTER TABLE inquiries
    ADD COLUMN notified_at DATETIME(3) NULL,
    ADD KEY ix_inquiries_from_time (network_id, from_address, received_at);
