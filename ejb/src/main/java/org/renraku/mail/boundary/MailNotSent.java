package org.renraku.mail.boundary;

import jakarta.ejb.ApplicationException;
import jakarta.mail.MessagingException;
import org.renraku.members.entity.EmailAddress;

/** A mail could not be handed to the relay; the message says why, in the server's words where it gave any. */
@ApplicationException(rollback = false)
public class MailNotSent extends Exception {

    private static final long serialVersionUID = 1L;

    public MailNotSent(EmailAddress to, MessagingException cause) {
        super("Mail to " + to + " not sent: " + cause.getMessage(), cause);
    }
}
