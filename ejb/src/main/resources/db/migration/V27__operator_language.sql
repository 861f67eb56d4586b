-- Issue 17, both languages for mail: operators read their alerts (carrier groups slowed or paused, DNS checks that
-- regressed) and their account mail in their own language too, like members and admins (V26). Japanese by default.
ALTER TABLE operators ADD COLUMN language VARCHAR(8) NOT NULL DEFAULT 'ja';
