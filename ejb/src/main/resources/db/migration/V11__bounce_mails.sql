-- Renraku schema, version 11: every mail read from the bounce mailbox leaves one row — what it was, what became
-- of it and why — so that nothing the mailbox received is lost without a trace, and a mail read twice (the job
-- stopped between recording it and moving it out of the inbox, or the reporting server sent it twice) is
-- recognised and not counted twice.

CREATE TABLE bounce_mails (
    id           BIGINT        NOT NULL AUTO_INCREMENT,
    digest       CHAR(64)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL
                 COMMENT 'SHA-256 of the mail''s Message-ID, or of its bytes when it has none: read again, it is recognised',
    message_id   VARCHAR(998)  NULL COMMENT 'Message-ID of the bounce mail itself, when it has one',
    size_bytes   INT           NOT NULL,
    disposition  VARCHAR(16)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL
                 COMMENT 'RECORDED (bounce events written), IGNORED (not a bounce: auto-reply, report), QUARANTINED',
    reason       VARCHAR(255)  NULL COMMENT 'why it was quarantined or ignored',
    network_id   BIGINT        NULL,
    delivery_id  BIGINT        NULL,
    events       INT           NOT NULL DEFAULT 0 COMMENT 'bounce events the policy recorded from it',
    received_at  DATETIME(3)   NULL COMMENT 'the IMAP internal date',
    created_at   DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_bounce_mails_digest (digest),
    KEY ix_bounce_mails_created (created_at),
    CONSTRAINT fk_bounce_mails_network FOREIGN KEY (network_id) REFERENCES networks (id) ON DELETE SET NULL,
    CONSTRAINT fk_bounce_mails_delivery FOREIGN KEY (delivery_id) REFERENCES deliveries (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
