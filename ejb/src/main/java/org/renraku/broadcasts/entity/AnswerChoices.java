package org.renraku.broadcasts.entity;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.ArrayList;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The choices of a broadcast that asks for an answer: the preset ○ / × / 未定 or 1-{@value #MAX} of the admin's own
 * (one a line when composing), each 1-{@value #MAX_LENGTH} characters, no two alike. Stored as a JSON array of
 * strings in {@code broadcasts.answer_choices}; an answer's choice is the 1-based position.
 */
public final class AnswerChoices {

    public static final int MAX = 10;
    public static final int MAX_LENGTH = 40;
    public static final List<String> PRESET = List.of("○", "×", "未定");

    /** Why a list of choices cannot be used. */
    public enum Problem { NONE_GIVEN, TOO_MANY, TOO_LONG, DUPLICATE }

    private AnswerChoices() {
    }

    /** The non-blank lines of a text area, stripped, in order. */
    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\\R")) {
                String s = line.strip();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** What is wrong with the choices, or null when they can be used. */
    public static Problem problem(List<String> choices) {
        if (choices == null || choices.isEmpty()) {
            return Problem.NONE_GIVEN;
        }
        if (choices.size() > MAX) {
            return Problem.TOO_MANY;
        }
        Set<String> seen = new HashSet<>();
        for (String c : choices) {
            if (c == null || c.isBlank()) {
                return Problem.NONE_GIVEN;
            }
            if (c.codePointCount(0, c.length()) > MAX_LENGTH) {
                return Problem.TOO_LONG;
            }
            if (!seen.add(canonical(c))) {
                return Problem.DUPLICATE;
            }
        }
        return null;
    }

    public static String toJson(List<String> choices) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        choices.forEach(array::add);
        return array.build().toString();
    }

    public static List<String> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readArray().getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
    }

    /** Spellings of the preset choices that mean the same on a phone keyboard (after {@link #normalize}). */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("〇", "○"), Map.entry("◯", "○"), Map.entry("⭕", "○"), Map.entry("o", "○"),
            Map.entry("まる", "○"), Map.entry("マル", "○"),
            Map.entry("✕", "×"), Map.entry("✖", "×"), Map.entry("❌", "×"), Map.entry("x", "×"),
            Map.entry("ばつ", "×"), Map.entry("バツ", "×"), Map.entry("ぺけ", "×"),
            Map.entry("みてい", "未定"), Map.entry("△", "未定"));

    /**
     * The form two spellings are compared in: NFKC (full-width ASCII and digits become half-width, half-width
     * kana full-width), lower case, no white space at all.
     */
    public static String normalize(String s) {
        if (s == null) {
            return "";
        }
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return n.replaceAll("[\\s\u3000\uFE0F]+", "");
    }

    /** {@link #normalize}d, and a known spelling of ○ / × / 未定 as the preset writes it. */
    public static String canonical(String s) {
        String n = normalize(s);
        return ALIASES.getOrDefault(n, n);
    }

    /** NFKC and lower case like {@link #normalize}, but with white space kept (runs of it as one space). */
    public static String spaced(String s) {
        if (s == null) {
            return "";
        }
        return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replace("\uFE0F", "")
                .replaceAll("\\s+", " ").strip();
    }

    /** The ways a choice may be written at the start of a reply: its own text ({@link #spaced}) and its aliases. */
    public static Set<String> spellings(String choice) {
        Set<String> out = new HashSet<>();
        out.add(spaced(choice));
        String c = canonical(choice);
        ALIASES.forEach((alias, meant) -> {
            if (meant.equals(c)) {
                out.add(alias);
            }
        });
        out.add(c);
        return out;
    }
}
