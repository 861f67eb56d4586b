-- The columns the console's weekly use needs, added together so that the features building on them share one
-- schema step:
-- * members.language, admins.language: the language of every mail the service writes to that person and of the
--   member's own pages ('ja' or 'en'; Japanese unless chosen).
-- * members.admin_memo: the admins' own note on a member (役員メモ), never shown to the member.
-- * networks.broadcast_footer: whether each broadcast carries the member's personal-page link at its foot (on
--   unless the network turns it off).
ALTER TABLE members ADD COLUMN language VARCHAR(8) NOT NULL DEFAULT 'ja',
    ADD COLUMN admin_memo TEXT NULL;
ALTER TABLE admins ADD COLUMN language VARCHAR(8) NOT NULL DEFAULT 'ja';
ALTER TABLE networks ADD COLUMN broadcast_footer BOOLEAN NOT NULL DEFAULT TRUE;
