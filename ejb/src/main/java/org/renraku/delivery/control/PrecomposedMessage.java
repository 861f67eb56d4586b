package org.renraku.delivery.control;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A message that is already written: {@code writeTo} sends its bytes as they are, so Angus's
 * {@code SMTPTransport} stays the SMTP client (envelope from the {@link SMTPMessage}'s envelope sender, dot
 * stuffing, the end of DATA) while nothing is encoded again per member. The bytes are final: saving changes
 * does nothing. Made {@link #of} for sending (no header is parsed), or {@link #parsed} when its headers are
 * to be read as well.
 */
public final class PrecomposedMessage extends SMTPMessage {

    private final byte[] bytes;

    private PrecomposedMessage(Session session, byte[] bytes, String envelopeFrom) {
        super(session);
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        setEnvelopeFrom(envelopeFrom);
    }

    /** For sending: the bytes and the envelope sender (VERP). */
    public static PrecomposedMessage of(Session session, byte[] bytes, String envelopeFrom) {
        return new PrecomposedMessage(session, bytes, envelopeFrom);
    }

    /** As {@link #of}, with the header block parsed, so that {@code getHeader}, {@code getMessageID}… answer. */
    public static PrecomposedMessage parsed(Session session, byte[] bytes, String envelopeFrom)
            throws MessagingException {
        PrecomposedMessage m = new PrecomposedMessage(session, bytes, envelopeFrom);
        m.headers = new InternetHeaders(new ByteArrayInputStream(bytes));
        return m;
    }

    /** The message as it goes out. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public void writeTo(OutputStream os) throws IOException {
        os.write(bytes);
    }

    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
        os.write(bytes);
    }

    @Override
    public int getSize() {
        return bytes.length;
    }

    @Override
    public void saveChanges() {
        // the bytes are final
    }
}
