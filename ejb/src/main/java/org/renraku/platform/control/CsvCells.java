package org.renraku.platform.control;

/**
 * Cells of every CSV the application writes are safe to open in a spreadsheet (CSV injection, OWASP): a cell that
 * starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return — or with their full-width
 * forms {@code ＝ ＋ － ＠}, which Japanese Excel may read the same way — is written with a leading {@code '}, so
 * Excel and LibreOffice show it as text instead of running it as a formula ({@code =HYPERLINK(…)},
 * {@code =cmd|' /C calc'!A0}, {@code @SUM(…)}, {@code +81…}, {@code -1}).
 * <p>
 * Round trip: the import of a file the application exported takes the added {@code '} away again
 * ({@link #restore}), so a member named {@code -ハナ} or an address {@code =x@example.jp} comes back as it was. So
 * that this is exact, a cell that already starts with one or more {@code '} followed by one of those characters
 * gets one more {@code '} on export, and the import removes exactly one {@code '}, and only from a cell whose
 * leading {@code '}s are followed by one of those characters: {@code restore(neutralise(x)) == x} for every
 * {@code x}, and a cell such as {@code 'quoted} or {@code O'Brien} is never changed.
 */
public final class CsvCells {

    /** What makes a spreadsheet read a cell as a formula (or start one). */
    private static final String TRIGGERS = "=+-@\t\r＝＋－＠";
    private static final char QUOTE = '\'';

    private CsvCells() {
    }

    /** The cell as written to a CSV: {@code value} with a leading {@code '} when it could be read as a formula. */
    public static String neutralise(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return triggerAfterQuotes(value, 0) ? QUOTE + value : value;
    }

    /** A cell as read from a CSV: the one {@code '} that {@link #neutralise} added taken away again. */
    public static String restore(String cell) {
        if (cell == null || cell.isEmpty() || cell.charAt(0) != QUOTE) {
            return cell;
        }
        return triggerAfterQuotes(cell, 1) ? cell.substring(1) : cell;
    }

    /** Whether, from {@code from} on and after any number of {@code '}, the next character is a trigger. */
    private static boolean triggerAfterQuotes(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) == QUOTE) {
            i++;
        }
        return i < s.length() && TRIGGERS.indexOf(s.charAt(i)) >= 0;
    }
}
