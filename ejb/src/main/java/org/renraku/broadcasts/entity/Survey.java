package org.renraku.broadcasts.entity;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.Serializable;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A survey (アンケート, {@link AnswerKind#SURVEY}): up to {@value #MAX_QUESTIONS} questions, each a text, a kind
 * (one choice, several choices, free text), for the choice kinds 1-{@value AnswerChoices#MAX} choices, and whether
 * it must be answered. Stored as JSON in {@code broadcasts.answer_questions}; a member's values as JSON in
 * {@code answers.survey_values}: an array with one element per question — null (not answered), an array of 1-based
 * choice numbers (one for {@link Kind#SINGLE}) or a string (free text).
 */
public final class Survey {

    public static final int MAX_QUESTIONS = 10;
    public static final int MAX_TEXT = 200;
    public static final int MAX_ANSWER = 2000;

    public enum Kind { SINGLE, MULTIPLE, TEXT;
        public boolean hasChoices() {
            return this != TEXT;
        }
    }

    /** One question of a survey. */
    public record Question(String text, Kind kind, List<String> choices, boolean required) implements Serializable {
        public Question {
            Objects.requireNonNull(kind, "kind");
            text = text == null ? "" : text.strip();
            choices = List.copyOf(choices == null || !kind.hasChoices() ? List.of() : choices);
        }
    }

    /** A member's value for one question: the 1-based choices (empty for free text) and the text (else null). */
    public record Value(List<Integer> choices, String text) implements Serializable {
        public static final Value EMPTY = new Value(List.of(), null);

        public Value {
            choices = List.copyOf(new TreeSet<>(choices == null ? List.of() : choices));
            text = text == null || text.isBlank() ? null : text.strip();
        }

        public boolean isEmpty() {
            return choices.isEmpty() && text == null;
        }
    }

    /** Why a survey cannot be used (question: the 1-based question concerned, 0 for the whole survey). */
    public record Problem(Reason reason, int question) {
    }

    public enum Reason { NONE_GIVEN, TOO_MANY, TEXT_MISSING, TEXT_TOO_LONG, CHOICES_NONE, CHOICES_TOO_MANY,
        CHOICE_TOO_LONG, CHOICES_DUPLICATE }

    /** Why a member's values cannot be taken (question: 1-based). */
    public record Refusal(RefusalReason reason, int question) {
    }

    public enum RefusalReason { REQUIRED, CHOICE, TOO_LONG }

    private Survey() {
    }

    /** What is wrong with the questions, or null when they can be used. */
    public static Problem problem(List<Question> questions) {
        if (questions == null || questions.isEmpty()) {
            return new Problem(Reason.NONE_GIVEN, 0);
        }
        if (questions.size() > MAX_QUESTIONS) {
            return new Problem(Reason.TOO_MANY, 0);
        }
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            int n = i + 1;
            if (q.text().isEmpty()) {
                return new Problem(Reason.TEXT_MISSING, n);
            }
            if (q.text().codePointCount(0, q.text().length()) > MAX_TEXT) {
                return new Problem(Reason.TEXT_TOO_LONG, n);
            }
            if (q.kind().hasChoices()) {
                AnswerChoices.Problem p = AnswerChoices.problem(q.choices());
                if (p != null) {
                    return new Problem(switch (p) {
                        case NONE_GIVEN -> Reason.CHOICES_NONE;
                        case TOO_MANY -> Reason.CHOICES_TOO_MANY;
                        case TOO_LONG -> Reason.CHOICE_TOO_LONG;
                        case DUPLICATE -> Reason.CHOICES_DUPLICATE;
                    }, n);
                }
            }
        }
        return null;
    }

    /** Why {@code values} (one per question; missing ones count as empty) cannot be taken, or null. */
    public static Refusal refusal(List<Question> questions, List<Value> values) {
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            Value v = values != null && i < values.size() && values.get(i) != null ? values.get(i) : Value.EMPTY;
            int n = i + 1;
            if (v.isEmpty()) {
                if (q.required()) {
                    return new Refusal(RefusalReason.REQUIRED, n);
                }
                continue;
            }
            if (q.kind().hasChoices()) {
                if (v.text() != null || (q.kind() == Kind.SINGLE && v.choices().size() > 1)
                        || v.choices().stream().anyMatch(c -> c < 1 || c > q.choices().size())) {
                    return new Refusal(RefusalReason.CHOICE, n);
                }
            } else if (!v.choices().isEmpty()) {
                return new Refusal(RefusalReason.CHOICE, n);
            } else if (v.text().codePointCount(0, v.text().length()) > MAX_ANSWER) {
                return new Refusal(RefusalReason.TOO_LONG, n);
            }
        }
        return null;
    }

    public static String questionsToJson(List<Question> questions) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (Question q : questions) {
            JsonArrayBuilder choices = Json.createArrayBuilder();
            q.choices().forEach(choices::add);
            array.add(Json.createObjectBuilder().add("text", q.text()).add("kind", q.kind().name())
                    .add("choices", choices).add("required", q.required()));
        }
        return array.build().toString();
    }

    public static List<Question> questionsFromJson(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            List<Question> out = new ArrayList<>();
            for (JsonObject o : reader.readArray().getValuesAs(JsonObject.class)) {
                JsonArray choices = o.getJsonArray("choices");
                out.add(new Question(o.getString("text", ""), Kind.valueOf(o.getString("kind")),
                        choices == null ? List.of()
                                : choices.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList(),
                        o.getBoolean("required", false)));
            }
            return out;
        }
    }

    public static String valuesToJson(List<Value> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (Value v : values) {
            if (v == null || v.isEmpty()) {
                array.addNull();
            } else if (v.text() != null) {
                array.add(v.text());
            } else {
                JsonArrayBuilder choices = Json.createArrayBuilder();
                v.choices().forEach(choices::add);
                array.add(choices);
            }
        }
        return array.build().toString();
    }

    /** The values of {@code json}, one per question ({@code count}: missing ones are empty). */
    public static List<Value> valuesFromJson(String json, int count) {
        List<Value> out = new ArrayList<>();
        if (json != null && !json.isBlank()) {
            try (JsonReader reader = Json.createReader(new StringReader(json))) {
                for (JsonValue v : reader.readArray()) {
                    out.add(switch (v.getValueType()) {
                        case STRING -> new Value(List.of(), ((JsonString) v).getString());
                        case ARRAY -> new Value(v.asJsonArray().getValuesAs(JsonNumber.class).stream()
                                .map(JsonNumber::intValue).toList(), null);
                        default -> Value.EMPTY;
                    });
                }
            }
        }
        while (out.size() < count) {
            out.add(Value.EMPTY);
        }
        return List.copyOf(out.subList(0, Math.max(count, 0)));
    }

    /** The value as a member or admin reads it: the choices' texts joined with " / ", or the text; "" if none. */
    public static String display(Question q, Value v) {
        if (v == null || v.isEmpty()) {
            return "";
        }
        if (v.text() != null) {
            return v.text();
        }
        List<String> texts = new ArrayList<>();
        for (int c : v.choices()) {
            if (c >= 1 && c <= q.choices().size()) {
                texts.add(q.choices().get(c - 1));
            }
        }
        return String.join(" / ", texts);
    }
}
