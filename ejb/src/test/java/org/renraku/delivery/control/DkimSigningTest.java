package org.renraku.delivery.control;

import org.renraku.broadcasts.control.Compositions;
import org.renraku.broadcasts.control.HtmlBodies;
import org.renraku.broadcasts.control.MessageComposer;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.renraku.broadcasts.entity.MailCharset;

/**
 * Messages signed by {@link DkimSigning} verify with an independent verifier, dkimpy (Debian's python3-dkim, run
 * as {@code /usr/bin/python3 dkim/verify.py}), given the public key the way DNS would give it; and the same
 * verifier refuses them once a byte of the body or of a signed header changes, or under another key.
 * The verifier missing is a failure, not a skip: install python3-dkim.
 */
class DkimSigningTest {

    private static final String DOMAIN = "mail.renraku.test";
    private static final String SELECTOR = "rk2026";

    private static KeyPair keys;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        keys = DkimKeys.generate();
    }

    @Test
    void signedJapaneseMessageWithHtmlAndAttachmentShouldVerify() throws Exception {
        byte[] mail = signed(MailCharset.UTF_8, "<p>{name} 様</p><p>明日は<b>休校</b>です。</p>",
                List.of(new MessageComposer.Attachment("お知らせ.pdf", "application/pdf",
                        "%PDF-1.4 test".getBytes(StandardCharsets.US_ASCII))));

        assertThat(verify(mail, keys)).isEqualTo("dkim=pass");
        String text = new String(mail, StandardCharsets.US_ASCII);
        assertThat(text).startsWith("DKIM-Signature: ").contains("d=" + DOMAIN).contains("s=" + SELECTOR)
                .contains("a=rsa-sha256").contains("c=relaxed/relaxed");
        // RFC 8058: the one-click headers must be covered by the signature
        String h = text.substring(text.indexOf("h="), text.indexOf(';', text.indexOf("h="))).replaceAll("\\s", "");
        assertThat(h.toLowerCase()).contains("list-unsubscribe", "list-unsubscribe-post", "from", "subject",
                "message-id", "list-id", "x-renraku-delivery");
    }

    @Test
    void signedIso2022JpMessageShouldVerify() throws Exception {
        assertThat(verify(signed(MailCharset.ISO_2022_JP, null, List.of()), keys)).isEqualTo("dkim=pass");
    }

    @Test
    void aChangedBodyShouldFailVerification() throws Exception {
        byte[] mail = signed(MailCharset.UTF_8, null, List.of());
        String text = new String(mail, StandardCharsets.US_ASCII);
        int body = text.indexOf("\r\n\r\n") + 4;
        // flip one base64 character of the body
        char c = text.charAt(body);
        String tampered = text.substring(0, body) + (c == 'A' ? 'B' : 'A') + text.substring(body + 1);

        assertThat(verify(mail, keys)).isEqualTo("dkim=pass");
        assertThat(verify(tampered.getBytes(StandardCharsets.US_ASCII), keys)).isEqualTo("dkim=fail");
    }

    @Test
    void aChangedSignedHeaderShouldFailVerification() throws Exception {
        String text = new String(signed(MailCharset.UTF_8, null, List.of()), StandardCharsets.US_ASCII);
        String tampered = text.replace("unsubscribe+", "unsubscrib3+");

        assertThat(tampered).isNotEqualTo(text);
        assertThat(verify(tampered.getBytes(StandardCharsets.US_ASCII), keys)).isEqualTo("dkim=fail");
    }

    @Test
    void anotherKeyInDnsShouldFailVerification() throws Exception {
        byte[] mail = signed(MailCharset.UTF_8, null, List.of());

        assertThat(verify(mail, DkimKeys.generate())).isEqualTo("dkim=fail");
    }

    @Test
    void signingShouldKeepTheMessageIdAndTheVerpEnvelopeSender() throws Exception {
        MessageComposer.Composed composed = Compositions.composer(MailCharset.UTF_8, null, List.of())
                .compose(Compositions.recipient("taro..yamada.@docomo.ne.jp", "山田 太郎"));
        SMTPMessage signed = signer().sign(composed.message());
        signed.saveChanges(); // as Transport.send would

        assertThat(signed.getMessageID()).isEqualTo(composed.message().getMessageID());
        assertThat(signed.getEnvelopeFrom()).isEqualTo(composed.envelopeFrom());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        signed.writeTo(out);
        assertThat(verify(out.toByteArray(), keys)).isEqualTo("dkim=pass");
    }

    @Test
    void theTemplatesBytesSignedShouldVerifyForEveryShapeOfMessage() throws Exception {
        List<MessageComposer.Attachment> attachment = List.of(new MessageComposer.Attachment("名簿.csv", "text/csv",
                "a,b\nc,d\n".getBytes(StandardCharsets.US_ASCII)));
        String html = HtmlBodies.sanitize("<p>{name} 様</p><p>明日は<b>休校</b>です。</p>");
        for (MailCharset charset : MailCharset.values()) {
            for (String h : new String[] {null, html}) {
                for (List<MessageComposer.Attachment> a : List.of(List.<MessageComposer.Attachment>of(), attachment)) {
                    byte[] mail = signer().sign(Compositions.composer(charset, h, a).template()
                            .render(Compositions.recipient("taro..yamada.@docomo.ne.jp", "山田 太郎")).bytes());
                    assertThat(verify(mail, keys)).as("%s html=%s attachments=%s", charset, h != null, a.size())
                            .isEqualTo("dkim=pass");
                }
            }
        }
    }

    @Test
    void relaxedCanonicalisationShouldTolerateWhiteSpaceChangesButNotTextChanges() throws Exception {
        String message = "From: =?UTF-8?B?44GV44GP44KJ?= <pta@mail.renraku.test>\r\nTo: a@example.org\r\n"
                + "Subject: a  subject\r\n\twith a folded line\r\nMessage-ID: <1@mail.renraku.test>\r\n"
                + "List-Unsubscribe: <https://renraku.test/u/x>\r\nX-Unsigned: yes\r\n\r\n"
                + "Line  one \t\r\n\r\n  indented line\r\nlast line\r\n\r\n\r\n";
        byte[] signed = signer().sign(message.getBytes(StandardCharsets.US_ASCII));
        String text = new String(signed, StandardCharsets.US_ASCII);

        assertThat(verify(signed, keys)).isEqualTo("dkim=pass");
        assertThat(text.substring(0, text.indexOf("\r\nFrom:"))).doesNotContain("x-unsigned");
        // what relaxed canonicalisation ignores: white space runs, trailing white space, empty lines at the end,
        // refolding a header, the case of a header name
        String reshaped = text.replace("Line  one \t", "Line one").replace("last line\r\n\r\n\r\n", "last line  \r\n")
                .replace("a  subject\r\n\twith", "a subject with").replace("\r\nTo: ", "\r\nto:   ");
        assertThat(verify(reshaped.getBytes(StandardCharsets.US_ASCII), keys)).isEqualTo("dkim=pass");
        // what it does not: a word changed, white space added inside a word, an unsigned header is free
        assertThat(verify(text.replace("last line", "lost line").getBytes(StandardCharsets.US_ASCII), keys))
                .isEqualTo("dkim=fail");
        assertThat(verify(text.replace("Line  one", "Li ne  one").getBytes(StandardCharsets.US_ASCII), keys))
                .isEqualTo("dkim=fail");
        assertThat(verify(text.replace("X-Unsigned: yes", "X-Unsigned: no").getBytes(StandardCharsets.US_ASCII),
                keys)).isEqualTo("dkim=pass");
    }

    @Test
    void relaxedHeaderCanonicalisationShouldFollowTheRfcExample() {
        // RFC 6376 §3.4.6: "A: X" and "B : Y<TAB><CRLF><TAB>Z  " become "a:X" and "b:Y Z"
        assertThat(DkimSigning.relaxedHeader("A: X")).isEqualTo("a:X");
        assertThat(DkimSigning.relaxedHeader("B : Y\t\r\n\tZ  ")).isEqualTo("b:Y Z");
        assertThat(DkimSigning.relaxedHeader("Subject:\t  =?UTF-8?B?5Y+w6aKo?=\r\n =?UTF-8?B?5LyR5qCh?=\t"))
                .isEqualTo("subject:=?UTF-8?B?5Y+w6aKo?= =?UTF-8?B?5LyR5qCh?=");
        assertThat(DkimSigning.relaxedHeader("X-Empty:  \t ")).isEqualTo("x-empty:");
    }

    @Test
    void anEmptyBodyShouldSignAndVerify() throws Exception {
        byte[] signed = signer().sign("From: pta@mail.renraku.test\r\nSubject: x\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(verify(signed, keys)).isEqualTo("dkim=pass");
    }

    @Test
    void aKeyShouldSurviveSealingAndOnlyOpenForItsOwnDomainAndSelector() {
        RSAPrivateKey key = (RSAPrivateKey) keys.getPrivate();
        byte[] secret = "kek".getBytes(StandardCharsets.UTF_8);
        String sealed = DkimKeyVault.seal(key, secret, DOMAIN, SELECTOR);

        assertThat(sealed).startsWith("v1:").doesNotContain(DkimKeys.toPem(key).lines().skip(1).findFirst().get());
        assertThat(DkimKeyVault.open(sealed, secret, DOMAIN, SELECTOR).getEncoded()).isEqualTo(key.getEncoded());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DkimKeyVault.open(sealed, secret, DOMAIN, "other"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> DkimKeyVault.open(sealed, "other".getBytes(StandardCharsets.UTF_8), DOMAIN, SELECTOR))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DkimKeys.privateKeyFromPem(DkimKeys.toPem(key)).getEncoded()).isEqualTo(key.getEncoded());
    }

    @Test
    void theTxtRecordShouldCarryTheKeyInStringsOfAtMost255Characters() {
        String p = DkimKeys.publicKeyBase64(keys.getPublic());
        String record = DkimKeys.txtRecord(p);

        assertThat(record).isEqualTo("v=DKIM1; k=rsa; p=" + p);
        assertThat(DkimKeys.txtStrings(record)).hasSize(2).allSatisfy(s -> assertThat(s).hasSizeLessThanOrEqualTo(255));
        assertThat(String.join("", DkimKeys.txtStrings(record))).isEqualTo(record);
        assertThat(DkimKeys.zoneLine(SELECTOR, DOMAIN, p))
                .startsWith("rk2026._domainkey.mail.renraku.test. IN TXT (\"v=DKIM1; k=rsa; p=MII");
    }

    private DkimSigning signer() {
        return new DkimSigning(DOMAIN, SELECTOR, (RSAPrivateKey) keys.getPrivate());
    }

    private byte[] signed(MailCharset charset, String html, List<MessageComposer.Attachment> attachments)
            throws Exception {
        MimeMessage message = Compositions.composer(charset, HtmlBodies.sanitize(html), attachments)
                .compose(Compositions.recipient("hanako@ezweb.ne.jp", "佐藤 花子")).message();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        signer().sign(message).writeTo(out);
        return out.toByteArray();
    }

    /** Runs the independent verifier with {@code dns}'s public key published for our selector and domain. */
    private String verify(byte[] mail, KeyPair dns) throws Exception {
        Path record = dir.resolve("record.txt");
        Files.writeString(record, DkimKeys.txtRecord(DkimKeys.publicKeyBase64(dns.getPublic())));
        Process p = new ProcessBuilder(python(), script(), SELECTOR, DOMAIN, record.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().write(mail);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("verifier output: %s", out).isIn(0, 1);
        return out.lines().reduce((a, b) -> b).orElse("");
    }

    /** Debian's interpreter, where python3-dkim installs (a python3 earlier on PATH may not have it). */
    private static String python() {
        return new File("/usr/bin/python3").canExecute() ? "/usr/bin/python3" : "python3";
    }

    private static String script() throws URISyntaxException {
        return new File(DkimSigningTest.class.getResource("/dkim/verify.py").toURI()).getPath();
    }
}
