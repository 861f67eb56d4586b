package org.renraku.mail.boundary;

import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.renraku.mail.control.OutgoingMail;

/**
 * Sends a transactional mail on a container thread, so that the request that decided it does not wait for
 * the relay: a password-reset request for an existing account answers as fast as one for an unknown account,
 * and a slow or failing relay never shows in a page. A mail that cannot be sent is logged with the reason
 * (the relay's words) — never with its text, which may hold a one-time link — and is not retried; the person
 * asks again.
 */
@Stateless
public class AsyncMailer {

    private static final Logger LOG = Logger.getLogger(AsyncMailer.class.getName());

    @Inject
    Mailer mailer;

    @Asynchronous
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void send(OutgoingMail mail) {
        try {
            mailer.send(mail.to(), mail.subject(), mail.text());
            LOG.fine(() -> "Sent " + mail);
        } catch (MailNotSent e) {
            LOG.warning(() -> "Could not send the " + mail + ": " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not send the " + mail + ": " + e, e);
        }
    }
}
