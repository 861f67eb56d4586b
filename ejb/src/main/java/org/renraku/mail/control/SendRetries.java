package org.renraku.mail.control;

import jakarta.mail.MessagingException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * When a transactional mail that could not be sent is tried again: a relay that cannot be reached or answers
 * 4xx (busy, greylisting, closing) gets the mail again after {@link #DELAYS} (5 s, 30 s, 2 min); a 5xx answer
 * (no such recipient, refused) is final. Retries live in memory: a mail still waiting when the application
 * stops is not sent (it is logged).
 */
public final class SendRetries {

    static final List<Duration> DELAYS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2));

    private SendRetries() {
    }

    /**
     * How long to wait before attempt {@code attempt + 1}, after attempt {@code attempt} (counted from 1)
     * failed; empty when it was the last one or the failure is permanent.
     */
    public static Optional<Duration> after(int attempt, boolean permanent) {
        if (permanent || attempt < 1 || attempt > DELAYS.size()) {
            return Optional.empty();
        }
        return Optional.of(DELAYS.get(attempt - 1));
    }

    /** True when the relay answered with a permanent (5xx) reply; false for 4xx and for connection failures. */
    public static boolean permanent(MessagingException failure) {
        for (Exception e = failure; e != null; e = e instanceof MessagingException m ? m.getNextException() : null) {
            int code = e instanceof SMTPSendFailedException s ? s.getReturnCode()
                    : e instanceof SMTPAddressFailedException a ? a.getReturnCode() : -1;
            if (code >= 0) {
                return code >= 500;
            }
        }
        return false;
    }
}
