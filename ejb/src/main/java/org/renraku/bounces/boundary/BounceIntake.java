package org.renraku.bounces.boundary;

import jakarta.ejb.Stateless;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.renraku.broadcasts.control.ComposerSettings;
import org.renraku.bounces.control.BounceClassifier;
import org.renraku.mail.control.BounceKind;
import org.renraku.mail.control.BounceReason;
import org.renraku.bounces.control.BounceReport;
import org.renraku.bounces.control.BounceResult;
import org.renraku.bounces.control.MailtoUnsubscribe;
import org.renraku.broadcasts.control.DeliveryToken;
import org.renraku.broadcasts.control.MailHeaders;
import org.renraku.broadcasts.control.MessageComposer;
import org.renraku.bounces.entity.BounceEvent;

/**
 * One mail of the bounce mailbox, from its raw bytes to what it changes: classified ({@link BounceClassifier}),
 * tied to our delivery, handed to the {@link BouncePolicy}, and logged in {@code bounce_mails} with its
 * disposition — in one transaction of its own, so a mail either leaves its row and its events or nothing.
 * <p>
 * <b>A report acts only on a delivery it can prove.</b> Which delivery a bounce is about comes from its HMAC-checked
 * delivery token only ({@link DeliveryToken.Purpose#BOUNCE}): the VERP token of the address it came back to (the
 * envelope sender of every broadcast message), else the {@code X-Renraku-Delivery} token of the returned original.
 * Anyone can write {@code X-Renraku-Network}, a member's address or a Message-ID into a mail, so a report that
 * names nothing more is recorded and quarantined, and changes nobody. A report with a token that names the
 * recipients it is about (DSN Final-Recipient, ARF Original-Rcpt-To, whatever the classifier reads) must name the
 * address that delivery went to, else it is quarantined too ("token is for another address"): a token copied from
 * one member's mail cannot silence another. A report naming no recipient is proven by its token alone.
 * <p>
 * A mail whose digest was seen before is not counted
 * again: the job may have stopped between recording a mail and moving it out of the inbox, or the reporting
 * server may have sent it twice (the same Message-ID; a mail without one is known by its bytes).
 * <p>
 * <b>The {@code mailto:} unsubscribe.</b> A mail whose envelope recipient is the unsubscribe mailbox
 * ({@code unsubscribe+<token>@<bounce domain>}, {@link MailtoUnsubscribe}) is no bounce: it is never classified and
 * never counts against anyone. When its token verifies (purpose UNSUBSCRIBE) the member leaves exactly as by the
 * one-click POST ({@link Unsubscribes#unsubscribe}), in this mail's transaction, whatever address it came from;
 * it is logged UNSUBSCRIBED (again, with "already unsubscribed", for a second one). Without a token that verifies
 * it changes nobody and is quarantined with its reason.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class BounceIntake {

    private static final Logger LOG = Logger.getLogger(BounceIntake.class.getName());

    /** What became of a mail: where the job moves it, and why. */
    public enum Disposition { RECORDED, IGNORED, QUARANTINED, DUPLICATE, UNSUBSCRIBED }

    public record Result(Disposition disposition, String reason, int events) {
        /** The folder the mail goes to: quarantine for what could not be read or tied to a delivery. */
        public boolean quarantine() {
            return disposition == Disposition.QUARANTINED;
        }
    }

    private final BounceClassifier classifier = new BounceClassifier();

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    BouncePolicy policy;

    @Inject
    ComposerSettings composer;

    @Inject
    Unsubscribes unsubscribes;

    public Result accept(byte[] raw, Instant receivedAt) {
        String messageId = messageId(raw);
        // the bounce's own Message-ID names it whatever Received lines a re-delivery adds; without one, its bytes
        String digest = messageId != null ? sha256(("message-id " + messageId).getBytes(StandardCharsets.UTF_8))
                : sha256(raw);
        if (!em.createNativeQuery("SELECT id FROM bounce_mails WHERE digest = ?").setParameter(1, digest)
                .getResultList().isEmpty()) {
            return new Result(Disposition.DUPLICATE, "seen before", 0);
        }
        Result result;
        Long network = null;
        Long delivery = null;
        MessageComposer.Settings settings = composer.settings();
        Optional<MailtoUnsubscribe> mailto = MailtoUnsubscribe.of(raw, settings.unsubscribeMailbox(),
                settings.bounceDomain());
        if (mailto.isPresent()) {
            Optional<DeliveryToken> token = mailto.get().token()
                    .flatMap(t -> DeliveryToken.parse(t, composer.tokenKey(), DeliveryToken.Purpose.UNSUBSCRIBE));
            Optional<Delivery> found = token.flatMap(this::delivery);
            if (found.isPresent()) {
                network = found.get().networkId();
                delivery = found.get().deliveryId();
            }
            result = unsubscribe(mailto.get(), token.isPresent());
        } else {
            BounceReport report = classifier.classify(raw);
            Optional<Delivery> found = report.readable() ? delivery(report) : Optional.empty();
            if (found.isPresent()) {
                network = found.get().networkId();
                delivery = found.get().deliveryId();
            }
            if (!report.readable()) {
                result = new Result(Disposition.QUARANTINED, cut("unreadable: " + report.problem()), 0);
            } else if (report.notABounce() && !report.complaint()) {
                // an auto-reply or a report of a successful delivery is answered by nothing; anything else that is no
                // bounce we can read (binary junk behind an MTA's headers, a truncated report) is set aside
                result = recognised(report)
                        ? new Result(Disposition.IGNORED, cut(reasons(report)), 0)
                        : new Result(Disposition.QUARANTINED, cut("not recognised as a bounce (" + reasons(report) + ")"), 0);
            } else {
                Optional<String> unproven = unproven(report, found.orElse(null));
                result = unproven.isPresent() ? new Result(Disposition.QUARANTINED, unproven.get(), 0)
                        : record(report, found.get());
            }
        }
        em.createNativeQuery("INSERT INTO bounce_mails (digest, message_id, size_bytes, disposition, reason,"
                        + " network_id, delivery_id, events, received_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .setParameter(1, digest).setParameter(2, messageId).setParameter(3, raw.length)
                .setParameter(4, result.disposition().name()).setParameter(5, result.reason())
                .setParameter(6, network).setParameter(7, delivery).setParameter(8, result.events())
                .setParameter(9, receivedAt == null ? null : Timestamp.from(receivedAt))
                .setParameter(10, Timestamp.from(clock.instant())).executeUpdate();
        return result;
    }

    /** A mail too large to fetch: quarantined by its size alone, so the mailbox never fills with it. */
    public Result tooLarge(long size, Instant receivedAt) {
        Result result = new Result(Disposition.QUARANTINED, "too large to be a bounce: " + size + " bytes", 0);
        em.createNativeQuery("INSERT INTO bounce_mails (digest, size_bytes, disposition, reason, events, received_at,"
                        + " created_at) VALUES (?, ?, ?, ?, 0, ?, ?)")
                .setParameter(1, sha256(("oversized " + size + " " + receivedAt + " " + clock.instant())
                        .getBytes(StandardCharsets.UTF_8)))
                .setParameter(2, (int) Math.min(Integer.MAX_VALUE, size)).setParameter(3, result.disposition().name())
                .setParameter(4, result.reason()).setParameter(5, receivedAt == null ? null : Timestamp.from(receivedAt))
                .setParameter(6, Timestamp.from(clock.instant())).executeUpdate();
        return result;
    }

    /**
     * A mail whose handling failed in several runs: quarantined with {@code why}, so that it is never retried
     * forever. Recorded by its digest like any other mail.
     */
    public Result gaveUp(byte[] raw, long size, Instant receivedAt, String why) {
        Result result = new Result(Disposition.QUARANTINED, cut(why), 0);
        byte[] digestOf = raw != null ? raw : ("gave up " + size + " " + receivedAt + " " + clock.instant())
                .getBytes(StandardCharsets.UTF_8);
        em.createNativeQuery("INSERT INTO bounce_mails (digest, size_bytes, disposition, reason, events, received_at,"
                        + " created_at) VALUES (?, ?, ?, ?, 0, ?, ?)")
                .setParameter(1, sha256(("gave up " + sha256(digestOf) + " " + clock.instant())
                        .getBytes(StandardCharsets.UTF_8)))
                .setParameter(2, (int) Math.min(Integer.MAX_VALUE, size)).setParameter(3, result.disposition().name())
                .setParameter(4, result.reason()).setParameter(5, receivedAt == null ? null : Timestamp.from(receivedAt))
                .setParameter(6, Timestamp.from(clock.instant())).executeUpdate();
        return result;
    }

    /** A delivery proven by its token: where it went, and the member's address now (it may have changed since). */
    record Delivery(long deliveryId, long networkId, String deliveredTo, String memberAddress) {
    }

    /** The delivery named by the VERP token, else by the returned original's X-Renraku-Delivery. */
    private Optional<Delivery> delivery(BounceReport report) {
        MessageComposer.Settings settings = composer.settings();
        byte[] key = composer.tokenKey();
        Optional<String> token = report.verpToken(settings.bouncePrefix(), settings.bounceDomain());
        if (token.isEmpty()) {
            token = header(report, MailHeaders.DELIVERY);
        }
        return token.flatMap(t -> DeliveryToken.parse(t, key, DeliveryToken.Purpose.BOUNCE)).flatMap(this::delivery);
    }

    /** The delivery a verified token names, with its network; empty when it is gone (or crosses networks). */
    private Optional<Delivery> delivery(DeliveryToken token) {
        List<?> rows = em.createNativeQuery("SELECT d.id, b.network_id, d.email, m.email FROM deliveries d"
                        + " JOIN broadcasts b ON b.id = d.broadcast_id JOIN members m ON m.id = d.member_id"
                        + " WHERE d.broadcast_id = ? AND d.member_id = ? AND m.network_id = b.network_id")
                .setParameter(1, token.broadcastId()).setParameter(2, token.memberId()).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new Delivery(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), (String) row[2],
                (String) row[3]));
    }

    /**
     * A mail to the {@code mailto:} unsubscribe address: the one-click unsubscribe when its token verifies
     * ({@code verified}), else nothing changed and the reason recorded.
     */
    Result unsubscribe(MailtoUnsubscribe mailto, boolean verified) {
        if (mailto.token().isEmpty()) {
            return new Result(Disposition.QUARANTINED, UNSUBSCRIBE_NO_TOKEN, 0);
        }
        if (!verified) {
            return new Result(Disposition.QUARANTINED, UNSUBSCRIBE_FORGED, 0);
        }
        Optional<Unsubscribes.Target> done = unsubscribes.unsubscribe(mailto.token().get());
        if (done.isEmpty()) {
            return new Result(Disposition.QUARANTINED, UNSUBSCRIBE_GONE, 0);
        }
        return new Result(Disposition.UNSUBSCRIBED, done.get().alreadyLeft() ? UNSUBSCRIBE_AGAIN : UNSUBSCRIBE_DONE, 0);
    }

    static final String UNSUBSCRIBE_NO_TOKEN = "mailto unsubscribe without a token: nobody changed";
    static final String UNSUBSCRIBE_FORGED = "mailto unsubscribe token does not verify (forged, mistyped or of"
            + " another purpose): nobody changed";
    static final String UNSUBSCRIBE_GONE = "mailto unsubscribe token verifies, but its broadcast or member no longer"
            + " exists: nobody changed";
    static final String UNSUBSCRIBE_DONE = "mailto unsubscribe: the member left and the address is suppressed";
    static final String UNSUBSCRIBE_AGAIN = "mailto unsubscribe: already unsubscribed, nothing changed";

    private static Optional<String> header(BounceReport report, String name) {
        return report.renrakuHeaders().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().strip()).filter(v -> !v.isEmpty()).findFirst();
    }

    /**
     * A bounce of one proven delivery: one message went to one member, so it counts once — with the most serious
     * result about the address it went to. Quarantined, changing nobody, when the report names only other
     * recipients, or when the member's address is no longer the one the delivery went to.
     */
    private Result record(BounceReport report, Delivery delivery) {
        BounceResult worst = worst(about(report, delivery.deliveredTo()));
        BounceEvent.Kind kind = kind(report, worst);
        Optional<BouncePolicy.Recorded> recorded = policy.record(new BouncePolicy.Bounce(delivery.networkId(),
                delivery.deliveryId(), null, null, kind, emptyToNull(worst.reason()), emptyToNull(worst.status()),
                code(worst.replyCode()), report.complaint() ? BounceEvent.Source.ARF : BounceEvent.Source.DSN,
                cut(worst.diagnostic())));
        if (recorded.isEmpty()) {
            return new Result(Disposition.QUARANTINED, "the delivery's member no longer exists", 0);
        }
        return new Result(Disposition.RECORDED, kind.name() + " " + worst.reason(), recorded.get().eventId() == null ? 0 : 1);
    }

    /**
     * Why a bounce or complaint may not act on anyone (the quarantine reason), or empty when it proves its
     * delivery: a valid token ({@code delivery} non-null), naming the delivered address or no recipient, for a
     * member whose address is still that one.
     */
    static Optional<String> unproven(BounceReport report, Delivery delivery) {
        if (delivery == null) {
            return Optional.of(NO_TOKEN);
        }
        if (about(report, delivery.deliveredTo()).isEmpty()) {
            return Optional.of(OTHER_ADDRESS);
        }
        if (!sameAddress(delivery.deliveredTo(), delivery.memberAddress())) {
            return Optional.of(ADDRESS_CHANGED);
        }
        return Optional.empty();
    }

    /** The reason of a report that carries no valid delivery token: it acts on nobody. */
    static final String NO_TOKEN = "no valid delivery token (VERP or X-Renraku-Delivery): a report naming only a"
            + " network, an address or a Message-ID changes nobody";
    /** The reason of a report whose token names a delivery to an address the report does not name. */
    static final String OTHER_ADDRESS = "token is for another address: the report names recipients, none of them"
            + " the address the token's delivery went to";
    static final String ADDRESS_CHANGED = "the member's address changed after this delivery: the report proves"
            + " nothing about the address now";

    /**
     * The results of a report that are about the address a delivery went to: those naming it (compared without
     * case: servers change it), or every result when the report names no recipient at all (then the token alone
     * proves it). Empty when the report names recipients and none of them is that address.
     */
    static List<BounceResult> about(BounceReport report, String deliveredTo) {
        List<BounceResult> named = report.results().stream().filter(r -> !r.recipient().isBlank()).toList();
        if (named.isEmpty()) {
            return report.results();
        }
        return named.stream().filter(r -> sameAddress(r.recipient(), deliveredTo)).toList();
    }

    static boolean sameAddress(String a, String b) {
        return a != null && b != null && strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String address) {
        String a = address.strip();
        return a.startsWith("<") && a.endsWith(">") ? a.substring(1, a.length() - 1).strip() : a;
    }

    static BounceResult worst(BounceReport report) {
        return worst(report.results());
    }

    static BounceResult worst(List<BounceResult> results) {
        BounceResult worst = null;
        for (BounceResult r : results) {
            if (worst == null || rank(r.kind()) > rank(worst.kind())) {
                worst = r;
            }
        }
        return worst == null ? new BounceResult("", BounceKind.NONE, "undefined", "", "", "", "") : worst;
    }

    private static int rank(BounceKind kind) {
        return switch (kind) {
            case HARD -> 2;
            case SOFT -> 1;
            case NONE -> 0;
        };
    }

    /** The policy's kind: complaints; refusals that are about us, not the address (BLOCKED); hard; soft. */
    static BounceEvent.Kind kind(BounceReport report, BounceResult r) {
        if (report.complaint()) {
            return BounceEvent.Kind.COMPLAINT;
        }
        if (r.kind() == BounceKind.NONE) {
            return BounceEvent.Kind.NONE;
        }
        if (BounceReason.ofOrUndefined(r.reason()).refusesOurTraffic()) {
            return BounceEvent.Kind.BLOCKED;
        }
        return r.kind() == BounceKind.HARD ? BounceEvent.Kind.HARD : BounceEvent.Kind.SOFT;
    }

    /** Mails that are known not to be bounces: auto-replies (vacation) and delivery reports of success. */
    static final Set<String> NOT_BOUNCES = Set.of("vacation", "delivered", "expanded");

    static boolean recognised(BounceReport report) {
        return !report.results().isEmpty()
                && report.results().stream().allMatch(r -> NOT_BOUNCES.contains(r.reason().toLowerCase(Locale.ROOT)));
    }

    private static String reasons(BounceReport report) {
        return "not a bounce: " + String.join(", ", report.results().stream().map(BounceResult::reason).distinct().toList());
    }

    private static Integer code(String replyCode) {
        try {
            return replyCode == null || replyCode.isBlank() ? null : Integer.valueOf(replyCode.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String cut(String s) {
        if (s == null) {
            return null;
        }
        String one = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return one.length() <= 255 ? one : one.substring(0, 255);
    }

    /** The Message-ID of the bounce mail itself, read from its header block only (Jakarta Mail's parser). */
    static String messageId(byte[] raw) {
        try {
            String v = new InternetHeaders(new ByteArrayInputStream(raw)).getHeader("Message-ID", null);
            if (v == null || v.isBlank()) {
                return null;
            }
            v = v.replaceAll("\\s+", " ").strip();
            return v.length() > 998 ? v.substring(0, 998) : v;
        } catch (MessagingException e) {
            return null;
        }
    }

    static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
