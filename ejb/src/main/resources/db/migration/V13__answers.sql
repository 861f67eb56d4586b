-- Renraku schema, version 13: answers to broadcasts (issue #7) — read confirmations (「確認しました」) and answers
-- with choices (○/×/未定 or up to 10 of the admin's own), given through a personal link of the broadcast's mail or
-- by a keyword reply to the broadcast's own reply address. The latest answer of a member counts: one row per
-- broadcast and member, updated in place.
--
-- Room for the survey (アンケート, a later step): answer_kind SURVEY, its questions in broadcasts.answer_questions
-- and a member's values in answers.survey_values — both JSON, unused until then.

ALTER TABLE broadcasts
    ADD COLUMN answer_kind      VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'NONE'
               COMMENT 'NONE, CONFIRM (read confirmation), CHOICE (one of answer_choices), SURVEY (reserved)',
    ADD COLUMN answer_choices   JSON        NULL
               COMMENT 'CHOICE: the choices in order, ["○","×","未定"] or 1-10 of the admin''s own; answers.choice is 1-based',
    ADD COLUMN answer_questions JSON        NULL
               COMMENT 'SURVEY (reserved): the questions; NULL otherwise',
    ADD COLUMN answer_deadline  DATETIME(3) NULL
               COMMENT 'answers are taken until then; NULL = no deadline',
    ADD CONSTRAINT ck_broadcasts_answer_kind CHECK (answer_kind IN ('NONE', 'CONFIRM', 'CHOICE', 'SURVEY'));

CREATE TABLE answers (
    id             BIGINT      NOT NULL AUTO_INCREMENT,
    network_id     BIGINT      NOT NULL COMMENT 'the broadcast''s network, for scoping every query',
    broadcast_id   BIGINT      NOT NULL,
    member_id      BIGINT      NOT NULL,
    choice         TINYINT     NULL
                   COMMENT '1-10: the n-th of broadcasts.answer_choices; NULL = confirmed only (CONFIRM, or SURVEY)',
    survey_values  JSON        NULL COMMENT 'SURVEY (reserved): the member''s values per question',
    via            VARCHAR(8)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'LINK (personal link), MAIL (keyword reply)',
    answered_at    DATETIME(3) NOT NULL COMMENT 'when the answer that counts (the latest) was given',
    first_at       DATETIME(3) NOT NULL COMMENT 'when the member first answered',
    changes        INT         NOT NULL DEFAULT 0 COMMENT 'how often the member changed the answer',
    PRIMARY KEY (id),
    -- the latest answer counts: one row per broadcast and member
    UNIQUE KEY uk_answers_broadcast_member (broadcast_id, member_id),
    -- the tally: counts per choice of one broadcast
    KEY ix_answers_broadcast_choice (broadcast_id, choice),
    KEY ix_answers_member (member_id),
    KEY ix_answers_network (network_id),
    CONSTRAINT fk_answers_network FOREIGN KEY (network_id) REFERENCES networks (id),
    CONSTRAINT fk_answers_broadcast FOREIGN KEY (broadcast_id) REFERENCES broadcasts (id) ON DELETE CASCADE,
    CONSTRAINT fk_answers_member FOREIGN KEY (member_id) REFERENCES members (id) ON DELETE CASCADE,
    CONSTRAINT ck_answers_choice CHECK (choice IS NULL OR choice BETWEEN 1 AND 10),
    CONSTRAINT ck_answers_via CHECK (via IN ('LINK', 'MAIL'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
