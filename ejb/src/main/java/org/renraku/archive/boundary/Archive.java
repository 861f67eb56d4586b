package org.renraku.archive.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.io.Serializable;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.renraku.archive.control.ArchiveTexts;
import org.renraku.archive.control.AtomFeed;
import org.renraku.archive.control.FeedAddresses;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.broadcasts.boundary.BroadcastException;
import org.renraku.broadcasts.entity.Broadcast;
import org.renraku.broadcasts.entity.BroadcastAttachment;
import org.renraku.members.boundary.AttributeLabel;
import org.renraku.members.boundary.MemberDirectory;
import org.renraku.members.control.MemberLinks;
import org.renraku.members.entity.Member;
import org.renraku.networks.entity.Network;
import org.renraku.platform.control.Secrets;

/**
 * The archive (バックナンバー): the broadcasts an admin marked public, for the members of the network.
 * <ul>
 * <li>Members read it through their signed personal link (the {@code m} and {@code s} of
 * {@code /member/page.xhtml}); every call checks the signature again. ACTIVE and SUSPENDED members may read: the
 * archive is where a member whose mail stopped arriving (suspended after bounces) reads what they missed. Members who
 * left (their link no longer opens their page either) and PENDING ones (代行登録 not yet confirmed) may not, nor any
 * member while the operator has suspended the network (the pages answer as for a wrong link, the feed 404).</li>
 * <li>Shown: public ({@code archived}), SENT, not a monthly test mail, of the reader's network — nothing else, whatever
 * id is asked for; a broadcast that is not shown and one that does not exist look the same (empty).</li>
 * <li>Placeholders are filled with neutral words ({@link ArchiveTexts}), never with anybody's data.</li>
 * <li>The Atom feed: the last {@value #FEED_SIZE} at the network's secret address ({@link FeedAddresses}).</li>
 * <li>Admins: the network's default for new broadcasts, the public mark of a broadcast, a new feed address; audited.</li>
 * </ul>
 */
@Stateless
public class Archive {

    public static final int PAGE_SIZE = 20;
    public static final int FEED_SIZE = 50;
    /** The member's page of one archived broadcast. */
    public static final String ENTRY_PAGE = "/member/archive-entry.xhtml";
    /** Longest search text taken, and most words (the rest is ignored). */
    public static final int QUERY_MAX = 100;
    public static final int QUERY_WORDS = 5;

    /** The member reading: their network. */
    public record Reader(long memberId, long networkId, String networkName) implements Serializable {
    }

    /** A line of the list; {@code subject} with the placeholders filled neutrally. */
    public record Row(long id, String subject, Instant sentAt, int attachments) implements Serializable {
    }

    /** One page (1-based) of the list for a search ({@code query} as used, blank for none). */
    public record Page(Reader reader, List<Row> rows, long total, int page, int pages, String query)
            implements Serializable {
        public boolean hasPrevious() {
            return page > 1;
        }

        public boolean hasNext() {
            return page < pages;
        }
    }

    public record Attachment(long id, String fileName, String contentType, long size) implements Serializable {
    }

    /** A broadcast as the archive shows it: text, the sanitised HTML part (or null), the attachments. */
    public record Entry(Reader reader, long id, Instant sentAt, String subject, String text, String html,
            List<Attachment> attachments) implements Serializable {
    }

    public record File(String fileName, String contentType, byte[] content) {
    }

    /** The console's side: new broadcasts public by default, and the feed's address. */
    public record Settings(boolean publicByDefault, String feedUrl) implements Serializable {
    }

    private static final String SHOWN = " b.archived = TRUE AND b.status = 'SENT' AND b.test_mail = FALSE"
            + " AND b.resend_of IS NULL"; // a re-send (再送) repeats its original, which is the one shown

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    MemberLinks links;

    @Inject
    MemberDirectory directory;

    @Inject
    Secrets secrets;

    @Inject
    AuditLog audit;

    // --- members

    /** The member of a personal link who may read the archive (ACTIVE or SUSPENDED), else empty. */
    public Optional<Reader> reader(long memberId, String signature) {
        Member m = em.find(Member.class, memberId);
        if (m == null || !links.verify(m, signature)
                || (m.status() != Member.Status.ACTIVE && m.status() != Member.Status.SUSPENDED)) {
            return Optional.empty();
        }
        Network n = m.network();
        if (n.status() != Network.Status.ACTIVE) {
            return Optional.empty(); // a suspended network's archive is closed to its members
        }
        return Optional.of(new Reader(m.id(), n.id(), n.name()));
    }

    /**
     * A page of the member's network's public broadcasts, newest first, {@value #PAGE_SIZE} a page; with a search,
     * only those whose subject or text contains every word of it. A page past the end gives the last one.
     */
    public Optional<Page> page(long memberId, String signature, String query, int page, ArchiveTexts.Neutral neutral) {
        Optional<Reader> reader = reader(memberId, signature);
        if (reader.isEmpty()) {
            return Optional.empty();
        }
        long network = reader.get().networkId();
        List<String> words = words(query);
        StringBuilder where = new StringBuilder(" FROM broadcasts b WHERE b.network_id = ? AND" + SHOWN);
        List<Object> params = new ArrayList<>();
        params.add(network);
        for (String w : words) {
            where.append(" AND (b.subject LIKE ? ESCAPE '!' OR b.body_text LIKE ? ESCAPE '!')");
            String like = "%" + likeEscaped(w) + "%";
            params.add(like);
            params.add(like);
        }
        Query count = em.createNativeQuery("SELECT COUNT(*)" + where);
        bind(count, params);
        long total = ((Number) count.getSingleResult()).longValue();
        int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        int p = Math.min(Math.max(1, page), pages);
        Query q = em.createNativeQuery("SELECT b.id, (SELECT COUNT(*) FROM broadcast_attachments a"
                + " WHERE a.broadcast_id = b.id)" + where
                + " ORDER BY b.started_at DESC, b.id DESC LIMIT " + PAGE_SIZE + " OFFSET " + (long) (p - 1) * PAGE_SIZE);
        bind(q, params);
        ArchiveTexts texts = texts(network, neutral);
        List<Object[]> found = new ArrayList<>();
        for (Object o : q.getResultList()) {
            found.add((Object[]) o);
        }
        Map<Long, Broadcast> byId = byId(found.stream().map(r -> ((Number) r[0]).longValue()).toList());
        List<Row> rows = new ArrayList<>();
        for (Object[] r : found) {
            Broadcast b = byId.get(((Number) r[0]).longValue());
            rows.add(new Row(b.id(), texts.render(b.subject(), null, null).subject(), sentAt(b),
                    ((Number) r[1]).intValue()));
        }
        return Optional.of(new Page(reader.get(), rows, total, p, pages, String.join(" ", words)));
    }

    /** One public broadcast of the member's network; empty for any other id (private, unsent, elsewhere, none). */
    public Optional<Entry> entry(long memberId, String signature, long broadcastId, ArchiveTexts.Neutral neutral) {
        Optional<Reader> reader = reader(memberId, signature);
        Optional<Broadcast> b = reader.flatMap(r -> shown(r.networkId(), broadcastId));
        if (b.isEmpty()) {
            return Optional.empty();
        }
        ArchiveTexts.Rendered text = texts(reader.get().networkId(), neutral)
                .render(b.get().subject(), b.get().bodyText(), b.get().bodyHtml().orElse(null));
        List<Attachment> files = attachments(b.get()).stream()
                .map(a -> new Attachment(a.id(), a.fileName(), a.contentType(), a.sizeBytes())).toList();
        return Optional.of(new Entry(reader.get(), b.get().id(), sentAt(b.get()),
                text.subject(), text.text(), text.html(), files));
    }

    /** A file of a public broadcast, for a member of its network with a valid link; empty otherwise. */
    public Optional<File> attachment(long memberId, String signature, long broadcastId, long attachmentId) {
        return reader(memberId, signature).flatMap(r -> shown(r.networkId(), broadcastId))
                .flatMap(b -> attachments(b).stream().filter(a -> a.id() == attachmentId).findFirst())
                .map(a -> new File(a.fileName(), a.contentType(), a.content().orElseThrow()));
    }

    // --- the feed

    /**
     * The Atom document of the network's last {@value #FEED_SIZE} public broadcasts, when {@code secret} is the
     * network's current feed secret (and the network is active); empty otherwise. {@code titlePattern}: a
     * MessageFormat of the network's name (the feed's title).
     */
    public Optional<byte[]> feed(long networkId, String secret, ArchiveTexts.Neutral neutral, String titlePattern) {
        Network n = em.find(Network.class, networkId);
        if (n == null || n.status() != Network.Status.ACTIVE
                || !FeedAddresses.matches(feedSecret(networkId), secret)) {
            return Optional.empty();
        }
        ArchiveTexts texts = texts(networkId, neutral);
        List<AtomFeed.Entry> entries = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (Object id : em.createNativeQuery("SELECT b.id FROM broadcasts b WHERE b.network_id = ? AND" + SHOWN
                        + " ORDER BY b.started_at DESC, b.id DESC LIMIT " + FEED_SIZE)
                .setParameter(1, networkId).getResultList()) {
            ids.add(((Number) id).longValue());
        }
        Map<Long, Broadcast> byId = byId(ids);
        for (long id : ids) {
            Broadcast b = byId.get(id);
            ArchiveTexts.Rendered t = texts.render(b.subject(), b.bodyText(), null);
            // the entry's page is the member's archive entry: the browser that opened the member's personal link
            // knows them (ArchiveEntryView), anybody else is asked to open it from a mail
            entries.add(new AtomFeed.Entry(b.id(), sentAt(b), t.subject(), t.text(), entryLink(b.id())));
        }
        String self = FeedAddresses.url(links.base(), networkId, feedSecret(networkId));
        return Optional.of(AtomFeed.write(new AtomFeed.Head(self,
                new MessageFormat(titlePattern, Locale.ROOT).format(new Object[] {n.name()}), n.name(),
                links.base() + "/renraku/network/" + networkId + "/archive", n.createdAt()), entries));
    }

    /** The member page of an archived broadcast without a personal link (the feed's entries link to it). */
    public String entryLink(long broadcastId) {
        return links.base() + ENTRY_PAGE + "?b=" + broadcastId;
    }

    /** The broadcasts of these ids in one query (not one lookup a row). */
    private Map<Long, Broadcast> byId(List<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, Broadcast> byId = new HashMap<>();
        for (Broadcast b : em.createQuery("SELECT b FROM Broadcast b WHERE b.id IN :ids", Broadcast.class)
                .setParameter("ids", ids).getResultList()) {
            byId.put(b.id(), b);
        }
        return byId;
    }

    // --- the console

    public Settings settings(long networkId) {
        return new Settings(flag(networkId), FeedAddresses.url(links.base(), networkId, feedSecret(networkId)));
    }

    /** Whether new broadcasts of the network start public; audited when it changes. */
    public void setDefault(long networkId, boolean publicByDefault, String actor, String client) {
        if (flag(networkId) == publicByDefault) {
            return;
        }
        em.createNativeQuery("UPDATE networks SET archive_default = ? WHERE id = ?").setParameter(1, publicByDefault)
                .setParameter(2, networkId).executeUpdate();
        audit.recordWithin(AuditKind.ARCHIVE_DEFAULT_CHANGED, networkId, actor, null, publicByDefault ? "on" : "off",
                client);
    }

    /** A new feed address (the old one answers 404 from now on); audited; returns the new address. */
    public String rotateFeed(long networkId, String actor, String client) {
        em.createNativeQuery("UPDATE networks SET feed_version = feed_version + 1 WHERE id = ?")
                .setParameter(1, networkId).executeUpdate();
        audit.recordWithin(AuditKind.ARCHIVE_FEED_ROTATED, networkId, actor, null, null, client);
        return FeedAddresses.url(links.base(), networkId, feedSecret(networkId));
    }

    /** Whether the network's broadcast is public; refused ({@code broadcast.error.unknown}) for another's. */
    public boolean isPublic(long networkId, long broadcastId) {
        return own(networkId, broadcastId).archived();
    }

    /** Marks the network's broadcast public or not (any state; only sent ones are shown); audited when it changes. */
    public void setPublic(long networkId, long broadcastId, boolean isPublic, String actor, String client) {
        Broadcast b = own(networkId, broadcastId);
        if (b.publish(isPublic, clock.instant())) {
            audit.recordWithin(AuditKind.BROADCAST_ARCHIVE_CHANGED, networkId, actor, "#" + b.id() + " " + b.subject(),
                    isPublic ? "public" : "private", client);
        }
    }

    /** Which of the network's broadcasts are public (for the history page). */
    public Set<Long> publicIds(long networkId) {
        Set<Long> ids = new HashSet<>();
        for (Object o : em.createNativeQuery("SELECT id FROM broadcasts WHERE network_id = ? AND archived = TRUE")
                .setParameter(1, networkId).getResultList()) {
            ids.add(((Number) o).longValue());
        }
        return ids;
    }

    // --- helpers

    private Optional<Broadcast> shown(long networkId, long broadcastId) {
        List<?> ids = em.createNativeQuery("SELECT b.id FROM broadcasts b WHERE b.id = ? AND b.network_id = ? AND"
                + SHOWN).setParameter(1, broadcastId).setParameter(2, networkId).getResultList();
        return ids.isEmpty() ? Optional.empty() : Optional.ofNullable(em.find(Broadcast.class, broadcastId));
    }

    private Broadcast own(long networkId, long broadcastId) {
        Broadcast b = em.find(Broadcast.class, broadcastId);
        if (b == null || !b.network().id().equals(networkId)) {
            throw new BroadcastException(BroadcastException.UNKNOWN);
        }
        return b;
    }

    private List<BroadcastAttachment> attachments(Broadcast b) {
        return em.createQuery("SELECT a FROM BroadcastAttachment a WHERE a.broadcast = :b ORDER BY a.position",
                BroadcastAttachment.class).setParameter("b", b).getResultStream()
                .filter(a -> a.content().isPresent()).toList();
    }

    private ArchiveTexts texts(long networkId, ArchiveTexts.Neutral neutral) {
        return new ArchiveTexts(neutral, directory.attributes(networkId).stream().map(AttributeLabel::label).toList());
    }

    private boolean flag(long networkId) {
        Object v = em.createNativeQuery("SELECT archive_default FROM networks WHERE id = ?").setParameter(1, networkId)
                .getSingleResult();
        return v instanceof Boolean f ? f : ((Number) v).intValue() != 0;
    }

    private String feedSecret(long networkId) {
        int version = ((Number) em.createNativeQuery("SELECT feed_version FROM networks WHERE id = ?")
                .setParameter(1, networkId).getSingleResult()).intValue();
        return FeedAddresses.secret(secrets.key(FeedAddresses.SECRET_PROPERTY, FeedAddresses.APP_SECRET), networkId,
                version);
    }

    /** The words of a search (split at spaces, ideographic ones too), at most {@value #QUERY_WORDS}. */
    static List<String> words(String query) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        String q = query.strip();
        if (q.length() > QUERY_MAX) {
            q = q.substring(0, QUERY_MAX);
        }
        List<String> words = new ArrayList<>();
        for (String w : q.split("[\\s\\u3000]+")) {
            if (!w.isEmpty() && words.size() < QUERY_WORDS) {
                words.add(w);
            }
        }
        return words;
    }

    /** {@code s} for a LIKE with {@code ESCAPE '!'}: its %, _ and ! match themselves. */
    static String likeEscaped(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static void bind(Query q, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
    }

    /** When it went out: sending started (a sent broadcast always has it; its creation otherwise). */
    private static Instant sentAt(Broadcast b) {
        return b.startedAt().orElse(b.createdAt());
    }
}
