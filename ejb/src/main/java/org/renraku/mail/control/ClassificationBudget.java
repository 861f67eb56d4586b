package org.renraku.mail.control;

import java.time.Duration;

/**
 * The limits of one classification, so that a hostile mail costs a bounded amount of work: a time budget checked
 * while the mail is read and its texts are matched, a cap on MIME nesting and on the number of parts, and caps on
 * how much of a line, a field or a text the patterns read. A mail over a limit is reported unreadable with the
 * reason, and the bounce job quarantines it (it is never retried).
 */
public final class ClassificationBudget {

    /**
     * The time one classification may take by default: generous, since a real bounce takes milliseconds and the
     * caps below bound a hostile one; it is the last line, for what the caps do not foresee, on a busy machine.
     */
    public static final Duration DEFAULT_TIME = Duration.ofSeconds(5);
    /** The deepest MIME nesting read: real bounces nest three or four levels. */
    public static final int MAX_DEPTH = 12;
    /** The most MIME parts read in one mail. */
    public static final int MAX_PARTS = 500;
    /** The longest line of a bounce text the line patterns read (a server's reply line is short). */
    public static final int MAX_LINE = 4096;

    /** Thrown when a classification goes over one of its limits; the classifier turns it into a reason. */
    public static final class Exceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exceeded(String why) {
            super(why, null, false, false);
        }
    }

    private static final ThreadLocal<long[]> DEADLINE = new ThreadLocal<>();

    private ClassificationBudget() {
    }

    /** Starts the budget of a classification on this thread. */
    public static void start(Duration time) {
        DEADLINE.set(new long[] { System.nanoTime() + time.toNanos(), 0 });
    }

    /** Ends the budget of the classification on this thread. */
    public static void end() {
        DEADLINE.remove();
    }

    /** Throws when the classification on this thread has used its time. No budget started: no limit. */
    public static void check() {
        long[] d = DEADLINE.get();
        if (d != null && System.nanoTime() - d[0] >= 0) {
            throw new Exceeded("over the time budget of a classification");
        }
    }

    /** Counts one MIME part at a nesting depth; throws past the caps. */
    public static void part(int depth) {
        if (depth > MAX_DEPTH) {
            throw new Exceeded("MIME parts nested deeper than " + MAX_DEPTH + " levels");
        }
        long[] d = DEADLINE.get();
        if (d != null && ++d[1] > MAX_PARTS) {
            throw new Exceeded("more than " + MAX_PARTS + " MIME parts");
        }
        check();
    }

    /**
     * The text as a regular expression should read it: every few thousand characters read, the time budget is
     * checked, so that even a pattern that backtracks without end stops at the budget (unreadable, quarantined)
     * instead of holding its thread.
     */
    public static CharSequence watched(CharSequence text) {
        return DEADLINE.get() == null ? text : new Watched(text);
    }

    private record Watched(CharSequence text) implements CharSequence {
        private static final ThreadLocal<int[]> READS = ThreadLocal.withInitial(() -> new int[1]);

        @Override
        public char charAt(int index) {
            int[] reads = READS.get();
            if ((++reads[0] & 0xFFF) == 0) {
                check();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Watched(text.subSequence(start, end));
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /** The text with each line cut to {@link #MAX_LINE} characters. */
    public static String boundedLines(String text) {
        if (text.length() <= MAX_LINE) {
            return text;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 1 << 20));
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int end = nl < 0 ? text.length() : nl;
            out.append(text, from, Math.min(end, from + MAX_LINE));
            if (nl < 0) {
                break;
            }
            out.append('\n');
            from = nl + 1;
        }
        return out.toString();
    }
}
