package org.renraku.bounces.control;

import org.renraku.mail.control.BounceKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.renraku.bounces.control.BounceClassifierCorpusTest.fixture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.renraku.broadcasts.control.MailHeaders;
import org.renraku.broadcasts.control.VerpAddress;

class BounceClassifierTest {

    private final BounceClassifier classifier = new BounceClassifier();

    @Test
    void sendmailTranscriptGivesEachRecipientItsOwnReason() throws IOException {
        BounceReport report = classifier.classify(fixture("lhost-v5sendmail-05.eml"));

        assertThat(report.results()).extracting(BounceResult::recipient, BounceResult::kind, BounceResult::reason)
                .contains(tuple("kuroneko@example.or.jp", BounceKind.HARD, "hostunknown"),
                        tuple("kijitora@example.org", BounceKind.HARD, "hostunknown"),
                        tuple("mikeneko@example.co.jp", BounceKind.HARD, "userunknown"));
        assertThat(report.results()).filteredOn(r -> r.recipient().equals("mikeneko@example.co.jp"))
                .singleElement().satisfies(r -> {
                    assertThat(r.command()).isEqualTo("RCPT");
                    assertThat(r.replyCode()).isEqualTo("550");
                });
        assertThat(report.results()).filteredOn(r -> r.recipient().equals("kijitora@example.edu"))
                .singleElement().extracting(BounceResult::kind).isEqualTo(BounceKind.SOFT);
    }

    @Test
    void statusAndReplyCodesAreKept() throws IOException {
        BounceResult gmail = classifier.classify(fixture("lhost-gmail-01.eml")).results().get(0);

        assertThat(gmail.status()).isEqualTo("5.1.1");
        assertThat(gmail.replyCode()).isEqualTo("550");
        assertThat(gmail.diagnostic()).contains("550 5.1.1 <userunknown@example.jp>... User Unknown");
    }

    @Test
    void arfReportIsAComplaintAboutEveryRecipient() throws IOException {
        BounceReport report = classifier.classify(fixture("arf-16.eml"));

        assertThat(report.complaint()).isTrue();
        assertThat(report.notABounce()).isTrue();
        assertThat(report.results()).hasSize(7)
                .allSatisfy(r -> assertThat(r.reason()).isEqualTo("feedback"));
    }

    @Test
    void autoReplyIsNotABounce() throws IOException {
        BounceReport report = classifier.classify(fixture("rfc3834-01.eml"));

        assertThat(report.notABounce()).isTrue();
        assertThat(report.complaint()).isFalse();
        assertThat(report.results()).extracting(BounceResult::reason).containsOnly("vacation");
    }

    @Test
    void identifiesOurDeliveryByVerpAddressHeadersAndMessageId() {
        String verp = VerpAddress.of("bounce", "1b-2s-abcdefghijklmnop", "bounce.renraku.example");
        String dsn = """
                Return-Path: <>
                From: Mail Delivery System <MAILER-DAEMON@mx.example.jp>
                To: %s
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="B"

                --B
                Content-Type: text/plain; charset=us-ascii

                <taro@example.jp>: host mx.example.jp[192.0.2.1] said: 550 5.1.1
                    <taro@example.jp>: Recipient address rejected: User unknown (in reply to RCPT TO command)

                --B
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example.jp

                Final-Recipient: rfc822; taro@example.jp
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 <taro@example.jp>: Recipient address rejected: User unknown

                --B
                Content-Type: text/rfc822-headers

                Message-ID: <b1b.m2s@renraku.example>
                From: =?UTF-8?B?6YCj57Wh57ay?= <news@renraku.example>
                To: taro@example.jp
                %s: net-1
                %s: 1b
                %s: 1b-2s-abcdefghijklmnop
                Subject: test

                --B--
                """.formatted(verp, MailHeaders.NETWORK, MailHeaders.BROADCAST, MailHeaders.DELIVERY);

        BounceReport report = classifier.classify(dsn.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII));

        assertThat(report.results()).singleElement().satisfies(r -> {
            assertThat(r.recipient()).isEqualTo("taro@example.jp");
            assertThat(r.kind()).isEqualTo(BounceKind.HARD);
            assertThat(r.reason()).isEqualTo("userunknown");
            assertThat(r.status()).isEqualTo("5.1.1");
            assertThat(r.replyCode()).isEqualTo("550");
        });
        assertThat(report.verpToken("bounce", "bounce.renraku.example")).contains("1b-2s-abcdefghijklmnop");
        assertThat(report.verpToken("bounce", "other.example")).isEmpty();
        assertThat(report.originalMessageId()).isEqualTo("<b1b.m2s@renraku.example>");
        assertThat(report.renrakuHeaders()).containsEntry(MailHeaders.DELIVERY, "1b-2s-abcdefghijklmnop")
                .containsEntry(MailHeaders.BROADCAST, "1b").containsEntry(MailHeaders.NETWORK, "net-1");
    }

    @Test
    void aPersonsReplyMentioningAnErrorIsNotABounce() {
        String reply = """
                From: Hanako <hanako@example.jp>
                To: news@renraku.example
                Subject: Re: error in the schedule
                Content-Type: text/plain; charset=UTF-8

                <taro@example.jp>: the room is 550 not 501, and the date was wrong.
                """;

        BounceReport report = classifier.classify(reply.getBytes(StandardCharsets.UTF_8));

        assertThat(report.notABounce()).isTrue();
        assertThat(report.complaint()).isFalse();
        assertThat(report.readable()).isTrue();
    }

    @Test
    void binaryJunkGivesUndefinedWithoutThrowing() {
        byte[] junk = new byte[64 * 1024];
        new Random(42).nextBytes(junk);

        assertUndefined(classifier.classify(junk));
        assertUndefined(classifier.classify(new byte[0]));
    }

    @Test
    void tenMegabyteMailIsReadInReasonableTime() {
        StringBuilder mail = new StringBuilder("""
                From: MAILER-DAEMON@mx.example.jp
                Subject: Undelivered Mail Returned to Sender

                <jiro@example.jp>: host mx.example.jp said: 550 5.1.1 User unknown (in reply to RCPT TO command)

                """);
        String line = "x".repeat(76) + " user unknown mailbox " + "\n";
        while (mail.length() < 10 * 1024 * 1024) {
            mail.append(line);
        }
        long start = System.nanoTime();

        BounceReport report = classifier.classify(mail.toString().getBytes(StandardCharsets.US_ASCII));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(report.results()).extracting(BounceResult::recipient, BounceResult::kind)
                .contains(tuple("jiro@example.jp", BounceKind.HARD));
    }

    @Test
    void truncatedMimeAndUnknownCharsetStillGiveAnAnswer() throws IOException {
        String truncated = """
                From: MAILER-DAEMON@mx.example.jp
                Subject: Undelivered Mail Returned to Sender
                Content-Type: multipart/report; report-type=delivery-status; boundary="never-closed"

                --never-closed
                Content-Type: text/plain; charset=x-no-such-charset

                <hanako@example.jp>: host mx.example.jp said: 552 5.2.2 Mailbox full
                --never-closed
                Content-Type: message/delivery-status

                Final-Recipient: rfc822; hanako@exa""";

        BounceReport report = classifier.classify(truncated.getBytes(StandardCharsets.UTF_8));

        assertThat(report.results()).extracting(BounceResult::recipient, BounceResult::kind, BounceResult::reason)
                .contains(tuple("hanako@example.jp", BounceKind.SOFT, "mailboxfull"));
    }

    @Test
    void commandLinePrintsOneLinePerRecipientAndCarriesOnAfterBadFiles(@TempDir Path dir) throws IOException {
        Path junk = dir.resolve("junk.eml");
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        Files.write(junk, bytes);
        Path bounce = dir.resolve("lhost-zoho-02.eml");
        Files.write(bounce, fixture("lhost-zoho-02.eml"));
        Path missing = dir.resolve("missing.eml");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            ClassifyBounces.main(new String[] {junk.toString(), missing.toString(), bounce.toString()});
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }

        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                junk + "\t\tnone\tundefined",
                missing + "\t\tnone\tundefined",
                bounce + "\tmikeneko@example.co.jp\tsoft\tfiltered",
                bounce + "\tsabineko@example.co.jp\tsoft\tmailboxfull");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.eml").contains("junk.eml");
    }

    private static void assertUndefined(BounceReport report) {
        assertThat(report.readable()).isFalse();
        assertThat(report.problem()).isNotBlank();
        assertThat(report.results()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(BounceKind.NONE);
            assertThat(r.reason()).isEqualTo("undefined");
        });
    }
}
