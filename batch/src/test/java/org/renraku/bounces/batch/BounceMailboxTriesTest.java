package org.renraku.bounces.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

/** A bounce mail whose handling keeps failing is counted per run, so that it is quarantined, not retried forever. */
class BounceMailboxTriesTest {

    @Test
    void failedRunsAreCountedFromTheMailsKeywords() throws MessagingException {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));

        assertThat(BounceMailboxBatchlet.triesSoFar(m)).isZero();

        m.setFlags(new Flags(BounceMailboxBatchlet.TRIED + 1), true);
        m.setFlags(new Flags(BounceMailboxBatchlet.TRIED + 2), true);
        m.setFlags(new Flags("unrelated"), true);

        assertThat(BounceMailboxBatchlet.triesSoFar(m)).isEqualTo(2).isLessThan(BounceMailboxBatchlet.MAX_TRIES);
    }
}
