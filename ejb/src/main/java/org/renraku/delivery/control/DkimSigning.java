package org.renraku.delivery.control;

import org.renraku.broadcasts.control.MailHeaders;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.security.interfaces.RSAPrivateKey;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimException;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

/**
 * DKIM signatures (RFC 6376, rsa-sha256, relaxed/relaxed) with {@code org.simplejavamail:utils-mail-dkim}
 * (Apache License 2.0; a Jakarta Mail port of the DKIM-for-JavaMail signer). It signs when the message is
 * written to the SMTP connection, over exactly the bytes that go out, and covers {@link MailHeaders#SIGNED}.
 * <p>
 * The library's signer keeps a {@code Signature} and a {@code MessageDigest}: it is not thread-safe, so each
 * sending thread makes its own {@code DkimSigning} (cheap: no key parsing). It never looks up DNS.
 */
public final class DkimSigning {

    private final DkimSigner signer;

    public DkimSigning(String domain, String selector, RSAPrivateKey key) {
        try {
            signer = new DkimSigner(domain, selector, key);
            signer.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
            signer.setHeaderCanonicalization(Canonicalization.RELAXED);
            signer.setBodyCanonicalization(Canonicalization.RELAXED);
            signer.setLengthParam(false);
            signer.setCheckDomainKey(false);
            for (String header : MailHeaders.SIGNED) {
                signer.addHeaderToSign(header);
            }
        } catch (DkimException e) {
            throw new IllegalArgumentException("Cannot sign for " + domain + " with selector " + selector, e);
        }
    }

    /**
     * The message that carries a DKIM-Signature when written; it keeps the original's Message-ID and envelope
     * sender (VERP).
     */
    public SMTPMessage sign(MimeMessage message) throws MessagingException {
        SignedMessage signed = new SignedMessage(message, signer);
        if (message instanceof SMTPMessage smtp) {
            signed.setEnvelopeFrom(smtp.getEnvelopeFrom());
        }
        return signed;
    }

    private static final class SignedMessage extends DkimMessage {
        private final String messageId;

        SignedMessage(MimeMessage message, DkimSigner signer) throws MessagingException {
            super(message, signer);
            this.messageId = message.getMessageID();
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            if (messageId == null) {
                super.updateMessageID();
            } else {
                setHeader(MailHeaders.MESSAGE_ID, messageId);
            }
        }
    }
}
