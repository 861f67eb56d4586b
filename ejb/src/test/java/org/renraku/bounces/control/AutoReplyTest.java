package org.renraku.bounces.control;

import org.renraku.mail.control.BounceKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.renraku.inbound.control.InboundClassifier;
import org.renraku.mail.control.AutoReply;

/** One auto-reply rule for the bounce classifier and the inbound classifier. */
class AutoReplyTest {

    private static final String VACATION = "From: Kijitora <kijitora@example.jp>\nTo: news@example.org\n"
            + "Subject: Re: typhoon\nX-Apple-Action: vacation\nDate: Mon, 7 Dec 2026 10:00:00 +0900\n\n"
            + "I am away until Monday.\n";

    @Test
    void anAppleVacationAnswerIsAVacationForTheBounceReaderAndAutomaticForTheInboundReader()
            throws MessagingException {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(VACATION.getBytes(StandardCharsets.UTF_8)));

        BounceReport report = new BounceClassifier().classify(VACATION.getBytes(StandardCharsets.UTF_8));

        assertThat(report.results()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("vacation");
            assertThat(r.kind()).isEqualTo(BounceKind.NONE);
        });
        assertThat(AutoReply.marker(m)).contains("X-Apple-Action: vacation");
        assertThat(InboundClassifier.automatic(m)).contains("X-Apple-Action: vacation");
    }

    @Test
    void outOfOfficeSubjectsAreAutoReplies() {
        assertThat(AutoReply.subject("Automatic reply: typhoon")).isTrue();
        assertThat(AutoReply.subject("自動応答: 台風のお知らせ")).isTrue();
        assertThat(AutoReply.subject("Re: typhoon")).isFalse();
    }
}
