package org.renraku.mail.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The message patterns of each bounce reason, ported from Sisimai 4.25.15 ({@code lib/Sisimai/Reason/*.pm},
 * BSD 2-Clause License, Copyright (C) 2014 azumakuniyuki) into {@code reason-patterns.tsv} beside this class:
 * fixed lower-case phrases ("index"), phrases that rule a reason out ("isnot") and regular expressions. They are
 * matched against the lower-cased diagnostic text, which callers cut to {@link #MAX_TEXT} characters so that no
 * pattern's work grows without bound.
 */
public final class ReasonPatterns {

    /** The longest diagnostic text the patterns read: a server's reply is short, the rest is noise. */
    public static final int MAX_TEXT = 4096;

    private record Entry(List<String> index, List<String> isnot, List<Pattern> regex) {
    }

    private static final Map<BounceReason, Entry> TABLE = load();

    private ReasonPatterns() {
    }

    /** True when the lower-cased text says this reason (Sisimai's {@code match}). */
    static boolean match(BounceReason reason, String lower) {
        Entry e = TABLE.get(reason);
        if (e == null || lower == null || lower.isEmpty()) {
            return false;
        }
        ClassificationBudget.check();
        String t = lower.length() > MAX_TEXT ? lower.substring(0, MAX_TEXT) : lower;
        for (String s : e.isnot()) {
            if (t.contains(s)) {
                return false;
            }
        }
        for (String s : e.index()) {
            if (t.contains(s)) {
                return true;
            }
        }
        for (Pattern p : e.regex()) {
            if (p.matcher(ClassificationBudget.watched(t)).find()) {
                return true;
            }
        }
        return false;
    }

    private static Map<BounceReason, Entry> load() {
        Map<BounceReason, Entry> table = new EnumMap<>(BounceReason.class);
        try (InputStream in = ReasonPatterns.class.getResourceAsStream("reason-patterns.tsv")) {
            if (in == null) {
                throw new IllegalStateException("reason-patterns.tsv is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 3);
                if (f.length < 3) {
                    throw new IllegalStateException("reason-patterns.tsv: bad line: " + line);
                }
                BounceReason reason = BounceReason.of(f[0])
                        .orElseThrow(() -> new IllegalStateException("reason-patterns.tsv: unknown reason " + f[0]));
                Entry e = table.computeIfAbsent(reason, k -> new Entry(new ArrayList<>(), new ArrayList<>(),
                        new ArrayList<>()));
                switch (f[1]) {
                    case "index" -> e.index().add(f[2]);
                    case "isnot" -> e.isnot().add(f[2]);
                    case "regex" -> e.regex().add(Pattern.compile(f[2]));
                    default -> throw new IllegalStateException("reason-patterns.tsv: unknown kind " + f[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }
}
