package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.broadcasts.boundary.BroadcastClaims;
import org.renraku.broadcasts.boundary.BroadcastException;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.entity.MailCharset;
import org.renraku.broadcasts.control.MailHeaders;
import org.renraku.broadcasts.control.MessageComposer;

/**
 * The admin's side of broadcasts against the real database, GreenMail and the running server: who the recipients
 * of a filter are (never suspended, former or suppressed members), drafts and their checks, saved target groups,
 * the preview and a test send that arrives, scheduling, history and progress figures from the deliveries, and the
 * RFC 8058 one-click unsubscribe over HTTP with the URL a real broadcast message carries.
 */
@ExtendWith(ArquillianExtension.class)
class BroadcastsIT {

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Inject
    Broadcasts broadcasts;

    @Inject
    BroadcastClaims claims;

    /** A network with an attribute 学年 and six members, of whom three are recipients. */
    record Seed(long network, long attribute, long admin, String adminEmail, long a1, long a2, long a3, long suspended,
                long left, long suppressed) {
    }

    private Seed seed() throws Exception {
        long network = fixtures.network();
        Fixtures.TestAdmin admin = fixtures.invited(network);
        long attr = insert("INSERT INTO member_attributes (network_id, label, kind, choices, position, created_at)"
                + " VALUES (?, '学年', 'SINGLE', '2年\n3年', 1, NOW(3))", network);
        String three = "{\"" + attr + "\": \"3年\"}";
        String two = "{\"" + attr + "\": \"2年\"}";
        long a1 = member(network, "山田 太郎", "taro@docomo.ne.jp", "DOCOMO", "ACTIVE", three);
        long a2 = member(network, "佐藤 花子", "hanako@gmail.com", "GMAIL", "ACTIVE", three);
        long a3 = member(network, "鈴木 一郎", "ichiro@docomo.ne.jp", "DOCOMO", "ACTIVE", two);
        long s = member(network, "停止 中", "stop@docomo.ne.jp", "DOCOMO", "SUSPENDED", three);
        long l = member(network, "退会 済", "left@docomo.ne.jp", "DOCOMO", "LEFT", three);
        long x = member(network, "配信 停止", "supp@docomo.ne.jp", "DOCOMO", "ACTIVE", three);
        insert("INSERT INTO suppressions (network_id, email, reason, created_at)"
                + " VALUES (?, 'supp@docomo.ne.jp', 'UNSUBSCRIBED', NOW(3))", network);
        return new Seed(network, attr, admin.id(), admin.email(), a1, a2, a3, s, l, x);
    }

    private static RecipientFilter filter(List<String> carriers, long attribute, String value) {
        return new RecipientFilter(carriers, value == null ? Map.of() : Map.of(attribute, List.of(value)));
    }

    private static Broadcasts.Draft draft(String subject, String text, MailCharset charset, RecipientFilter f,
                                          List<Broadcasts.Upload> files) {
        return new Broadcasts.Draft(null, subject, text, charset, "さくら小PTA", "pta@example.jp", f, null, files);
    }

    @Test
    void recipientsAreActiveUnsuppressedMembersMatchingCarrierAndAttribute() throws Exception {
        Seed s = seed();
        assertThat(broadcasts.countRecipients(s.network(), RecipientFilter.all())).isEqualTo(3);
        assertThat(broadcasts.countRecipients(s.network(), filter(List.of("DOCOMO"), s.attribute(), null))).isEqualTo(2);
        assertThat(broadcasts.countRecipients(s.network(), filter(List.of(), s.attribute(), "3年"))).isEqualTo(2);
        assertThat(broadcasts.countRecipients(s.network(), filter(List.of("DOCOMO"), s.attribute(), "3年"))).isEqualTo(1);
        assertThat(broadcasts.countRecipients(s.network(), filter(List.of("AU"), s.attribute(), null))).isZero();

        Broadcasts.Group g = broadcasts.saveGroup(s.network(), s.admin(), "3年生の保護者",
                filter(List.of(), s.attribute(), "3年"));
        assertThat(broadcasts.groups(s.network())).singleElement().satisfies(x -> {
            assertThat(x.name()).isEqualTo("3年生の保護者");
            assertThat(broadcasts.countRecipients(s.network(), x.filter())).isEqualTo(2);
        });
        // the same name again replaces the filter; an empty filter or name is refused with a bundle key
        broadcasts.saveGroup(s.network(), s.admin(), "3年生の保護者", filter(List.of("DOCOMO"), s.attribute(), "3年"));
        assertThat(broadcasts.groups(s.network())).singleElement()
                .satisfies(x -> assertThat(x.id()).isEqualTo(g.id()))
                .satisfies(x -> assertThat(broadcasts.countRecipients(s.network(), x.filter())).isEqualTo(1));
        assertThatThrownBy(() -> broadcasts.saveGroup(s.network(), s.admin(), "全員", RecipientFilter.all()))
                .isInstanceOf(BroadcastException.class).extracting(e -> ((BroadcastException) e).key())
                .isEqualTo(BroadcastException.GROUP_EMPTY);
        assertThatThrownBy(() -> broadcasts.saveGroup(s.network(), s.admin(), " ", filter(List.of("AU"), 1, null)))
                .extracting(e -> ((BroadcastException) e).key()).isEqualTo(BroadcastException.GROUP_NAME);
    }

    @Test
    void draftsAreCheckedSavedWithAttachmentsAndPreviewedWithTheSampleMembersValues() throws Exception {
        Seed s = seed();
        assertThatThrownBy(() -> broadcasts.save(s.network(), s.admin(), draft(" ", "本文", null, null, null)))
                .extracting(e -> ((BroadcastException) e).key()).isEqualTo(BroadcastException.SUBJECT);
        assertThatThrownBy(() -> broadcasts.save(s.network(), s.admin(), draft("件名", "", null, null, null)))
                .extracting(e -> ((BroadcastException) e).key()).isEqualTo(BroadcastException.BODY);
        assertThatThrownBy(() -> broadcasts.save(s.network(), s.admin(), new Broadcasts.Draft(null, "件名", "本文",
                null, null, "not an address", null, null, null)))
                .extracting(e -> ((BroadcastException) e).key()).isEqualTo(BroadcastException.REPLY_TO);
        byte[] big = new byte[3 * 1024 * 1024];
        assertThatThrownBy(() -> broadcasts.save(s.network(), s.admin(), draft("件名", "本文", null, null,
                List.of(new Broadcasts.Upload("big.pdf", "application/pdf", big)))))
                .isInstanceOfSatisfying(BroadcastException.class, e -> {
                    assertThat(e.key()).isEqualTo(BroadcastException.ATTACHMENT_TOO_LARGE); // one file alone
                    assertThat(e.arguments()).containsExactly("big.pdf", "4204", "3072");
                });
        byte[] half = new byte[1200 * 1024];
        assertThatThrownBy(() -> broadcasts.save(s.network(), s.admin(), draft("件名", "本文", null, null,
                List.of(new Broadcasts.Upload("a.pdf", "application/pdf", half),
                        new Broadcasts.Upload("b.pdf", "application/pdf", half)))))
                .isInstanceOfSatisfying(BroadcastException.class, e -> {
                    assertThat(e.key()).isEqualTo(BroadcastException.ATTACHMENTS_TOO_LARGE); // together
                    assertThat(e.arguments()).containsExactly("3285", "3072");
                });
        assertThat(count("SELECT COUNT(*) FROM broadcasts WHERE network_id = ?", s.network())).isZero();

        RecipientFilter threes = filter(List.of(), s.attribute(), "3年");
        byte[] pdf = "%PDF-1.4 test".getBytes();
        long id = broadcasts.save(s.network(), s.admin(), draft("{name}さんへ: 遠足", "{name}さん ({学年})\n雨天決行です。",
                MailCharset.ISO_2022_JP, threes, List.of(new Broadcasts.Upload("しおり.pdf", "application/pdf", pdf))));
        Broadcasts.Draft saved = broadcasts.draft(s.network(), id).orElseThrow();
        assertThat(saved.subject()).isEqualTo("{name}さんへ: 遠足");
        assertThat(saved.charset()).isEqualTo(MailCharset.ISO_2022_JP);
        assertThat(saved.filter()).isEqualTo(threes);
        assertThat(saved.attachments()).singleElement().satisfies(u -> {
            assertThat(u.fileName()).isEqualTo("しおり.pdf");
            assertThat(u.content()).isEqualTo(pdf);
        });
        // another network's admin cannot read it
        assertThat(broadcasts.draft(fixtures.network(), id)).isEmpty();

        Broadcasts.Preview p = broadcasts.preview(s.network(), saved);
        assertThat(p.sampleName()).isEqualTo("山田 太郎");
        assertThat(p.subject()).isEqualTo("山田 太郎さんへ: 遠足");
        assertThat(p.text()).isEqualTo("山田 太郎さん (3年)\n雨天決行です。");
        assertThat(p.fitsIso2022Jp()).isTrue();
        Broadcasts.Preview emoji = broadcasts.preview(s.network(), new Broadcasts.Draft(id, "遠足 \uD83C\uDF92",
                "本文", MailCharset.ISO_2022_JP, null, null, threes, null, null));
        assertThat(emoji.fitsIso2022Jp()).isFalse();
    }

    @Test
    void aTestSendArrivesAtTheAdminsAddressComposedAsAMembersMessage() throws Exception {
        Seed s = seed();
        String subject = "テスト送信 " + Fixtures.unique("t");
        long id = broadcasts.save(s.network(), s.admin(), draft(subject + " {name}", "{name}さん、こんにちは。",
                MailCharset.UTF_8, filter(List.of("GMAIL"), s.attribute(), null), null));

        assertThat(broadcasts.testSend(s.network(), s.admin(), id)).isEqualTo(s.adminEmail());

        Mailbox.Mail mail = Mailbox.await(s.adminEmail(), subject);
        assertThat(mail.subject()).isEqualTo(subject + " 佐藤 花子");
        assertThat(mail.text()).contains("佐藤 花子さん、こんにちは。");
        assertThat(count("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = ?", id)).isZero();
    }

    @Test
    void sendNowSchedulesForNowAndATimeInThePastOrNoRecipientIsRefused() throws Exception {
        Seed s = seed();
        long none = broadcasts.save(s.network(), s.admin(), draft("誰にも", "本文", null,
                filter(List.of("AU"), s.attribute(), null), null));
        assertThatThrownBy(() -> broadcasts.schedule(s.network(), none, null))
                .extracting(e -> ((BroadcastException) e).key()).isEqualTo(BroadcastException.NO_RECIPIENTS);

        long later = broadcasts.save(s.network(), s.admin(), draft("来週", "本文", null, null, null));
        assertThatThrownBy(() -> broadcasts.schedule(s.network(), later, Instant.now().minus(1, ChronoUnit.HOURS)))
                .extracting(e -> ((BroadcastException) e).key()).isEqualTo(BroadcastException.PAST);
        broadcasts.schedule(s.network(), later, Instant.now().plus(7, ChronoUnit.DAYS));

        long now = broadcasts.save(s.network(), s.admin(), draft("今すぐ", "本文", null, null, null));
        broadcasts.schedule(s.network(), now, null);
        assertThat(claims.due(10_000)).contains(now).doesNotContain(later);
        assertThatThrownBy(() -> broadcasts.schedule(s.network(), now, null))
                .extracting(e -> ((BroadcastException) e).key()).isEqualTo(BroadcastException.NOT_DRAFT);
        assertThatThrownBy(() -> broadcasts.save(s.network(), s.admin(), new Broadcasts.Draft(now, "変更", "本文",
                null, null, null, null, null, null)))
                .extracting(e -> ((BroadcastException) e).key()).isEqualTo(BroadcastException.NOT_DRAFT);
        // claimed by the scheduler so no other test's job picks it up later
        assertThat(claims.claim(now, "00000000-0000-0000-0000-00000000000f")).isPresent();
    }

    @Test
    void historyAndProgressCountTheDeliveriesOverallAndPerCarrierGroup() throws Exception {
        Seed s = seed();
        long id = broadcasts.save(s.network(), s.admin(), draft("進捗", "本文", null, null, null));
        assertThat(broadcasts.progress(s.network(), id).orElseThrow().overall().remaining()).isEqualTo(3);
        update("UPDATE broadcasts SET status = 'SENDING', started_at = NOW(3) WHERE id = ?", id);
        delivery(id, s.a1(), "taro@docomo.ne.jp", "DOCOMO", "SENT");
        delivery(id, s.a3(), "ichiro@docomo.ne.jp", "DOCOMO", "DEFERRED");
        delivery(id, s.a2(), "hanako@gmail.com", "GMAIL", "FAILED");
        delivery(id, s.suppressed(), "x@docomo.ne.jp", "DOCOMO", "PENDING");

        Broadcasts.Progress p = broadcasts.progress(s.network(), id).orElseThrow();
        assertThat(p.status()).isEqualTo("SENDING");
        assertThat(p.overall()).isEqualTo(new Broadcasts.Figures(null, 4, 1, 1, 1, 2, 0));
        assertThat(p.overall().percentDone()).isEqualTo(50);
        assertThat(p.groups()).containsExactly(new Broadcasts.Figures("DOCOMO", 3, 1, 1, 0, 2, 0),
                new Broadcasts.Figures("GMAIL", 1, 0, 0, 1, 0, 0));
        assertThat(broadcasts.progress(fixtures.network(), id)).isEmpty();

        assertThat(broadcasts.history(s.network(), 50)).singleElement().satisfies(h -> {
            assertThat(h.id()).isEqualTo(id);
            assertThat(h.subject()).isEqualTo("進捗");
            assertThat(h.figures()).isEqualTo(new Broadcasts.Figures(null, 4, 1, 1, 1, 2, 0));
        });
    }

    @Test
    void oneClickUnsubscribeOverHttpRemovesTheMemberAtOnceAndAForgedTokenChangesNothing() throws Exception {
        Seed s = seed();
        long id = broadcasts.save(s.network(), s.admin(), draft("お知らせ", "本文", null, null, null));
        String url = unsubscribeUrl(id, s.a1(), "taro@docomo.ne.jp");
        assertThat(url).startsWith("https://localhost:8080/unsubscribe/");
        String local = url.replace("https://", "http://"); // the test server speaks http

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(local)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("配信を停止する").contains("method=\"post\"");
        assertThat(status(s.a1())).isEqualTo("ACTIVE"); // a GET changes nothing

        // a forged token (another member's ids with this MAC) and a malformed one: 404, nothing changed
        String token = local.substring(local.lastIndexOf('/') + 1);
        String[] parts = token.split("-");
        String forged = parts[0] + "-" + Long.toString(s.a2(), 36) + "-" + parts[2];
        for (String bad : List.of(forged, "not-a-token")) {
            HttpResponse<String> refused = post(http, local.replace(token, bad));
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(refused.body()).contains("リンクが正しくありません");
        }
        assertThat(status(s.a2())).isEqualTo("ACTIVE");
        assertThat(count("SELECT COUNT(*) FROM suppressions WHERE network_id = ?", s.network())).isEqualTo(1);

        HttpResponse<String> done = post(http, local);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("配信を停止しました");
        assertThat(status(s.a1())).isEqualTo("LEFT");
        assertThat(count("SELECT COUNT(*) FROM suppressions WHERE network_id = ? AND email = 'taro@docomo.ne.jp'"
                + " AND reason = 'UNSUBSCRIBED'", s.network())).isEqualTo(1);
        assertThat(broadcasts.countRecipients(s.network(), RecipientFilter.all())).isEqualTo(2);
        assertThat(post(http, local).statusCode()).isEqualTo(200); // a repeated POST answers the same
    }

    private String unsubscribeUrl(long broadcastId, long memberId, String email) throws Exception {
        MessageComposer composer = broadcasts.composer(networkOf(broadcastId), broadcastId);
        String header = composer.compose(new MessageComposer.Recipient(memberId, email, Map.of()))
                .message().getHeader(MailHeaders.LIST_UNSUBSCRIBE, null).replaceAll("\\s+", "");
        return header.substring(1, header.indexOf('>'));
    }

    private long networkOf(long broadcastId) throws Exception {
        return count("SELECT network_id FROM broadcasts WHERE id = ?", broadcastId);
    }

    private static HttpResponse<String> post(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type",
                        "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "List-Unsubscribe=One-Click")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String status(long member) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT status FROM members WHERE id = ?")) {
            s.setLong(1, member);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private void delivery(long broadcast, long member, String email, String group, String status) throws Exception {
        insert("INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, status, created_at, updated_at)"
                + " VALUES (" + broadcast + ", " + member + ", '" + email + "', '" + group + "', ?, NOW(3), NOW(3))",
                status);
    }

    private long member(long network, String name, String email, String carrier, String status, String attributes)
            throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO members (network_id, email, name, carrier, status, attributes, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, NOW(3), NOW(3))", Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, network);
            s.setString(2, email);
            s.setString(3, name);
            s.setString(4, carrier);
            s.setString(5, status);
            s.setString(6, attributes);
            s.executeUpdate();
            try (ResultSet k = s.getGeneratedKeys()) {
                k.next();
                return k.getLong(1);
            }
        }
    }

    private long insert(String sql, Object param) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            s.setObject(1, param);
            s.executeUpdate();
            try (ResultSet k = s.getGeneratedKeys()) {
                return k.next() ? k.getLong(1) : 0;
            }
        }
    }

    private void update(String sql, Object param) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, param);
            s.executeUpdate();
        }
    }

    private long count(String sql, Object param) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, param);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
