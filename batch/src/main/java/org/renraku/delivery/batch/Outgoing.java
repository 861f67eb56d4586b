package org.renraku.delivery.batch;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import org.renraku.delivery.boundary.DeliveryRun;

/**
 * One delivery on its way through a chunk: its recipient and the partition's {@link ComposeProcessor.Composer}.
 * The message is written (once, by the broadcast's template, and signed when the domain has a key) only when the
 * writer sends it: a chunk holds recipients, not a chunk's worth of messages that outlive young collections.
 * {@code pending} null when the delivery is skipped.
 */
record Outgoing(long deliveryId, DeliveryRun.Pending pending, ComposeProcessor.Composer composer) {

    /** The written message, its recipient and VERP envelope sender. */
    record Message(byte[] bytes, InternetAddress to, String envelopeFrom) {
    }

    static Outgoing skipped(long deliveryId) {
        return new Outgoing(deliveryId, null, null);
    }

    boolean isSkipped() {
        return pending == null;
    }

    /** The domain of the recipient's address (one recipient per message). */
    String domain() {
        String address = pending.email() == null ? "" : pending.email();
        return address.substring(address.lastIndexOf('@') + 1);
    }

    Message compose() throws MessagingException {
        return composer.compose(pending);
    }
}
