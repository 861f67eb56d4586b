package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The personal answer links in a member's mail (/member/answer.xhtml?t=…&c=…), as the ITs of answers, surveys,
 * re-sends and the answer-status filter read them from GreenMail.
 */
final class AnswerLinks {

    /** How long the ITs of answers wait for a mail or a state. */
    static final Duration WITHIN = Duration.ofSeconds(60);

    private static final Pattern LINK = Pattern.compile("/member/answer\\.xhtml\\?t=([0-9a-z-]+)&(?:amp;)?c=(\\d+)");

    private AnswerLinks() {
    }

    /** The (token, choice) pairs of the links in a mail's text, in order. */
    static List<String[]> in(String text) {
        Matcher m = LINK.matcher(text);
        List<String[]> found = new ArrayList<>();
        while (m.find()) {
            found.add(new String[] {m.group(1), m.group(2)});
        }
        return found;
    }

    /** The links of the {@code nth} mail (from 1) with this subject in the member's inbox. */
    static List<String[]> of(String email, String subject, int nth) throws Exception {
        return in(Sql.awaitMails(email, subject, nth, WITHIN).get(nth - 1));
    }

    /** The token of the first link of the {@code nth} mail with this subject. */
    static String token(String email, String subject, int nth) throws Exception {
        List<String[]> links = of(email, subject, nth);
        assertThat(links).as("answer links in the mail '" + subject + "' to " + email).isNotEmpty();
        return links.get(0)[0];
    }
}
