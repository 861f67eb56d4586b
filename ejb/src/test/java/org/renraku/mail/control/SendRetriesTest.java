package org.renraku.mail.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.time.Duration;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

class SendRetriesTest {

    @Test
    void transientFailuresShouldBeTriedAgainThreeTimesWithGrowingPauses() {
        assertThat(SendRetries.after(1, false)).contains(Duration.ofSeconds(5));
        assertThat(SendRetries.after(2, false)).contains(Duration.ofSeconds(30));
        assertThat(SendRetries.after(3, false)).contains(Duration.ofMinutes(2));
        assertThat(SendRetries.after(4, false)).isEmpty();
        assertThat(SendRetries.after(1, true)).isEmpty();
    }

    @Test
    void fiveHundredRepliesShouldBePermanentAndEverythingElseNot() throws Exception {
        InternetAddress to = new InternetAddress("taro@docomo.ne.jp");
        SMTPAddressFailedException unknown = new SMTPAddressFailedException(to, "RCPT TO", 550, "550 5.1.1 unknown");
        SendFailedException invalid = new SendFailedException("Invalid Addresses", unknown);
        assertThat(SendRetries.permanent(invalid)).isTrue();

        SMTPSendFailedException busy = new SMTPSendFailedException("MAIL FROM", 421, "421 4.7.0 try later", null,
                new Address[0], new Address[0], new Address[] {to});
        assertThat(SendRetries.permanent(busy)).isFalse();
        SMTPAddressFailedException greylisted = new SMTPAddressFailedException(to, "RCPT TO", 450, "450 4.2.0 greylisted");
        assertThat(SendRetries.permanent(new SendFailedException("Invalid Addresses", greylisted))).isFalse();

        assertThat(SendRetries.permanent(new MessagingException("Couldn't connect to host",
                new ConnectException("Connection refused")))).isFalse();
    }
}
