package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.archive.boundary.Archive;
import org.renraku.archive.control.ArchiveTexts;
import org.renraku.archive.control.AtomFeed;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.entity.MailCharset;
import org.renraku.members.boundary.Members;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The archive (バックナンバー) against the real database and the running server: only public, sent broadcasts of the
 * member's own network are ever shown — in the list, by a guessed id, in the Atom feed and as file downloads;
 * placeholders show neutral words, never a member's data; search and paging; the feed's secret address and its
 * rotation; the network default and the audited marks.
 */
@ExtendWith(ArquillianExtension.class)
class ArchiveIT {

    private static final ArchiveTexts.Neutral NEUTRAL = new ArchiveTexts.Neutral("会員", "（{0}）");
    private static final String BASE = "http://localhost:8080";

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Inject
    Broadcasts broadcasts;

    @Inject
    Archive archive;

    @Inject
    Members members;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A member's link parts. */
    record Link(long m, String s) {
        String query() {
            return "m=" + m + "&s=" + URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }

    private Sql sql() {
        return new Sql(dataSource);
    }

    private Link link(long memberId) {
        String url = members.personalLink(memberId).orElseThrow();
        Matcher m = Pattern.compile("[?&]m=(\\d+)&s=([^&]+)").matcher(url);
        assertThat(m.find()).as(url).isTrue();
        return new Link(Long.parseLong(m.group(1)), m.group(2));
    }

    /** A broadcast saved as a draft, then (unless draft) marked SENT at {@code sentAt}; public or not. */
    private long broadcast(long network, long admin, String subject, String text, String html, boolean isPublic,
            Instant sentAt, List<Broadcasts.Upload> files) throws Exception {
        long id = broadcasts.save(network, admin, new Broadcasts.Draft(null, subject, text, MailCharset.UTF_8, null,
                null, RecipientFilter.all(), null, files, html));
        archive.setPublic(network, id, isPublic, "it-admin", "127.0.0.1");
        if (sentAt != null) {
            sql().update("UPDATE broadcasts SET status = 'SENT', started_at = ?, finished_at = ? WHERE id = ?",
                    sentAt, sentAt.plusSeconds(60), id);
        }
        return id;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(BASE + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> getBytes(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(BASE + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Titles of the entries of an Atom document, parsed by a real XML parser. */
    private static List<String> entryTitles(byte[] xml) throws Exception {
        return entryTexts(xml, "title");
    }

    private static List<String> entryContents(byte[] xml) throws Exception {
        return entryTexts(xml, "content");
    }

    private static List<String> entryTexts(byte[] xml, String element) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element feed = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
        assertThat(feed.getNamespaceURI()).isEqualTo(AtomFeed.NS);
        NodeList entries = feed.getElementsByTagNameNS(AtomFeed.NS, "entry");
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < entries.getLength(); i++) {
            titles.add(((Element) entries.item(i)).getElementsByTagNameNS(AtomFeed.NS, element).item(0).getTextContent());
        }
        return titles;
    }

    private static String feedPath(String feedUrl) {
        return feedUrl.substring(feedUrl.indexOf("/feed/"));
    }

    @Test
    void privateBroadcastsNeverAppearInTheArchiveTheFeedOrByAGuessedId() throws Exception {
        long network = fixtures.network();
        long admin = fixtures.invited(network).id();
        long attr = insertAttribute(network, "学年");
        long reader = sql().member(network, "山田 太郎", Fixtures.unique("taro") + "@docomo.ne.jp", "DOCOMO", "ACTIVE");
        sql().update("UPDATE members SET attributes = ? WHERE id = ?", "{\"" + attr + "\": \"3年\"}", reader);
        Instant t = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        long pub = broadcast(network, admin, "{name}様へ 公開のお知らせ", "{name}様\n{学年}の保護者の皆様へ。{未知}",
                "<p>{name}様 <b>{学年}</b></p><script>alert(1)</script>", true, t, List.of());
        long priv = broadcast(network, admin, "非公開の連絡", "秘密の本文", null, false, t.plusSeconds(10), List.of());
        long draft = broadcast(network, admin, "公開の下書き", "まだ送っていない", null, true, null, List.of());
        long testMail = broadcast(network, admin, "配信テスト", "テスト", null, true, t.plusSeconds(20), List.of());
        sql().update("UPDATE broadcasts SET test_mail = TRUE WHERE id = ?", testMail);
        long other = fixtures.network();
        long elsewhere = broadcast(other, fixtures.invited(other).id(), "別の連絡網の公開配信", "よそ", null, true,
                t.plusSeconds(30), List.of());

        Link l = link(reader);
        Archive.Page page = archive.page(l.m(), l.s(), null, 1, NEUTRAL).orElseThrow();
        assertThat(page.rows()).extracting(Archive.Row::id).containsExactly(pub);
        assertThat(page.rows().get(0).subject()).isEqualTo("会員様へ 公開のお知らせ");
        for (long hidden : List.of(priv, draft, testMail, elsewhere)) {
            assertThat(archive.entry(l.m(), l.s(), hidden, NEUTRAL)).as("broadcast " + hidden).isEmpty();
        }
        Archive.Entry entry = archive.entry(l.m(), l.s(), pub, NEUTRAL).orElseThrow();
        assertThat(entry.text()).isEqualTo("会員様\n（学年）の保護者の皆様へ。{未知}")
                .doesNotContain("山田").doesNotContain("3年");
        assertThat(entry.html()).isEqualTo("<p>会員様 <b>（学年）</b></p>").doesNotContain("script");

        // the pages over HTTP: the list, the entry, and a guessed id that looks like any missing one
        String list = get("/member/archive.xhtml?" + l.query()).body();
        assertThat(list).contains("会員様へ 公開のお知らせ").doesNotContain("非公開の連絡").doesNotContain("公開の下書き")
                .doesNotContain("配信テスト").doesNotContain("別の連絡網").doesNotContain("山田");
        String shown = get("/member/archive-entry.xhtml?" + l.query() + "&b=" + pub).body();
        assertThat(shown).contains("archive-entry-html").contains("（学年）").doesNotContain("alert(1)");
        String guessed = get("/member/archive-entry.xhtml?" + l.query() + "&b=" + priv).body();
        assertThat(guessed).contains("archive-missing").doesNotContain("秘密の本文").doesNotContain("非公開の連絡");
        assertThat(get("/member/archive-entry.xhtml?m=" + l.m() + "&s=forged&b=" + pub).body())
                .contains("archive-invalid").doesNotContain("公開のお知らせ");

        // the feed: the public one only, neutral words, text only
        HttpResponse<byte[]> feed = getBytes(feedPath(archive.settings(network).feedUrl()));
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith(AtomFeed.MEDIA_TYPE);
        assertThat(entryTitles(feed.body())).containsExactly("会員様へ 公開のお知らせ");
        assertThat(entryContents(feed.body())).containsExactly("会員様\n（学年）の保護者の皆様へ。{未知}");
        String xml = new String(feed.body(), StandardCharsets.UTF_8);
        assertThat(xml).contains("（学年）の保護者の皆様へ").doesNotContain("秘密の本文").doesNotContain("山田")
                .doesNotContain("<script>");

        // made private afterwards: gone at once from both
        archive.setPublic(network, pub, false, "it-admin", "127.0.0.1");
        assertThat(archive.page(l.m(), l.s(), null, 1, NEUTRAL).orElseThrow().rows()).isEmpty();
        assertThat(entryTitles(getBytes(feedPath(archive.settings(network).feedUrl())).body())).isEmpty();
        assertThat(sql().column("SELECT detail FROM audit_events WHERE network_id = ? AND kind = 'BROADCAST_ARCHIVE_CHANGED'"
                + " ORDER BY id", network)).endsWith("private");
    }

    @Test
    void searchOverSubjectAndTextWithWildcardsTakenLiterallyAndPagingNewestFirst() throws Exception {
        long network = fixtures.network();
        long admin = fixtures.invited(network).id();
        long reader = sql().member(network, "読者", Fixtures.unique("r") + "@gmail.com", "GMAIL", "ACTIVE");
        Instant t = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 45; i++) {
            String subject = "お知らせ " + i;
            String text = i % 10 == 0 ? "運動会は雨天延期です " + i : "通常の連絡 " + i;
            ids.add(broadcast(network, admin, subject, text, null, true, t.plusSeconds(i * 60L), List.of()));
        }
        broadcast(network, admin, "割引100%のお知らせ", "全額", null, true, t.plusSeconds(50 * 60L), List.of());
        broadcast(network, admin, "運動会（非公開）", "運動会の秘密", null, false, t.plusSeconds(51 * 60L), List.of());

        Link l = link(reader);
        Archive.Page first = archive.page(l.m(), l.s(), "", 1, NEUTRAL).orElseThrow();
        assertThat(first.total()).isEqualTo(46);
        assertThat(first.pages()).isEqualTo(3);
        assertThat(first.rows()).hasSize(Archive.PAGE_SIZE);
        assertThat(first.rows().get(0).subject()).isEqualTo("割引100%のお知らせ");
        assertThat(first.rows().get(1).id()).isEqualTo(ids.get(44)); // newest first
        Archive.Page last = archive.page(l.m(), l.s(), null, 3, NEUTRAL).orElseThrow();
        assertThat(last.rows()).hasSize(6);
        assertThat(last.rows().get(5).id()).isEqualTo(ids.get(0));
        assertThat(archive.page(l.m(), l.s(), null, 99, NEUTRAL).orElseThrow().page()).isEqualTo(3);

        Archive.Page found = archive.page(l.m(), l.s(), " 運動会\u3000延期 ", 1, NEUTRAL).orElseThrow();
        assertThat(found.rows()).extracting(Archive.Row::subject)
                .containsExactly("お知らせ 40", "お知らせ 30", "お知らせ 20", "お知らせ 10");
        assertThat(found.query()).isEqualTo("運動会 延期");
        assertThat(archive.page(l.m(), l.s(), "%", 1, NEUTRAL).orElseThrow().rows()).extracting(Archive.Row::subject)
                .containsExactly("割引100%のお知らせ");
        assertThat(archive.page(l.m(), l.s(), "_", 1, NEUTRAL).orElseThrow().total()).isZero();
        assertThat(archive.page(l.m(), l.s(), "お知らせ 4", 1, NEUTRAL).orElseThrow().total())
                .as("both words: 4, 14, 24, 34 and 40-45").isEqualTo(10);

        // over HTTP: the search form's GET and the paging links carry the link
        String page2 = get("/member/archive.xhtml?" + l.query() + "&p=2").body();
        assertThat(page2).contains("お知らせ 26").contains("お知らせ 7<").doesNotContain("お知らせ 27<")
                .contains("id=\"archive-prev\"").contains("id=\"archive-next\"");
        String search = get("/member/archive.xhtml?" + l.query() + "&q="
                + URLEncoder.encode("運動会", StandardCharsets.UTF_8)).body();
        assertThat(search).contains("お知らせ 40").doesNotContain("お知らせ 41<").doesNotContain("運動会（非公開）");
    }

    @Test
    void filesAreDownloadedOnlyWithAValidLinkOfAMemberOfThatNetwork() throws Exception {
        long network = fixtures.network();
        long admin = fixtures.invited(network).id();
        long active = sql().member(network, "有効", Fixtures.unique("a") + "@gmail.com", "GMAIL", "ACTIVE");
        long suspended = sql().member(network, "停止", Fixtures.unique("s") + "@gmail.com", "GMAIL", "SUSPENDED");
        long left = sql().member(network, "退会", Fixtures.unique("l") + "@gmail.com", "GMAIL", "ACTIVE");
        long other = fixtures.network();
        long stranger = sql().member(other, "他人", Fixtures.unique("o") + "@gmail.com", "GMAIL", "ACTIVE");
        byte[] pdf = "%PDF-1.4 archive test".getBytes(StandardCharsets.US_ASCII);
        Instant t = Instant.now().minus(1, ChronoUnit.DAYS);
        long pub = broadcast(network, admin, "資料つき", "添付をご覧ください", null, true, t,
                List.of(new Broadcasts.Upload("運動会の案内.pdf", "application/pdf", pdf)));
        long priv = broadcast(network, admin, "非公開の資料", "添付", null, false, t,
                List.of(new Broadcasts.Upload("secret.pdf", "application/pdf", pdf)));
        long pubFile = Long.parseLong(sql().column("SELECT id FROM broadcast_attachments WHERE broadcast_id = ?", pub).get(0));
        long privFile = Long.parseLong(sql().column("SELECT id FROM broadcast_attachments WHERE broadcast_id = ?", priv).get(0));

        Link a = link(active);
        Link s = link(suspended);
        Link gone = link(left);
        sql().update("UPDATE members SET status = 'LEFT' WHERE id = ?", left);
        Link x = link(stranger);

        Archive.Entry entry = archive.entry(a.m(), a.s(), pub, NEUTRAL).orElseThrow();
        assertThat(entry.attachments()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo(pubFile);
            assertThat(f.fileName()).isEqualTo("運動会の案内.pdf");
        });
        String file = "/member/archive-file?b=" + pub + "&a=" + pubFile + "&";
        HttpResponse<byte[]> ok = getBytes(file + a.query());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(pdf);
        assertThat(ok.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment;")
                .contains("filename*=UTF-8''%E9%81%8B%E5%8B%95%E4%BC%9A");
        assertThat(getBytes(file + s.query()).statusCode()).as("a suspended member still reads").isEqualTo(200);

        assertThat(getBytes(file.substring(0, file.length() - 1)).statusCode()).as("no link").isEqualTo(404);
        assertThat(getBytes(file + "m=" + a.m() + "&s=forged").statusCode()).as("wrong signature").isEqualTo(404);
        assertThat(getBytes(file + "m=" + a.m() + "&s=" + s.s()).statusCode()).as("another member's signature")
                .isEqualTo(404);
        assertThat(getBytes(file + gone.query()).statusCode()).as("a member who left").isEqualTo(404);
        assertThat(getBytes(file + x.query()).statusCode()).as("a member of another network").isEqualTo(404);
        assertThat(getBytes("/member/archive-file?b=" + priv + "&a=" + privFile + "&" + a.query()).statusCode())
                .as("a private broadcast's file").isEqualTo(404);
        assertThat(getBytes("/member/archive-file?b=" + pub + "&a=" + privFile + "&" + a.query()).statusCode())
                .as("another broadcast's file under a public one").isEqualTo(404);
        assertThat(getBytes("/member/archive-file?b=x&a=1&" + a.query()).statusCode()).isEqualTo(404);
        assertThat(archive.attachment(gone.m(), gone.s(), pub, pubFile)).isEmpty();
    }

    @Test
    void theFeedAnswersOnlyAtTheNetworksCurrentSecretAddress() throws Exception {
        long network = fixtures.network();
        long admin = fixtures.invited(network).id();
        broadcast(network, admin, "フィードの配信", "本文 <b>太字</b> & 記号", null, true, Instant.now().minusSeconds(600),
                List.of());
        long other = fixtures.network();
        String url = archive.settings(network).feedUrl();
        assertThat(url).matches("http://localhost:8080/feed/" + network + "-[a-z2-7]{16}\\.atom");
        String path = feedPath(url);
        String secret = path.substring(path.indexOf('-') + 1, path.length() - ".atom".length());

        assertThat(getBytes(path).statusCode()).isEqualTo(200);
        assertThat(getBytes(path.toUpperCase().replace("/FEED/", "/feed/")).statusCode()).as("case of the secret")
                .isEqualTo(200);
        String wrong = (secret.charAt(0) == 'a' ? "b" : "a") + secret.substring(1);
        assertThat(getBytes("/feed/" + network + "-" + wrong + ".atom").statusCode()).isEqualTo(404);
        assertThat(getBytes("/feed/" + other + "-" + secret + ".atom").statusCode()).as("another network").isEqualTo(404);
        assertThat(getBytes("/feed/" + network + ".atom").statusCode()).isEqualTo(404);
        assertThat(getBytes("/feed/").statusCode()).isEqualTo(404);
        byte[] xml = getBytes(path).body();
        assertThat(new String(xml, StandardCharsets.UTF_8)).doesNotContain("<b>").contains("&lt;b>");
        assertThat(entryContents(xml)).containsExactly("本文 <b>太字</b> & 記号");

        String rotated = archive.rotateFeed(network, "it-admin", "127.0.0.1");
        assertThat(rotated).isNotEqualTo(url);
        assertThat(getBytes(path).statusCode()).as("the old address").isEqualTo(404);
        assertThat(entryTitles(getBytes(feedPath(rotated)).body())).containsExactly("フィードの配信");
        assertThat(sql().column("SELECT kind FROM audit_events WHERE network_id = ? AND kind = 'ARCHIVE_FEED_ROTATED'",
                network)).hasSize(1);
    }

    @Test
    void feedEntriesLinkToTheArchiveEntryWhichOpensForTheBrowserThatOpenedTheMembersPersonalLink() throws Exception {
        long network = fixtures.network();
        long admin = fixtures.invited(network).id();
        String email = Fixtures.unique("feed") + "@example.jp";
        Link reader = link(sql().member(network, "木村 陽子", email, "OTHER", "ACTIVE"));
        long id = broadcast(network, admin, "フィードから開く", "運動会の本文", null, true, Instant.now().minusSeconds(600),
                List.of());

        byte[] xml = getBytes(feedPath(archive.settings(network).feedUrl())).body();
        String entryLink = entryLinks(xml).get(0);
        assertThat(entryLink).isEqualTo(BASE + "/member/archive-entry.xhtml?b=" + id)
                .doesNotContain("/console/").doesNotContain("s=");

        // a browser that never opened the member's link: the ordinary "open it from your link" page, nothing shown
        HttpResponse<String> stranger = get(entryLink.substring(BASE.length()));
        assertThat(stranger.statusCode()).isEqualTo(200);
        assertThat(stranger.body()).contains("archive-invalid").contains("archive-via-link")
                .doesNotContain("運動会の本文");

        // the member's browser: their personal page first (as from any mail), then the feed's link opens the entry
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(BASE + "/member/page.xhtml?"
                + reader.query())).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains(email);
        assertThat(page.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("rk_member=" + reader.m() + ".").containsIgnoringCase("HttpOnly"));
        HttpResponse<String> entry = browser.send(HttpRequest.newBuilder(URI.create(entryLink)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(entry.body()).contains("archive-entry-subject").contains("フィードから開く").contains("運動会の本文")
                .doesNotContain("archive-invalid");
    }

    @Test
    void aSuspendedNetworksArchiveIsClosedToItsMembers() throws Exception {
        long network = fixtures.network();
        long admin = fixtures.invited(network).id();
        Link reader = link(sql().member(network, "石井 健", Fixtures.unique("susp") + "@example.jp", "OTHER", "ACTIVE"));
        long id = broadcast(network, admin, "停止前の配信", "停止前の本文", null, true, Instant.now().minusSeconds(600),
                List.of());
        String feed = feedPath(archive.settings(network).feedUrl());
        assertThat(archive.reader(reader.m(), reader.s())).isPresent();
        assertThat(get("/member/archive-entry.xhtml?" + reader.query() + "&b=" + id).body()).contains("停止前の本文");

        sql().update("UPDATE networks SET status = 'SUSPENDED' WHERE id = ?", network);
        try {
            assertThat(archive.reader(reader.m(), reader.s())).isEmpty();
            assertThat(archive.page(reader.m(), reader.s(), null, 1, NEUTRAL)).isEmpty();
            assertThat(archive.entry(reader.m(), reader.s(), id, NEUTRAL)).isEmpty();
            // the member pages of a suspended network lead to the page that says so (MemberPagesGuard)
            HttpResponse<String> list = get("/member/archive.xhtml?" + reader.query());
            assertThat(list.headers().firstValue("Location")).hasValueSatisfying(
                    l -> assertThat(l).endsWith("/member/suspended.xhtml"));
            assertThat(list.body()).doesNotContain("停止前の配信");
            HttpResponse<String> entry = get("/member/archive-entry.xhtml?" + reader.query() + "&b=" + id);
            assertThat(entry.headers().firstValue("Location")).hasValueSatisfying(
                    l -> assertThat(l).endsWith("/member/suspended.xhtml"));
            assertThat(entry.body()).doesNotContain("停止前の本文").doesNotContain("停止前の配信");
            assertThat(getBytes(feed).statusCode()).isEqualTo(404);
        } finally {
            sql().update("UPDATE networks SET status = 'ACTIVE' WHERE id = ?", network);
        }
        assertThat(archive.reader(reader.m(), reader.s())).as("open again once reopened").isPresent();
    }

    /** The alternate links of the entries of an Atom document. */
    private static List<String> entryLinks(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        NodeList entries = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement()
                .getElementsByTagNameNS(AtomFeed.NS, "entry");
        List<String> links = new ArrayList<>();
        for (int i = 0; i < entries.getLength(); i++) {
            Element link = (Element) ((Element) entries.item(i)).getElementsByTagNameNS(AtomFeed.NS, "link").item(0);
            assertThat(link.getAttribute("rel")).isEqualTo("alternate");
            links.add(link.getAttribute("href"));
        }
        return links;
    }

    @Test
    void newBroadcastsTakeTheNetworksDefaultWhichIsOffAndAuditedWhenChanged() throws Exception {
        long network = fixtures.network();
        long admin = fixtures.invited(network).id();
        assertThat(archive.settings(network).publicByDefault()).isFalse();
        long before = broadcasts.save(network, admin, new Broadcasts.Draft(null, "既定オフ", "本文", MailCharset.UTF_8,
                null, null, RecipientFilter.all(), null, List.of()));
        assertThat(archive.isPublic(network, before)).isFalse();

        archive.setDefault(network, true, "it-admin", "127.0.0.1");
        archive.setDefault(network, true, "it-admin", "127.0.0.1"); // no change, no second row
        assertThat(archive.settings(network).publicByDefault()).isTrue();
        long after = broadcasts.save(network, admin, new Broadcasts.Draft(null, "既定オン", "本文", MailCharset.UTF_8,
                null, null, RecipientFilter.all(), null, List.of()));
        assertThat(archive.isPublic(network, after)).isTrue();
        assertThat(archive.isPublic(network, before)).as("existing broadcasts keep their mark").isFalse();
        assertThat(archive.publicIds(network)).containsExactly(after);
        assertThat(sql().column("SELECT detail FROM audit_events WHERE network_id = ? AND kind = 'ARCHIVE_DEFAULT_CHANGED'",
                network)).containsExactly("on");

        long other = fixtures.network();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> archive.setPublic(other, after, false, "x", null))
                .as("another network's broadcast").hasMessageContaining("broadcast.error.unknown");
        assertThat(archive.isPublic(network, after)).isTrue();
    }

    private long insertAttribute(long network, String label) throws Exception {
        sql().update("INSERT INTO member_attributes (network_id, label, kind, choices, position, created_at)"
                + " VALUES (?, ?, 'SINGLE', '2年\n3年', 1, NOW(3))", network, label);
        return Long.parseLong(sql().column("SELECT id FROM member_attributes WHERE network_id = ? AND label = ?",
                network, label).get(0));
    }
}
