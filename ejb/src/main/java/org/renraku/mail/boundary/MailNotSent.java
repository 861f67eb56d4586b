package org.renraku.mail.boundary;

import jakarta.ejb.ApplicationException;
import jakarta.mail.MessagingException;
import org.renraku.mail.control.SendRetries;
import org.renraku.members.entity.EmailAddress;

/**
 * A mail could not be handed to the relay; the message says why, in the server's words where it gave any.
 * {@link #permanent()}: the relay refused it for good (5xx), so trying again would not help.
 */
@ApplicationException(rollback = false)
public class MailNotSent extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    public MailNotSent(EmailAddress to, MessagingException cause) {
        super("Mail to " + to + " not sent: " + cause.getMessage(), cause);
        this.permanent = SendRetries.permanent(cause);
    }

    public boolean permanent() {
        return permanent;
    }
}
