package org.renraku.delivery.batch;

import jakarta.mail.internet.MimeMessage;

/** A composed (and signed) message for one delivery; {@code message} null when the delivery is skipped. */
record Outgoing(long deliveryId, MimeMessage message) {
}
