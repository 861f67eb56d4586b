package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.entity.MailCharset;

/**
 * The optional HTML part of a broadcast, as the compose page saves it: sanitised (no script, no event handler, no
 * javascript: link) in the preview, in the test mail and in the members' mail, which is multipart/alternative
 * with the text part first; and the From display name, which falls back to the network's name the same way in
 * the preview, the test mail and the job's mail (one source: ComposerSettings.content).
 */
@ExtendWith(ArquillianExtension.class)
class BroadcastHtmlIT {

    private static final String DIRTY = "<p onclick=\"steal()\">{name} 様</p><script>alert('x')</script>"
            + "<img src=\"https://example.jp/a.png\" alt=\"運動会\" onerror=\"alert(2)\">"
            + "<a href=\"javascript:alert(3)\">ここ</a> <a href=\"https://example.jp/\">お知らせ</a>"
            + "<iframe src=\"https://evil.example/\"></iframe><b style=\"color: red\">大事</b>";

    @Inject
    Fixtures fixtures;

    @Inject
    Broadcasts broadcasts;

    @Inject
    BroadcastJobs jobs;

    @Test
    void theHtmlPartShouldBeSanitisedInThePreviewTheTestMailAndTheMembersMail() throws Exception {
        long network = fixtures.network();
        Fixtures.TestAdmin admin = fixtures.invited(network);
        String tag = Fixtures.unique("h");
        String to = tag + "@example.jp";
        jobs.member(network, to, "田中 <花子>");
        Broadcasts.Draft draft = new Broadcasts.Draft(null, "HTML " + tag, "{name} 様\nテキストの本文", MailCharset.UTF_8,
                "PTA", null, RecipientFilter.all(), null, List.of(), DIRTY);
        long id = broadcasts.save(network, admin.id(), draft);

        Broadcasts.Preview preview = broadcasts.preview(network, draft);
        assertClean(preview.html());
        assertThat(preview.html()).contains("田中 &lt;花子&gt; 様").contains("<b style=\"color:red\">大事</b>")
                .contains("href=\"https://example.jp/\"");
        assertClean(jobs.value("SELECT body_html FROM broadcasts WHERE id = " + id));

        broadcasts.testSend(network, admin.id(), id);
        assertHtmlMail(imap(admin.email(), "HTML " + tag));

        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(rcpt -> null)) {
            jobs.sendTo(smtp, network, id);
            assertThat(smtp.received()).hasSize(1);
            assertHtmlMail(smtp.received().get(0).data());
        }
    }

    @Test
    void aBlankHtmlPartShouldLeaveATextOnlyMail() throws Exception {
        long network = fixtures.network();
        Fixtures.TestAdmin admin = fixtures.invited(network);
        String tag = Fixtures.unique("t");
        jobs.member(network, tag + "@example.jp", "会員");
        Broadcasts.Draft draft = new Broadcasts.Draft(null, "TEXT " + tag, "本文", MailCharset.UTF_8, "PTA", null,
                RecipientFilter.all(), null, List.of(), "<script>alert(1)</script>");
        long id = broadcasts.save(network, admin.id(), draft);
        assertThat(broadcasts.preview(network, draft).html()).isNull();
        assertThat(jobs.value("SELECT body_html IS NULL FROM broadcasts WHERE id = " + id)).isEqualTo("1");
        broadcasts.testSend(network, admin.id(), id);
        MimeMessage m = parse(imap(admin.email(), "TEXT " + tag));
        assertThat(m.getContentType()).startsWith("text/plain");
    }

    @Test
    void anEmptyFromNameShouldBeTheNetworksNameInThePreviewTheTestMailAndTheJobsMail() throws Exception {
        long network = fixtures.network();
        String networkName = jobs.value("SELECT name FROM networks WHERE id = " + network);
        Fixtures.TestAdmin admin = fixtures.invited(network);
        String tag = Fixtures.unique("f");
        jobs.member(network, tag + "@example.jp", "会員");
        Broadcasts.Draft draft = new Broadcasts.Draft(null, "FROM " + tag, "本文", MailCharset.UTF_8, " ", null,
                RecipientFilter.all(), null, List.of());
        long id = broadcasts.save(network, admin.id(), draft);
        assertThat(jobs.value("SELECT from_name IS NULL FROM broadcasts WHERE id = " + id)).isEqualTo("1");
        assertThat(broadcasts.preview(network, draft).fromName()).isEqualTo(networkName);

        broadcasts.testSend(network, admin.id(), id);
        assertThat(fromName(imap(admin.email(), "FROM " + tag))).isEqualTo(networkName);
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(rcpt -> null)) {
            jobs.sendTo(smtp, network, id);
            assertThat(smtp.received()).hasSize(1);
            assertThat(fromName(smtp.received().get(0).data())).isEqualTo(networkName);
        }
    }

    private static void assertClean(String html) {
        assertThat(html).isNotNull().doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("onerror")
                .doesNotContainIgnoringCase("onclick").doesNotContainIgnoringCase("javascript:")
                .doesNotContainIgnoringCase("<iframe").doesNotContain("alert(");
    }

    private static void assertHtmlMail(byte[] raw) throws Exception {
        MimeMessage m = parse(raw);
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        Multipart parts = (Multipart) m.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        BodyPart text = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertThat(text.getContentType()).startsWith("text/plain");
        assertThat(((String) text.getContent()).strip()).startsWith("田中 <花子> 様").contains("テキストの本文");
        assertThat(html.getContentType()).startsWith("text/html");
        String body = (String) html.getContent();
        assertClean(body);
        assertThat(body).contains("田中 &lt;花子&gt; 様").contains("大事");
        // nothing of the dirty markup anywhere in the message as it travelled (whatever the transfer encoding)
        String decoded = new String(raw, StandardCharsets.UTF_8);
        assertThat(decoded).doesNotContain("<script").doesNotContain("onerror");
    }

    private static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    /** The raw message with that subject in the GreenMail mailbox, waiting for it. */
    static byte[] imap(String address, String subject) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.host", "127.0.0.1");
        props.put("mail.imap.port", System.getProperty("renraku.imap.port", "3143"));
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            Store store = Session.getInstance(props).getStore("imap");
            store.connect(address, address);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                for (Message m : inbox.getMessages()) {
                    if (subject.equals(m.getSubject())) {
                        ByteArrayOutputStream raw = new ByteArrayOutputStream();
                        m.writeTo(raw);
                        return raw.toByteArray();
                    }
                }
                inbox.close(false);
            } finally {
                store.close();
            }
            assertThat(Instant.now()).as("mail " + subject + " to " + address).isBefore(deadline);
            Thread.sleep(250);
        }
    }

    /** The display name of the message's From. */
    static String fromName(byte[] raw) throws Exception {
        return ((InternetAddress) parse(raw).getFrom()[0]).getPersonal();
    }
}
