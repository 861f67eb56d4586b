package org.renraku.mail.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.renraku.mail.boundary.AsyncMailer;

/**
 * Hands an {@link OutgoingMail} to {@link AsyncMailer} once the transaction that fired it has committed:
 * a link in a mail always refers to a token that exists, and nothing is sent for work that was rolled back.
 * Fired outside a transaction, the mail goes at once. Boundaries fire it with
 * {@code @Inject Event<OutgoingMail> mail; mail.fire(new OutgoingMail(…))}.
 */
@ApplicationScoped
public class MailAfterCommit {

    @Inject
    AsyncMailer mailer;

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutgoingMail mail) {
        mailer.send(mail);
    }
}
