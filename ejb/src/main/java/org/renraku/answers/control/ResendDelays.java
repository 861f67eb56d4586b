package org.renraku.answers.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When the automatic re-sends (再送) of a broadcast asking for answers go: minutes after the broadcast finished
 * sending, at most {@link #MAX} of them, strictly increasing, each 1 minute to {@link #MAX_MINUTES} (a week);
 * stored as {@code broadcasts.resend_delays} ({@code "15,30,60"}), null for none. The admin types them as
 * {@code 15, 30, 60} (spaces, 、 and full-width digits are fine).
 */
public final class ResendDelays {

    /** Re-sends per broadcast, automatic and on demand together. */
    public static final int MAX = 3;
    /** The latest a re-send may be set: a week after the broadcast. */
    public static final int MAX_MINUTES = 7 * 24 * 60;
    /** What the compose page offers: 15, 30 and 60 minutes. */
    public static final List<Integer> DEFAULT = List.of(15, 30, 60);

    /** Why the admin's text is refused. */
    public enum Problem { NOT_A_NUMBER, TOO_MANY, OUT_OF_RANGE, NOT_INCREASING }

    private ResendDelays() {
    }

    /** The problem of the admin's text, or null when {@link #parse} takes it. */
    public static Problem problem(String text) {
        List<String> parts = parts(text);
        if (parts.size() > MAX) {
            return Problem.TOO_MANY;
        }
        int last = 0;
        for (String p : parts) {
            int minutes;
            try {
                minutes = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                return Problem.NOT_A_NUMBER;
            }
            if (minutes < 1 || minutes > MAX_MINUTES) {
                return Problem.OUT_OF_RANGE;
            }
            if (minutes <= last) {
                return Problem.NOT_INCREASING;
            }
            last = minutes;
        }
        return null;
    }

    /** The minutes of the admin's text (empty for blank: no automatic re-send); checked by {@link #problem}. */
    public static List<Integer> parse(String text) {
        Problem problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException("Unusable re-send delays '" + text + "': " + problem);
        }
        return parts(text).stream().map(Integer::parseInt).toList();
    }

    /** The stored form, {@code "15,30,60"}, or null for none. */
    public static String format(List<Integer> minutes) {
        if (minutes == null || minutes.isEmpty()) {
            return null;
        }
        String text = String.join(",", minutes.stream().map(String::valueOf).toList());
        parse(text);
        return text;
    }

    /** The text the compose page shows: {@code "15, 30, 60"}. */
    public static String display(List<Integer> minutes) {
        return minutes == null ? "" : String.join(", ", minutes.stream().map(String::valueOf).toList());
    }

    /** The stored form read back; unreadable text is no re-send. */
    public static List<Integer> stored(String column) {
        return column == null || problem(column) != null ? List.of() : parse(column);
    }

    /**
     * When the next automatic re-send is due: the {@code done}-th delay (0-based) after {@code finishedAt}; empty
     * when there is none left (all delays used, or {@link #MAX} re-sends made).
     */
    public static Optional<Instant> next(List<Integer> minutes, int done, Instant finishedAt) {
        if (finishedAt == null || done >= MAX || done >= minutes.size()) {
            return Optional.empty();
        }
        return Optional.of(finishedAt.plus(Duration.ofMinutes(minutes.get(done))));
    }

    /**
     * The re-sends counted as made after an automatic re-send at {@code now}: every delay that has passed by then
     * (missed ones are not made up one by one), or {@code done} itself when none is due.
     */
    public static int dueThrough(List<Integer> minutes, int done, Instant finishedAt, Instant now) {
        int upTo = done;
        while (next(minutes, upTo, finishedAt).filter(t -> !t.isAfter(now)).isPresent()) {
            upTo++;
        }
        return upTo;
    }

    private static List<String> parts(String text) {
        List<String> parts = new ArrayList<>();
        if (text == null) {
            return parts;
        }
        StringBuilder normal = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c >= '０' && c <= '９') {
                normal.append((char) ('0' + (c - '０')));
            } else if (c == '、' || c == '，' || c == ',' || Character.isWhitespace(c) || c == '\u3000') {
                normal.append(' ');
            } else {
                normal.append(c);
            }
        }
        for (String p : normal.toString().strip().split(" +")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        return parts;
    }
}
