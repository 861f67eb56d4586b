package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.entity.MailCharset;
import org.renraku.delivery.boundary.DkimKeyring;
import org.renraku.networks.boundary.BroadcastFooterSetting;

/**
 * The footer of every broadcast through the real sending job: each member's mail, text and HTML part,
 * ends with that member's short personal link in the member's language, DKIM-signed as it went out; following the
 * link opens that member's own page; a network that turned the footer off (audited) sends none.
 */
@ExtendWith(ArquillianExtension.class)
class BroadcastFooterIT {

    private static final String BASE = "http://localhost:8080";
    private static final String DOMAIN = "renraku.test"; // of renraku.mail.from, the From of broadcasts
    /** The short personal link as the footer writes it. */
    private static final Pattern SHORT_LINK = Pattern.compile("(https?://[^\\s\"<>]+/p/(\\d+)\\.[A-Za-z0-9_-]{16})");

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Inject
    Broadcasts broadcasts;

    @Inject
    BroadcastJobs jobs;

    @Inject
    DkimKeyring keyring;

    @Inject
    BroadcastFooterSetting footerSetting;

    /** The decoded text and HTML parts of a message as received. */
    record Parts(String text, String html) {
    }

    @Test
    void eachMembersMailShouldEndWithTheirOwnLinkInTheirLanguageAndTheLinkShouldOpenTheirPage() throws Exception {
        String selector = "footer" + System.currentTimeMillis();
        String txt = keyring.generate(DOMAIN, selector, null).txt();
        long network = fixtures.network();
        long admin = fixtures.invited(network).id();
        Sql sql = new Sql(dataSource);
        String tag = Fixtures.unique("ft");
        String hanakoEmail = tag + "-hanako@example.jp";
        String emilyEmail = tag + "-emily@example.jp";
        long hanako = sql.member(network, "佐藤 花子", hanakoEmail, "OTHER", "ACTIVE");
        long emily = sql.member(network, "Emily Brown", emilyEmail, "OTHER", "ACTIVE");
        sql.update("UPDATE members SET language = 'en' WHERE id = ?", emily);
        assertThat(footerSetting.isOn(network)).as("on unless turned off").isTrue();
        long broadcast = broadcasts.save(network, admin, new Broadcasts.Draft(null, "お知らせ " + tag,
                "{name} 様\n明日は休校です。", MailCharset.UTF_8, null, null, RecipientFilter.all(), null, List.of(),
                "<p>{name} 様</p><p>明日は休校です。</p>"));

        Map<String, byte[]> received = new HashMap<>();
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(rcpt -> null)) {
            jobs.sendTo(smtp, network, broadcast);
            assertThat(smtp.received()).hasSize(2);
            smtp.received().forEach(r -> received.put(r.rcptTo(), r.data()));
        }

        Parts ja = parts(received.get(hanakoEmail));
        String hanakoLink = link(ja.text());
        assertThat(ja.text()).contains("あなた専用のページ").contains("転送しないでください")
                .doesNotContain("Your own page").doesNotContain("見本");
        assertThat(ja.text().indexOf("明日は休校です")).isLessThan(ja.text().indexOf(hanakoLink));
        assertThat(ja.html()).contains("あなた専用のページ").contains("href=\"" + hanakoLink + "\"");
        assertThat(memberOf(hanakoLink)).isEqualTo(hanako);
        assertThat(hanakoLink).as("fits a phone screen").hasSizeLessThan(100);

        Parts en = parts(received.get(emilyEmail));
        String emilyLink = link(en.text());
        assertThat(en.text()).contains("Your own page (your details, past messages, leaving):")
                .doesNotContain("あなた専用のページ");
        assertThat(en.html()).contains("Your own page").contains("href=\"" + emilyLink + "\"");
        assertThat(memberOf(emilyLink)).isEqualTo(emily);
        assertThat(emilyLink).isNotEqualTo(hanakoLink);

        // the footer is part of what was signed
        assertThat(Dkimpy.verify(selector, DOMAIN, txt, received.get(hanakoEmail))).isEqualTo("dkim=pass");

        // following the link (as a phone's browser does) opens that member's own page
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(hanakoLink)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/member/page.xhtml");
        assertThat(page.body()).contains("佐藤 花子").contains(hanakoEmail).contains("page-archive")
                .doesNotContain("page-invalid").doesNotContain(emilyEmail);
        HttpResponse<String> emilysPage = http.send(HttpRequest.newBuilder(URI.create(emilyLink)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(emilysPage.body()).contains("Emily Brown").contains(emilyEmail).doesNotContain(hanakoEmail);

        // a tampered link, and one revoked by a new link version, open nothing of the member
        String tampered = hanakoLink.substring(0, hanakoLink.length() - 1) + (hanakoLink.endsWith("A") ? "B" : "A");
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(tampered)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(wrong.body()).contains("page-invalid").doesNotContain(hanakoEmail).doesNotContain("佐藤 花子");
        sql.update("UPDATE members SET link_version = link_version + 1 WHERE id = ?", hanako);
        HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(URI.create(hanakoLink)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(revoked.body()).contains("page-invalid").doesNotContain(hanakoEmail);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(BASE + "/p/junk")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("page-invalid");
    }

    @Test
    void aNetworkThatTurnedTheFooterOffShouldSendNoneAndTheChangeShouldBeAudited() throws Exception {
        long network = fixtures.network();
        long admin = fixtures.invited(network).id();
        Sql sql = new Sql(dataSource);
        String tag = Fixtures.unique("fo");
        sql.member(network, "山田 太郎", tag + "@example.jp", "OTHER", "ACTIVE");

        footerSetting.set(network, false, "it-admin", "127.0.0.1");
        footerSetting.set(network, false, "it-admin", "127.0.0.1"); // no change: not audited again
        assertThat(footerSetting.isOn(network)).isFalse();
        assertThat(sql.column("SELECT detail FROM audit_events WHERE network_id = ? AND kind = 'BROADCAST_FOOTER_CHANGED'",
                network)).containsExactly("off");

        long broadcast = broadcasts.save(network, admin, new Broadcasts.Draft(null, "フッターなし " + tag,
                "{name} 様\n本文です。", MailCharset.UTF_8, null, null, RecipientFilter.all(), null, List.of(),
                "<p>本文です。</p>"));
        assertThat(broadcasts.preview(network, new Broadcasts.Draft(broadcast, "s", "t", MailCharset.UTF_8, null, null,
                RecipientFilter.all(), null, List.of())).below()).doesNotContain("/p/");
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(rcpt -> null)) {
            jobs.sendTo(smtp, network, broadcast);
            assertThat(smtp.received()).hasSize(1);
            Parts p = parts(smtp.received().get(0).data());
            assertThat(p.text()).contains("本文です。").doesNotContain("/p/").doesNotContain("あなた専用のページ");
            assertThat(p.html()).doesNotContain("renraku-footer").doesNotContain("/p/");
        }

        footerSetting.set(network, true, "it-admin", "127.0.0.1");
        assertThat(sql.column("SELECT detail FROM audit_events WHERE network_id = ? AND kind = 'BROADCAST_FOOTER_CHANGED'"
                + " ORDER BY id", network)).containsExactly("off", "on");
        // the preview shows the footer again, with a sample link
        assertThat(broadcasts.preview(network, new Broadcasts.Draft(broadcast, "s", "t", MailCharset.UTF_8, null, null,
                RecipientFilter.all(), null, List.of())).below()).contains("/p/0.sample").contains("見本");
    }

    private static String link(String text) {
        Matcher m = SHORT_LINK.matcher(text);
        assertThat(m.find()).as("a short personal link in\n" + text).isTrue();
        return m.group(1);
    }

    private static long memberOf(String link) {
        Matcher m = SHORT_LINK.matcher(link);
        assertThat(m.matches()).isTrue();
        return Long.parseLong(m.group(2));
    }

    private static Parts parts(byte[] raw) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        Multipart mp = (Multipart) m.getContent();
        String text = null;
        String html = null;
        for (int i = 0; i < mp.getCount(); i++) {
            BodyPart b = mp.getBodyPart(i);
            if (b.isMimeType("text/plain")) {
                text = (String) b.getContent();
            } else if (b.isMimeType("text/html")) {
                html = (String) b.getContent();
            }
        }
        assertThat(text).isNotNull();
        assertThat(html).isNotNull();
        return new Parts(text, html);
    }
}
