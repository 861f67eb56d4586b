package org.renraku.answers.control;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.renraku.broadcasts.entity.AnswerChoices;
import org.renraku.broadcasts.entity.AnswerKind;

/**
 * Reads the answer in a member's reply to a broadcast: the first line the member wrote (the quoted mail below — lines
 * starting with {@code >}, or everything after a "wrote:" / 「書きました」 / "Original Message" line — is ignored),
 * compared after {@link AnswerChoices#canonical} (full-width and half-width alike, ○/〇/◯, ×/✕/x, …) and with a
 * polite ending (です, します, 。, !) taken off. A confirmation takes 了解, 確認, 確認しました, OK, はい, ○ …; a
 * choice takes the choice's text, or that text followed by a space or punctuation and anything (「○ 参加します」).
 * When the body has nothing, the subject (without Re:) is read the same way.
 */
public final class Keywords {

    /** The answer read from a reply: confirmed ({@code choice} empty) or the 1-based choice. */
    public record Match(Optional<Integer> choice) {
        public static Match confirmed() { return new Match(Optional.empty()); }
        public static Match choice(int n) { return new Match(Optional.of(n)); }
    }

    static final Set<String> CONFIRM = Set.of("了解", "確認", "確認しました", "確認済み", "確認済", "了解しました",
            "りょうかい", "かくにん", "承知", "承知しました", "ok", "okay", "おk", "はい", "読みました", "○");

    private static final Pattern QUOTE_HEADER = Pattern.compile(
            "(?i)^(-{2,}.*(original message|元のメッセージ|forwarded|転送|返信).*|on .+wrote:?|.+(wrote|書きました|書き込みました|のメッセージ)\\s*[:：]?)$");
    private static final Pattern ENDING = Pattern.compile("(です|でした|します|しました|ます|でお願いします|でおねがいします|お願いします|よろしくお願いします|[。．.!！、,，~〜ー]+)+$");
    private static final Pattern REPLY_PREFIX = Pattern.compile("(?i)^\\s*((re|fw|fwd)\\s*[:：]\\s*|\\[[^]]*]\\s*)+");

    private Keywords() {
    }

    /**
     * The answer in a reply to a broadcast asking {@code kind} with {@code choices} (CHOICE), or empty when the
     * reply carries none of the keywords.
     */
    public static Optional<Match> read(AnswerKind kind, List<String> choices, String subject, String text) {
        Optional<Match> m = match(kind, choices, firstLine(text));
        if (m.isEmpty() && firstLine(text) == null && subject != null) {
            m = match(kind, choices, REPLY_PREFIX.matcher(subject).replaceFirst("").strip());
        }
        return m;
    }

    /** The first non-blank line the member wrote above the quoted mail; null when there is none. */
    static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith(">") || line.startsWith("＞") || line.startsWith("|")
                    || QUOTE_HEADER.matcher(line).matches()) {
                return null; // the quote begins before the member wrote anything
            }
            return line;
        }
        return null;
    }

    static Optional<Match> match(AnswerKind kind, List<String> choices, String line) {
        if (line == null || line.isBlank()) {
            return Optional.empty();
        }
        String said = AnswerChoices.canonical(line);
        String plain = AnswerChoices.canonical(ENDING.matcher(AnswerChoices.normalize(line)).replaceFirst(""));
        if (kind == AnswerKind.CONFIRM) {
            return CONFIRM.contains(said) || CONFIRM.contains(plain) ? Optional.of(Match.confirmed()) : Optional.empty();
        }
        if (kind != AnswerKind.CHOICE || choices == null) {
            return Optional.empty();
        }
        for (int i = 0; i < choices.size(); i++) {
            String c = AnswerChoices.canonical(choices.get(i));
            if (c.equals(said) || c.equals(plain)) {
                return Optional.of(Match.choice(i + 1));
            }
        }
        // "○ 参加します", "×、欠席です": the longest choice followed by a space or punctuation
        String spaced = AnswerChoices.spaced(line);
        int best = -1;
        int bestLength = 0;
        for (int i = 0; i < choices.size(); i++) {
            for (String variant : AnswerChoices.spellings(choices.get(i))) {
                if (spaced.length() > variant.length() && spaced.startsWith(variant)
                        && isSeparator(spaced.codePointAt(variant.length())) && variant.length() > bestLength) {
                    best = i;
                    bestLength = variant.length();
                }
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(Match.choice(best + 1));
    }

    private static boolean isSeparator(int cp) {
        return Character.isWhitespace(cp) || "。、,.!！:：/・（(「".indexOf(cp) >= 0;
    }
}
