package org.renraku.answers.boundary;

import jakarta.ejb.ApplicationException;
import java.util.Objects;

/**
 * An answer or an answer setting the rules refuse: a key of the web module's message bundle ({@code answer.error.*})
 * and its arguments. The transaction rolls back; the page shows the message.
 */
@ApplicationException(rollback = true)
public class AnswerException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The link does not verify, or names no delivery of a broadcast that asks for an answer. */
    public static final String INVALID = "answer.error.invalid";
    /** The deadline has passed. */
    public static final String CLOSED = "answer.error.closed";
    /** Not one of the broadcast's choices. */
    public static final String CHOICE = "answer.error.choice";
    /** Compose: no choices, more than 10, one too long, two alike (argument: the limit). */
    public static final String CHOICES_NONE = "answer.error.choicesNone";
    public static final String CHOICES_TOO_MANY = "answer.error.choicesTooMany";
    public static final String CHOICES_TOO_LONG = "answer.error.choicesTooLong";
    public static final String CHOICES_DUPLICATE = "answer.error.choicesDuplicate";
    /** Compose: a deadline in the past. */
    public static final String DEADLINE_PAST = "answer.error.deadlinePast";
    /** Compose: the broadcast is no longer a draft, or not the admin's network's. */
    public static final String NOT_DRAFT = "answer.error.notDraft";

    /** Survey (アンケート): the key of a {@link org.renraku.broadcasts.entity.Survey.Reason} or
     * {@link org.renraku.broadcasts.entity.Survey.RefusalReason}, arguments: the question's number and the limit. */
    public static String survey(Enum<?> reason) {
        String[] words = reason.name().toLowerCase(java.util.Locale.ROOT).split("_");
        StringBuilder b = new StringBuilder("answer.error.survey.").append(words[0]);
        for (int i = 1; i < words.length; i++) {
            b.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return b.toString();
    }

    private final String key;
    private final String[] arguments;

    public AnswerException(String key, String... arguments) {
        super(Objects.requireNonNull(key, "key"));
        this.key = key;
        this.arguments = arguments == null ? new String[0] : arguments.clone();
    }

    public String key() {
        return key;
    }

    public String[] arguments() {
        return arguments.clone();
    }
}
