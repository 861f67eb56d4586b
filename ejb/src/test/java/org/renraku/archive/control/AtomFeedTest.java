package org.renraku.archive.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class AtomFeedTest {

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static String text(Element parent, String name) {
        return parent.getElementsByTagNameNS(AtomFeed.NS, name).item(0).getTextContent();
    }

    @Test
    void entriesComeBackFromARealParserWithTheirTextEscapedAndTheFeedsRequiredElements() throws Exception {
        Instant newer = Instant.parse("2026-11-20T01:02:03.456Z");
        Instant older = Instant.parse("2026-11-01T00:00:00Z");
        byte[] xml = AtomFeed.write(new AtomFeed.Head("https://r.example/feed/1-abc.atom", "PTA バックナンバー",
                "さくら小PTA & 保護者会", "seed-1", older), List.of(
                new AtomFeed.Entry(12, newer, "運動会 <中止> & 延期", "本文 <script>alert(1)</script>\n2行目 \u0007鐘"),
                new AtomFeed.Entry(11, older, "遠足", "お弁当 \uD83C\uDF71")));

        Document doc = parse(xml);
        Element feed = doc.getDocumentElement();
        assertThat(feed.getNamespaceURI()).isEqualTo(AtomFeed.NS);
        assertThat(feed.getLocalName()).isEqualTo("feed");
        assertThat(text(feed, "title")).isEqualTo("PTA バックナンバー");
        assertThat(text(feed, "updated")).isEqualTo("2026-11-20T01:02:03Z");
        assertThat(text(feed, "id")).startsWith("urn:uuid:");
        Element self = (Element) feed.getElementsByTagNameNS(AtomFeed.NS, "link").item(0);
        assertThat(self.getAttribute("rel")).isEqualTo("self");
        assertThat(self.getAttribute("href")).isEqualTo("https://r.example/feed/1-abc.atom");
        assertThat(text((Element) feed.getElementsByTagNameNS(AtomFeed.NS, "author").item(0), "name"))
                .isEqualTo("さくら小PTA & 保護者会");

        NodeList entries = feed.getElementsByTagNameNS(AtomFeed.NS, "entry");
        assertThat(entries.getLength()).isEqualTo(2);
        Element first = (Element) entries.item(0);
        assertThat(text(first, "title")).isEqualTo("運動会 <中止> & 延期");
        Element content = (Element) first.getElementsByTagNameNS(AtomFeed.NS, "content").item(0);
        assertThat(content.getAttribute("type")).isEqualTo("text");
        assertThat(content.getTextContent()).isEqualTo("本文 <script>alert(1)</script>\n2行目 鐘");
        assertThat(content.getElementsByTagName("script").getLength()).as("no markup inside").isZero();
        assertThat(text(first, "published")).isEqualTo("2026-11-20T01:02:03Z");
        assertThat(text((Element) entries.item(1), "content")).isEqualTo("お弁当 \uD83C\uDF71");
        assertThat(text(first, "id")).isNotEqualTo(text((Element) entries.item(1), "id"))
                .isEqualTo(AtomFeed.uuid("seed-1:broadcast:12"));
        assertThat(new String(xml, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("<script>");
    }

    @Test
    void anEntryLinksToItsArchivePageWhenGivenOne() throws Exception {
        Instant at = Instant.parse("2026-11-20T01:02:03Z");
        byte[] xml = AtomFeed.write(new AtomFeed.Head("https://r.example/feed/1-abc.atom", "t", "a", "s", at), List.of(
                new AtomFeed.Entry(12, at, "運動会", "本文", "https://r.example/member/archive-entry.xhtml?b=12&x=<1>"),
                new AtomFeed.Entry(11, at, "遠足", "本文")));

        NodeList entries = parse(xml).getDocumentElement().getElementsByTagNameNS(AtomFeed.NS, "entry");
        Element link = (Element) ((Element) entries.item(0)).getElementsByTagNameNS(AtomFeed.NS, "link").item(0);
        assertThat(link.getAttribute("rel")).isEqualTo("alternate");
        assertThat(link.getAttribute("type")).isEqualTo("text/html");
        assertThat(link.getAttribute("href")).isEqualTo("https://r.example/member/archive-entry.xhtml?b=12&x=<1>");
        assertThat(((Element) entries.item(1)).getElementsByTagNameNS(AtomFeed.NS, "link").getLength()).isZero();
    }

    @Test
    void anEmptyFeedIsStillValidAtomWithTheFallbackTime() throws Exception {
        byte[] xml = AtomFeed.write(new AtomFeed.Head("u", "t", "a", "s", Instant.parse("2026-01-02T03:04:05Z")),
                List.of());
        Element feed = parse(xml).getDocumentElement();
        assertThat(text(feed, "updated")).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(feed.getElementsByTagNameNS(AtomFeed.NS, "entry").getLength()).isZero();
    }
}
