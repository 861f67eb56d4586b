-- Issue #13, a leaked personal link is containable: mails with links that a member's or a stranger's request
-- sends (address changes, 退会 confirmations) have hourly limits per member and per network, counted from the
-- tokens issued. These indexes serve the two counts (and the spending of a member's pending address changes,
-- subject "<member id>:<address>", by prefix). The network index also serves fk_tokens_network.
CREATE INDEX ix_tokens_purpose_subject ON one_time_tokens (purpose, subject, created_at);
CREATE INDEX ix_tokens_network_purpose ON one_time_tokens (network_id, purpose, created_at);
