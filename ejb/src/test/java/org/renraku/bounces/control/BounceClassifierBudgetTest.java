package org.renraku.bounces.control;

import org.renraku.mail.control.BounceKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Hostile mails are classified or quarantined (unreadable, with the reason) within the time budget: no regular
 * expression runs away on a huge line, no recursion follows a deep nesting, no JSON value blows the budget.
 */
class BounceClassifierBudgetTest {

    private static final Duration LOOSE_BOUND = Duration.ofSeconds(2);

    private final BounceClassifier classifier = new BounceClassifier();

    private BounceReport timed(String mail) {
        // the first classification loads the pattern tables: not this test's business
        classifier.classify(dsn("warm@example.jp", "smtp; 550 5.1.1 user unknown").getBytes(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        BounceReport report = classifier.classify(mail.getBytes(StandardCharsets.UTF_8));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LOOSE_BOUND);
        return report;
    }

    static String dsn(String recipient, String diagnostic) {
        return "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\n"
                + "To: bounce@example.org\nSubject: Undelivered Mail Returned to Sender\n"
                + "Date: Mon, 7 Dec 2026 10:00:00 +0900\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\n\n"
                + "--b1\nContent-Type: text/plain\n\nI'm sorry to have to inform you that your message could not be"
                + " delivered to one or more recipients.\n\n"
                + "--b1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n"
                + "Final-Recipient: rfc822; " + recipient + "\nAction: failed\nStatus: 5.1.1\n"
                + "Diagnostic-Code: " + diagnostic + "\n\n--b1--\n";
    }

    @Test
    void aOneMegabyteDiagnosticLineIsClassifiedWithinTheBudget() {
        String huge = "smtp; 550 5.1.1 " + "a".repeat(512 * 1024) + " user unknown " + "x@y".repeat(170_000);

        BounceReport report = timed(dsn("kijitora@example.jp", huge));

        assertThat(report.results()).singleElement().satisfies(r -> {
            assertThat(r.recipient()).isEqualTo("kijitora@example.jp");
            assertThat(r.reason()).isEqualTo("userunknown");
            assertThat(r.kind()).isEqualTo(BounceKind.HARD);
        });
    }

    @Test
    void aOneMegabyteLineInAPlainTextBounceIsClassifiedWithinTheBudget() {
        String mail = "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nTo: bounce@example.org\n"
                + "Subject: Mail delivery failed: returning message to sender\nDate: Mon, 7 Dec 2026 10:00:00 +0900\n\n"
                + "This message was created automatically by mail delivery software.\n\n"
                + "A message that you sent could not be delivered to one or more of its recipients. This is a permanent"
                + " error. The following address(es) failed:\n\n  kijitora@example.jp\n    "
                + "host mx.example.jp [192.0.2.1]: 550 " + "<".repeat(300_000) + "@".repeat(300_000)
                + "a.".repeat(200_000) + "\n";

        BounceReport report = timed(mail);

        assertThat(report.readable() ? report.results().get(0).kind() : BounceKind.NONE)
                .isIn(BounceKind.SOFT, BounceKind.HARD, BounceKind.NONE);
        assertThat(report.results()).isNotEmpty();
    }

    @Test
    void aDeeplyNestedMultipartReportIsQuarantinedOrReadWithinTheBudget() {
        int depth = 5000;
        StringBuilder mail = new StringBuilder("From: MAILER-DAEMON@mx.example.net\nTo: bounce@example.org\n"
                + "Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"n0\"\n\n");
        for (int i = 1; i <= depth; i++) {
            mail.append("--n").append(i - 1).append("\nContent-Type: multipart/mixed; boundary=\"n").append(i)
                    .append("\"\n\n");
        }
        mail.append("--n").append(depth).append("\nContent-Type: text/plain\n\n550 5.1.1 <kijitora@example.jp>: user"
                + " unknown\n");
        for (int i = depth; i >= 0; i--) {
            mail.append("--n").append(i).append("--\n");
        }

        BounceReport report = timed(mail.toString());

        // either read up to the depth cap (and then nothing is a hard verdict from unread parts) or quarantined
        if (!report.readable()) {
            assertThat(report.problem()).containsIgnoringCase("nest");
        }
        assertThat(report.results()).isNotEmpty().noneMatch(r -> r.kind() == BounceKind.HARD);
    }

    @Test
    void aNestedForwardedBounceChainStopsAtTheDepthCap() {
        String inner = dsn("kijitora@example.jp", "smtp; 550 5.1.1 user unknown");
        for (int i = 0; i < 50; i++) {
            inner = "From: postmaster@relay" + i + ".example.net\nTo: bounce@example.org\nSubject: fwd\n"
                    + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"f" + i + "\"\n\n--f" + i
                    + "\nContent-Type: text/plain\n\nforwarded\n--f" + i + "\nContent-Type: message/rfc822\n\n" + inner
                    + "\n--f" + i + "--\n";
        }

        BounceReport report = timed(inner);

        assertThat(report.results()).isNotEmpty();
    }

    @Test
    void aLongSesJsonValueIsReadWithinTheBudget() {
        String mail = "From: no-reply@sns.amazonaws.com\nTo: bounce@example.org\nSubject: AWS Notification Message\n"
                + "X-Amz-Sns-Message-Id: 1\nDate: Mon, 7 Dec 2026 10:00:00 +0900\n\n"
                + "{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"bounceSubType\":\"General\","
                + "\"bouncedRecipients\":[{\"emailAddress\":\"kijitora@example.jp\",\"action\":\"failed\","
                + "\"status\":\"5.1.1\",\"diagnosticCode\":\"smtp; 550 5.1.1 user unknown " + "z".repeat(1024 * 1024)
                + "\"}]},\"mail\":{\"source\":\"" + "q".repeat(1024 * 1024) + "\"}}\n";

        BounceReport report = timed(mail);

        assertThat(report.results()).singleElement().satisfies(r -> {
            assertThat(r.recipient()).isEqualTo("kijitora@example.jp");
            assertThat(r.reason()).isEqualTo("userunknown");
        });
    }

    @Test
    void aClassificationOverItsTimeBudgetIsUnreadableWithTheReason() {
        BounceClassifier hurried = new BounceClassifier(Duration.ZERO);

        BounceReport report = hurried.classify(dsn("kijitora@example.jp", "smtp; 550 5.1.1 user unknown")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(report.readable()).isFalse();
        assertThat(report.problem()).contains("time budget");
        assertThat(report.results()).singleElement().extracting(BounceResult::kind).isEqualTo(BounceKind.NONE);
    }

    @Test
    void mangledCopiesOfRealBouncesAreAnsweredWithinTheBudgetAndNeverThrow() throws java.io.IOException {
        java.util.Random random = new java.util.Random(16);
        java.nio.file.Path dir = java.nio.file.Path.of("src/test/resources/bounces");
        java.util.List<java.nio.file.Path> files;
        try (var list = java.nio.file.Files.list(dir)) {
            files = list.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(40);
        Duration slowest = Duration.ZERO;
        for (java.nio.file.Path f : files) {
            byte[] raw = java.nio.file.Files.readAllBytes(f);
            for (int round = 0; round < 4; round++) {
                byte[] copy = switch (round) {
                    case 0 -> java.util.Arrays.copyOf(raw, random.nextInt(raw.length + 1)); // cut anywhere
                    case 1 -> { // bytes flipped at random places
                        byte[] c = raw.clone();
                        for (int i = 0; i < 40 && c.length > 0; i++) {
                            c[random.nextInt(c.length)] = (byte) random.nextInt(256);
                        }
                        yield c;
                    }
                    case 2 -> { // a 256 KB run of one character in the middle
                        int at = random.nextInt(raw.length + 1);
                        byte[] run = new byte[256 * 1024];
                        java.util.Arrays.fill(run, (byte) "a@<(-.;: ".charAt(random.nextInt(9)));
                        byte[] c = new byte[raw.length + run.length];
                        System.arraycopy(raw, 0, c, 0, at);
                        System.arraycopy(run, 0, c, at, run.length);
                        System.arraycopy(raw, at, c, at + run.length, raw.length - at);
                        yield c;
                    }
                    default -> new String(raw, StandardCharsets.ISO_8859_1).replace("\n", "\n--b1\n")
                            .getBytes(StandardCharsets.ISO_8859_1); // boundaries everywhere
                };
                long start = System.nanoTime();
                BounceReport report = classifier.classify(copy);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                slowest = took.compareTo(slowest) > 0 ? took : slowest;
                assertThat(report.results()).as(f + " round " + round).isNotEmpty();
            }
        }
        assertThat(slowest).isLessThan(LOOSE_BOUND);
    }

    @Test
    void aRegularExpressionThatBacktracksWithoutEndStopsAtTheBudget() {
        java.util.regex.Pattern catastrophic = java.util.regex.Pattern.compile("(.*a){12}b"); // years on 64 characters
        org.renraku.mail.control.ClassificationBudget.start(Duration.ofMillis(200));
        long start = System.nanoTime();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> catastrophic
                    .matcher(org.renraku.mail.control.ClassificationBudget.watched("a".repeat(64))).find())
                    .isInstanceOf(org.renraku.mail.control.ClassificationBudget.Exceeded.class);
        } finally {
            org.renraku.mail.control.ClassificationBudget.end();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LOOSE_BOUND);
    }
}
