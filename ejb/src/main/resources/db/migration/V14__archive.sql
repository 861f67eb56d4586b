-- Renraku schema, version 14: the archive (バックナンバー, issue #7). Members read the broadcasts an admin marked
-- public (broadcasts.archived, since V1) from their personal link; an Atom feed per network at a secret address.
--
-- archive_default: whether a new broadcast starts public. Off, because the service we model publishes only what
-- the admin marked 「公開する」, and because a broadcast may have gone to a part of the network (3年生の保護者)
-- while the archive shows it to every member: making it public must be the admin's choice, broadcast by broadcast,
-- unless they say otherwise for their network here.
-- feed_version: the feed address's secret is not stored but derived (HMAC-SHA256 over the network id and this
-- version, key renraku.feed-secret or app_secrets 'archive-feed', as posting addresses are); raising it makes a new
-- address and voids the old one. Independent of V13.

ALTER TABLE networks
    ADD COLUMN archive_default BOOLEAN NOT NULL DEFAULT FALSE
               COMMENT 'a new broadcast is public in the members'' archive (バックナンバー) unless the admin unticks it',
    ADD COLUMN feed_version    INT     NOT NULL DEFAULT 1
               COMMENT 'version of the Atom feed address''s secret; raised to make a new address';

-- The archive: a network's public, sent broadcasts newest first.
ALTER TABLE broadcasts
    ADD KEY ix_broadcasts_archive (network_id, archived, status, started_at);
