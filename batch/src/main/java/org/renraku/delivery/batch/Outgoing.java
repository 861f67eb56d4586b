package org.renraku.delivery.batch;

import jakarta.mail.internet.InternetAddress;

/**
 * One delivery's message as it goes out (written once by the broadcast's template, signed when the domain has a
 * key), its recipient and VERP envelope sender; {@code bytes} null when the delivery is skipped.
 */
record Outgoing(long deliveryId, byte[] bytes, InternetAddress to, String envelopeFrom) {

    static Outgoing skipped(long deliveryId) {
        return new Outgoing(deliveryId, null, null, null);
    }

    boolean isSkipped() {
        return bytes == null;
    }
}
