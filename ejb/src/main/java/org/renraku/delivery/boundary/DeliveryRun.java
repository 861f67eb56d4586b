package org.renraku.delivery.boundary;

import org.renraku.platform.control.EpochSeconds;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import org.renraku.mail.control.MailSessions;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.mail.Session;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.io.Serializable;
import java.io.StringReader;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;
import org.renraku.adminsession.boundary.AdminSessions;
import org.renraku.adminsession.entity.AppInstance;
import org.renraku.broadcasts.control.ComposerSettings;
import org.renraku.broadcasts.entity.Broadcast;
import org.renraku.broadcasts.entity.BroadcastAttachment;
import org.renraku.delivery.entity.CarrierGroup;
import org.renraku.delivery.entity.Delivery;
import org.renraku.broadcasts.control.DeliveryToken;
import org.renraku.broadcasts.control.MessageComposer;
import org.renraku.broadcasts.control.BroadcastFooter;
import org.renraku.members.control.MemberLinks;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.delivery.control.SmtpReply;
import org.renraku.platform.control.Secrets;

/**
 * The database side of sending a broadcast, for {@link BroadcastStarter} and the {@code broadcast-delivery}
 * batch job: the recipient snapshot, the queue each lane of the job reads, the replies it records (in the
 * chunk's transaction, together with its checkpoint), the end of a broadcast, and the claims with which one
 * instance resumes a broadcast whose job died.
 */
@Stateless
public class DeliveryRun {

    private static final Logger LOG = Logger.getLogger(DeliveryRun.class.getName());

    /**
     * A delivery to try: the snapshot address, the member's name and attributes now, and whether it may go; the
     * member's language and link version (the footer's personal link).
     */
    public record Pending(long deliveryId, long memberId, String email, String name, String attributesJson,
            boolean sendable, String language, int linkVersion) implements Serializable {
        /** A member in Japanese at link version 1. */
        public Pending(long deliveryId, long memberId, String email, String name, String attributesJson,
                boolean sendable) {
            this(deliveryId, memberId, email, name, attributesJson, sendable, "ja", 1);
        }
    }

    /** What one try gave: the SMTP reply, or a broken connection ({@code reply} null), or a skip. */
    public record Result(long deliveryId, SmtpReply reply, String connectionError, boolean skipped)
            implements Serializable {
        public static Result skip(long deliveryId) { return new Result(deliveryId, null, null, true); }
        public static Result replied(long deliveryId, SmtpReply reply) { return new Result(deliveryId, reply, null, false); }
        public static Result broken(long deliveryId, String why) { return new Result(deliveryId, null, why, false); }
    }

    /** The outcome of {@link #prepare}: the recorded job execution (null when this call must start one). */
    public record Prepared(Long executionId, int recipients) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Deliveries deliveries;

    @Inject
    Secrets secrets;

    @Inject
    AdminSessions instance;

    @Inject
    NetworkDomains networkDomains;

    @Inject
    MemberLinks memberLinks;

    @Resource(lookup = "java:app/mail/renraku")
    Session mail;

    /**
     * Under the broadcast's row lock: when a job was recorded (or is being started: 0) returns it; otherwise
     * snapshots the recipients once (one INSERT … SELECT; a second call finds the rows there) and marks the
     * broadcast SENDING, claimed by this instance, job "being started".
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Prepared prepare(long networkId, long broadcastId, String actor) {
        Broadcast b = em.find(Broadcast.class, broadcastId, LockModeType.PESSIMISTIC_WRITE);
        if (b == null || b.network().id() != networkId) {
            throw new IllegalArgumentException("No broadcast " + broadcastId + " in network " + networkId);
        }
        if (b.jobExecutionId().isPresent()) {
            return new Prepared(b.jobExecutionId().get(), count(broadcastId));
        }
        Instant now = clock.instant();
        int existing = count(broadcastId);
        int snapshot = existing > 0 ? 0 : snapshot(b, now);
        b.startSending(instance.bootId(), now);
        // the admin's decision is audited where it was taken (Broadcasts.schedule: BROADCAST_STARTED)
        LOG.info(() -> "Broadcast " + broadcastId + " of network " + networkId + " started by " + actor + ": "
                + snapshot + " recipient(s) snapshot");
        return new Prepared(null, existing > 0 ? existing : snapshot);
    }

    /**
     * Whether the broadcast may go on being sent, as committed now (outside the caller's transaction, whose snapshot
     * would not see a pause, a cancel or a suspension): true while it is SENDING and its network is active. The
     * job's writer stops sending when it is false (a suspended network sends nothing).
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public boolean sendable(long broadcastId) {
        List<?> rows = em.createNativeQuery("SELECT b.status = 'SENDING' AND n.status = 'ACTIVE' FROM broadcasts b"
                + " JOIN networks n ON n.id = b.network_id WHERE b.id = ?").setParameter(1, broadcastId).getResultList();
        return !rows.isEmpty() && truthy(rows.get(0));
    }

    /** False when the operator suspended the network: none of its broadcasts is started or sent. */
    public boolean networkActive(long networkId) {
        return !em.createNativeQuery("SELECT 1 FROM networks WHERE id = ? AND status = 'ACTIVE'")
                .setParameter(1, networkId).getResultList().isEmpty();
    }

    /** Records the job execution that sends the broadcast (or, with null, that none could be started). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void started(long broadcastId, Long executionId) {
        em.createQuery("UPDATE Broadcast b SET b.jobExecutionId = :exec, b.updatedAt = :now WHERE b.id = :id")
                .setParameter("exec", executionId).setParameter("now", clock.instant())
                .setParameter("id", broadcastId).executeUpdate();
    }

    /**
     * The INSERT of a broadcast's deliveries, one per recipient now: the stored filter read strictly
     * ({@link RecipientFilter#fromJson}: unreadable → {@link RecipientFilter.Unreadable}, never "everyone") and
     * selected with {@link RecipientFilter#where} — the very condition of the console's count
     * ({@code Broadcasts.countSql}). {@code params} receives the values of its placeholders, in order.
     */
    static String snapshotSql(String storedFilter, long broadcastId, long networkId, Timestamp now,
            List<Object> params) {
        RecipientFilter filter = RecipientFilter.fromJson(storedFilter);
        params.add(broadcastId);
        params.add(now);
        params.add(now);
        return "INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, status, attempts, created_at,"
                + " updated_at) SELECT ?, m.id, m.email, " + CarrierGroup.sqlOfMemberCarrier() + ", 'PENDING', 0, ?, ?"
                + " FROM members m WHERE " + filter.where(networkId, params) + " ORDER BY m.id";
    }

    private int snapshot(Broadcast b, Instant now) {
        List<Object> params = new ArrayList<>();
        Query insert = em.createNativeQuery(snapshotSql(b.targetFilter().orElse(null), b.id(), b.network().id(),
                Timestamp.from(now), params));
        for (int i = 0; i < params.size(); i++) {
            insert.setParameter(i + 1, params.get(i));
        }
        return insert.executeUpdate();
    }

    private int count(long broadcastId) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = ?")
                .setParameter(1, broadcastId).getSingleResult()).intValue();
    }

    /**
     * Every carrier group of the broadcast's deliveries, whatever their state: the same list for every execution
     * of its job, so a restarted job gets the same partitions and each finds its own checkpoint.
     */
    public List<String> groups(long broadcastId) {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("SELECT DISTINCT carrier_group FROM deliveries WHERE broadcast_id = ?"
                + " ORDER BY carrier_group").setParameter(1, broadcastId).getResultList();
        return rows.stream().map(Object::toString).toList();
    }

    public Optional<Broadcast> broadcast(long broadcastId) {
        return Optional.ofNullable(em.find(Broadcast.class, broadcastId));
    }

    /**
     * The next deliveries of one lane (carrier group, and CRC32 of the id modulo {@code of} = {@code index}: a hash,
     * so that ids in a stride — members imported carrier by carrier — still spread over all lanes) after
     * {@code afterId}, in id order: queued ones and deferred ones that are due. {@code sendable} is false when
     * the member left or was suppressed after the snapshot.
     */
    public List<Pending> next(long broadcastId, String group, int index, int of, long afterId, int max) {
        // two ranges of ix_deliveries_partition (broadcast, group, status, id), each read in id order from afterId
        // and stopped at max: with "status = 'PENDING' OR status = 'DEFERRED' ..." in one WHERE, MariaDB walked the
        // primary key from afterId through every group's rows (about 11 rows read per row returned, 19 lanes
        // doing it) — half of the database's work in the benchmark
        String lane = "SELECT d.id, d.member_id, d.email, m.name, m.attributes, m.language, m.link_version,"
                + " (m.status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.network_id = m.network_id"
                + " AND s.email = d.email)) AS sendable FROM deliveries d JOIN members m ON m.id = d.member_id"
                + " WHERE d.broadcast_id = ? AND d.carrier_group = ? AND d.id > ? AND MOD(CRC32(d.id), ?) = ?";
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("(" + lane + " AND d.status = 'PENDING' ORDER BY d.id LIMIT ?)"
                + " UNION ALL (" + lane + " AND d.status = 'DEFERRED' AND d.next_attempt_at <= ? ORDER BY d.id LIMIT ?)"
                + " ORDER BY id LIMIT ?")
                .setParameter(1, broadcastId).setParameter(2, group).setParameter(3, afterId).setParameter(4, of)
                .setParameter(5, index).setParameter(6, max)
                .setParameter(7, broadcastId).setParameter(8, group).setParameter(9, afterId).setParameter(10, of)
                .setParameter(11, index).setParameter(12, Timestamp.from(clock.instant())).setParameter(13, max)
                .setParameter(14, max)
                .getResultList();
        List<Pending> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new Pending(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2],
                    (String) r[3], r[4] == null ? null : r[4].toString(), truthy(r[7]), (String) r[5],
                    ((Number) r[6]).intValue()));
        }
        return out;
    }

    private static boolean truthy(Object o) {
        return o instanceof Boolean b ? b : o instanceof Number n && n.intValue() != 0;
    }

    /**
     * Applies the results of one chunk, in the chunk's transaction (the same one as its checkpoint): the accepted
     * ones and the skipped ones each with one statement ({@link Deliveries#sent}, {@link Deliveries#skipped}), no
     * entity read per message; refusals and broken connections, which are few, one by one through the reply
     * policy.
     */
    public void record(List<Result> results) {
        Instant now = clock.instant();
        List<Long> skipped = new ArrayList<>();
        List<Deliveries.Accepted> accepted = new ArrayList<>(results.size());
        for (Result r : results) {
            if (r.skipped()) {
                skipped.add(r.deliveryId());
            } else if (r.reply() != null && r.reply().positive()) {
                accepted.add(new Deliveries.Accepted(r.deliveryId(), r.reply()));
            } else if (r.reply() != null) {
                deliveries.replied(r.deliveryId(), r.reply());
            } else {
                deliveries.connectionFailed(r.deliveryId(), r.connectionError());
            }
        }
        deliveries.sent(accepted, now);
        deliveries.skipped(skipped, now);
    }

    /**
     * Ends the broadcast when no delivery is queued or deferred any more (SENT); true then. A broadcast with
     * deferred deliveries stays SENDING: the retry sweep starts a new execution when they are due.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean finish(long broadcastId) {
        Broadcast b = em.find(Broadcast.class, broadcastId, LockModeType.PESSIMISTIC_WRITE);
        if (b == null || b.status() != Broadcast.Status.SENDING) {
            return false;
        }
        long open = ((Number) em.createNativeQuery("SELECT COUNT(*) FROM deliveries WHERE broadcast_id = ?"
                + " AND status IN ('PENDING', 'DEFERRED')").setParameter(1, broadcastId).getSingleResult()).longValue();
        if (open > 0) {
            return false;
        }
        b.finished(clock.instant());
        return true;
    }

    /**
     * SENDING broadcasts of active networks for the sweep: id, recorded job execution (0: being started, null: none), claimed by,
     * claimed at (seconds since the epoch: {@link EpochSeconds}), whether deliveries are due, network id.
     */
    public List<Object[]> sending() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT b.id, b.job_execution_id, b.claimed_by, UNIX_TIMESTAMP(b.claimed_at),"
                + " EXISTS (SELECT 1 FROM deliveries d WHERE d.broadcast_id = b.id AND (d.status = 'PENDING'"
                + " OR (d.status = 'DEFERRED' AND d.next_attempt_at <= ?))), b.network_id FROM broadcasts b"
                // a suspended network's broadcasts wait, neither started, restarted nor retried, until it reopens
                + " JOIN networks n ON n.id = b.network_id AND n.status = 'ACTIVE' WHERE b.status = 'SENDING'"
                + " ORDER BY b.id").setParameter(1, Timestamp.from(clock.instant())).getResultList();
        return rows;
    }

    /**
     * Claims a SENDING broadcast whose job is not running for this instance, so that it alone resumes it: one
     * conditional UPDATE from the execution the caller saw (null or a number) to 0 ("being started").
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean reclaim(long broadcastId, Long seenExecution) {
        Instant now = clock.instant();
        String condition = seenExecution == null ? "b.jobExecutionId IS NULL" : "b.jobExecutionId = :seen";
        Query q = em.createQuery("UPDATE Broadcast b SET b.jobExecutionId = 0, b.claimedBy = :boot, b.claimedAt = :now,"
                + " b.updatedAt = :now WHERE b.id = :id AND b.status = 'SENDING' AND " + condition)
                .setParameter("boot", instance.bootId()).setParameter("now", now).setParameter("id", broadcastId);
        if (seenExecution != null) {
            q.setParameter("seen", seenExecution);
        }
        return q.executeUpdate() == 1;
    }

    /** True when the boot id is this instance's, or another instance's that still beats. */
    public boolean alive(String bootId) {
        if (bootId == null) {
            return false;
        }
        if (bootId.equals(instance.bootId())) {
            return true;
        }
        @SuppressWarnings("unchecked")
        List<Object> names = em.createNativeQuery("SELECT name FROM app_instances WHERE boot_id = ?")
                .setParameter(1, bootId).getResultList();
        if (names.isEmpty() || names.get(0).toString().equals(instance.instance())) {
            return false; // unknown, or an earlier boot of this very instance: it died when this one started
        }
        return em.createNamedQuery(AppInstance.ALIVE_SINCE, Long.class).setParameter("boot", bootId)
                .setParameter("since", clock.instant().minus(AdminSessions.INSTANCE_DEAD_AFTER)).getSingleResult() > 0;
    }

    public String bootId() {
        return instance.bootId();
    }

    /** The composer of the broadcast's messages (shared by the job's threads). */
    public MessageComposer composer(long broadcastId) {
        Broadcast b = em.find(Broadcast.class, broadcastId);
        List<MessageComposer.Attachment> attachments = new ArrayList<>();
        em.createQuery("SELECT a FROM BroadcastAttachment a WHERE a.broadcast.id = :id ORDER BY a.position, a.id",
                BroadcastAttachment.class).setParameter("id", broadcastId).getResultList()
                .forEach(a -> attachments.add(new MessageComposer.Attachment(a.fileName(), a.contentType(),
                        a.content().orElseThrow(() -> new IllegalStateException(
                                "Attachment " + a.id() + " is stored outside the database; not supported yet")))));
        MessageComposer.Settings settings = ComposerSettings.fromConfiguration();
        Optional<String> own = networkDomains.ownDomain(b.network().id());
        if (own.isPresent()) {
            settings = ComposerSettings.fromDomain(settings, own.get()); // a proven domain with its key published
        }
        MessageComposer.Content content = ComposerSettings.answeringContent(b, attachments);
        if (b.network().broadcastFooter()) {
            // the member's personal-page link below every message: signed per message, no read
            MemberLinks.ShortLinks links = memberLinks.shortLinks();
            content = content.withFooter(new BroadcastFooter(links::link, links.base() + MemberLinks.SAMPLE));
        }
        return new MessageComposer(MailSessions.resolved(mail), settings, content,
                secrets.key(DeliveryToken.SECRET_PROPERTY, DeliveryToken.SECRET_NAME), clock);
    }

    /** Attribute id → label of the network, for the placeholders. */
    public Map<Long, String> attributeLabels(long networkId) {
        Map<Long, String> labels = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, label FROM member_attributes WHERE network_id = ?")
                .setParameter(1, networkId).getResultList();
        rows.forEach(r -> labels.put(((Number) r[0]).longValue(), (String) r[1]));
        return labels;
    }

    /** The placeholder values of a member: {@code name}, and each attribute's label (several values joined by 、). */
    public static MessageComposer.Recipient recipient(Pending p, Map<Long, String> labels) {
        Map<String, String> values = new HashMap<>();
        if (p.attributesJson() != null && !p.attributesJson().isBlank()) {
            try (JsonReader r = Json.createReader(new StringReader(p.attributesJson()))) {
                JsonObject o = r.readObject();
                for (Map.Entry<String, JsonValue> e : o.entrySet()) {
                    String label;
                    try {
                        label = labels.get(Long.parseLong(e.getKey()));
                    } catch (NumberFormatException ex) {
                        label = null;
                    }
                    if (label != null) {
                        values.put(label, text(e.getValue()));
                    }
                }
            } catch (RuntimeException e) {
                LOG.fine(() -> "Unreadable attributes of member " + p.memberId());
            }
        }
        values.put("name", p.name());
        return new MessageComposer.Recipient(p.memberId(), p.email(), values, BroadcastFooter.localeOf(p.language()),
                p.linkVersion());
    }

    private static String text(JsonValue v) {
        if (v instanceof JsonString s) {
            return s.getString();
        }
        if (v instanceof JsonArray a) {
            List<String> parts = new ArrayList<>();
            a.forEach(x -> parts.add(text(x)));
            return String.join("、", parts);
        }
        return v.toString();
    }

    /** The SMTP session of the job: the mail resource, or one built from its properties with another host/port. */
    public Session smtpSession(String hostOverride, Integer portOverride) {
        Session resolved = MailSessions.resolved(mail);
        if ((hostOverride == null || hostOverride.isBlank()) && portOverride == null) {
            return resolved;
        }
        Properties p = new Properties();
        p.putAll(resolved.getProperties());
        if (hostOverride != null && !hostOverride.isBlank()) {
            p.setProperty("mail.smtp.host", hostOverride);
            p.setProperty("mail.host", hostOverride);
        }
        if (portOverride != null) {
            p.setProperty("mail.smtp.port", portOverride.toString());
        }
        p.setProperty("mail.smtp.auth", "false");
        return Session.getInstance(p);
    }

    /** The domain whose DKIM key signs the broadcasts (the From address's). */
    public static String signingDomain() {
        return ComposerSettings.signingDomain();
    }

    /**
     * The domain whose key signs the broadcast: its network's own domain once proven and its key active
     * ({@link NetworkDomains#ownDomain}), else the service's ({@link #signingDomain()}).
     */
    public String signingDomainOf(long broadcastId) {
        Broadcast b = em.find(Broadcast.class, broadcastId);
        return networkDomains.ownDomain(b.network().id()).orElseGet(DeliveryRun::signingDomain);
    }
}
