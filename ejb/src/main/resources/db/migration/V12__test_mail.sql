-- Renraku schema, version 12: the monthly test mail (issue #6). Per network: whether it is sent, on which day of
-- the month, and what a hard bounce of it does (suspend or delete the member); the month whose test mail has been
-- claimed (one conditional UPDATE of it makes the test mail exactly once per network and month, whatever the
-- number of instances). A test mail is an ordinary broadcast marked test_mail; its report to the admins is sent
-- once, test_report_sent_at remembers when.

ALTER TABLE networks
    ADD COLUMN test_mail_enabled   BOOLEAN    NOT NULL DEFAULT TRUE
               COMMENT 'a test mail goes to every active member once a month',
    ADD COLUMN test_mail_day       TINYINT    NOT NULL DEFAULT 1
               COMMENT 'day of the month (1-28, Asia/Tokyo) of the test mail',
    ADD COLUMN test_mail_on_bounce VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'SUSPEND'
               COMMENT 'what a hard bounce of the test mail does to the member: SUSPEND or DELETE',
    ADD COLUMN test_mail_month     CHAR(7)    CHARACTER SET ascii COLLATE ascii_bin NULL
               COMMENT 'the month (yyyy-MM) whose test mail has been made: claimed by a conditional UPDATE',
    ADD CONSTRAINT ck_networks_test_mail_day CHECK (test_mail_day BETWEEN 1 AND 28),
    ADD CONSTRAINT ck_networks_test_mail_on_bounce CHECK (test_mail_on_bounce IN ('SUSPEND', 'DELETE'));

ALTER TABLE broadcasts
    ADD COLUMN test_mail           BOOLEAN     NOT NULL DEFAULT FALSE
               COMMENT 'the monthly test mail (created by the system, created_by NULL)',
    ADD COLUMN test_report_sent_at DATETIME(3) NULL
               COMMENT 'when the report of the members the test mail suspended or deleted went to the admins',
    ADD KEY ix_broadcasts_test_mail (network_id, test_mail, created_at);
