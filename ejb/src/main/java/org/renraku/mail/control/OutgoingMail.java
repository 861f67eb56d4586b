package org.renraku.mail.control;

import java.util.Objects;
import org.renraku.members.entity.EmailAddress;

/**
 * A transactional mail to send once the transaction that decided it has committed (fired as a CDI event and
 * picked up by {@link MailAfterCommit}). The text may hold a one-time link: {@link #toString()} never shows
 * it, so the mail can appear in a log line without leaking the token.
 *
 * @param what what kind of mail, for log lines (e.g. {@code password reset})
 */
public record OutgoingMail(EmailAddress to, String subject, String text, String what) {

    public OutgoingMail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(what, "what");
    }

    @Override
    public String toString() {
        return what + " mail to " + to;
    }
}
