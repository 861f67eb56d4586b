package org.renraku.broadcasts.entity;

/**
 * What a broadcast asks of its members ({@code broadcasts.answer_kind}): nothing, a read confirmation
 * (「確認しました」), one of its choices, or — reserved for a later step — a survey (アンケート).
 */
public enum AnswerKind {
    NONE, CONFIRM, CHOICE, SURVEY;

    /** True when members are asked to answer. */
    public boolean asks() {
        return this != NONE;
    }
}
