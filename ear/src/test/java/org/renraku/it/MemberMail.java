package org.renraku.it;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The personal link (m, s) found in a mail to a member. */
public record MemberMail(long memberId, String signature) {

    private static final Pattern LINK = Pattern.compile("/member/page\\.xhtml\\?m=(\\d+)&s=([A-Za-z0-9_-]+)");

    public static MemberMail of(Mailbox.Mail mail) {
        Matcher m = LINK.matcher(mail.text());
        if (!m.find()) {
            throw new AssertionError("No personal link in the mail '" + mail.subject() + "':\n" + mail.text());
        }
        return new MemberMail(Long.parseLong(m.group(1)), m.group(2));
    }
}
