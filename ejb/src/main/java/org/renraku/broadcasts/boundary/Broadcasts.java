package org.renraku.broadcasts.boundary;

import org.renraku.platform.control.EpochSeconds;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import org.renraku.mail.control.MailSessions;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.renraku.accounts.entity.Admin;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.broadcasts.entity.RepeatRule;
import org.renraku.broadcasts.control.ComposerSettings;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.entity.Broadcast;
import org.renraku.broadcasts.entity.BroadcastAttachment;
import org.renraku.broadcasts.entity.MailCharset;
import org.renraku.broadcasts.entity.TargetGroup;
import org.renraku.broadcasts.control.HtmlBodies;
import org.renraku.broadcasts.control.MessageComposer;
import org.renraku.broadcasts.control.BroadcastFooter;
import org.renraku.members.control.MemberLinks;
import org.renraku.members.boundary.AttributeLabel;
import org.renraku.members.boundary.MemberDirectory;
import org.renraku.members.control.AttributeJson;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Member;
import org.renraku.networks.entity.Network;

/**
 * The admin's side of broadcasts (一斉配信): compose and save a draft with its attachments, count the recipients of
 * a filter, save a filter as a target group, preview a member's message, send a test to the admin's own address,
 * schedule (send now = scheduled for now; the scheduler claims it, see {@link BroadcastClaims}), and read the
 * history and the progress from the deliveries. Every call is confined to the admin's network.
 */
@Stateless
public class Broadcasts {

    private static final Logger LOG = Logger.getLogger(Broadcasts.class.getName());

    /** A test message has no member: its token names this id, which no member has (its unsubscribe link is void). */
    static final long TEST_RECIPIENT = Long.MAX_VALUE;
    /** How far in the past a chosen send time may be (a form left open a moment): later it is refused. */
    static final Duration PAST_GRACE = Duration.ofMinutes(1);

    /** A file chosen in the console. */
    public record Upload(String fileName, String contentType, byte[] content) implements Serializable {
        public long size() {
            return content.length;
        }
    }

    /**
     * What the compose page holds; {@code id} null for a new broadcast. {@code html} is the optional HTML part as
     * typed (null or blank: text only); it is sanitised when saved and previewed.
     */
    public record Draft(Long id, String subject, String text, MailCharset charset, String fromName, String replyTo,
            RecipientFilter filter, Long targetGroupId, List<Upload> attachments, String html) implements Serializable {
        public Draft {
            attachments = List.copyOf(attachments == null ? List.of() : attachments);
            filter = filter == null ? RecipientFilter.all() : filter;
            charset = charset == null ? MailCharset.UTF_8 : charset;
        }

        /** A text-only draft. */
        public Draft(Long id, String subject, String text, MailCharset charset, String fromName, String replyTo,
                RecipientFilter filter, Long targetGroupId, List<Upload> attachments) {
            this(id, subject, text, charset, fromName, replyTo, filter, targetGroupId, attachments, null);
        }
    }

    /** A saved target group; {@code filter} null when its stored filter cannot be read (choosing it is refused). */
    public record Group(long id, String name, RecipientFilter filter) implements Serializable {
    }

    /**
     * A member's message as the phone shows it: {@code sampleName} is the member used for the placeholders (null
     * when there is no recipient), {@code fitsIso2022Jp} false when ISO-2022-JP was chosen but the text will go
     * out in UTF-8, {@code html} the sanitised HTML part with the placeholders filled (escaped), or null;
     * {@code below} what the member's text ends with (the answer block with sample links, the footer with a sample
     * link) and {@code belowHtml} the same in the HTML part (markup made here, every text escaped), or
     * null when there is no HTML part.
     */
    public record Preview(String subject, String text, String fromName, String sampleName, boolean fitsIso2022Jp,
            String html, String below, String belowHtml) implements Serializable {
        /** The body alone. */
        public Preview(String subject, String text, String fromName, String sampleName, boolean fitsIso2022Jp,
                String html) {
            this(subject, text, fromName, sampleName, fitsIso2022Jp, html, "", null);
        }
    }

    /**
     * Figures of one carrier group (or of the whole broadcast: group null). {@code skipped}: not sent and never
     * will be (the member left or was suppressed after the snapshot, or the admin cancelled the broadcast).
     */
    public record Figures(String group, long total, long sent, long deferred, long failed, long remaining,
            long skipped) implements Serializable {
        public int percentDone() {
            return total == 0 ? 0 : (int) ((sent + failed + skipped) * 100 / total);
        }
    }

    /** {@code urgent}: 緊急配信 (ahead of normal broadcasts, no quiet minutes after the hour). */
    public record HistoryRow(long id, String subject, String status, Instant createdAt, Instant scheduledAt,
            Figures figures, boolean urgent) implements Serializable {
    }

    /**
     * A monthly repeating broadcast (template) for the history page: its rule, the next occurrence (while it
     * repeats), how many occurrences were made, and whether it still repeats (status SCHEDULED) or was stopped.
     */
    public record RepeatRow(long id, String subject, String status, int dayOfMonth, boolean lastDay, int hour,
            int minute, Instant next, long occurrences) implements Serializable {
        public boolean repeating() {
            return "SCHEDULED".equals(status);
        }

        public String time() {
            return String.format("%d:%02d", hour, minute);
        }
    }

    /**
     * Where a broadcast stands; {@code lanesPaused}: carrier group → until when one of its lanes is paused
     * because the provider refused us (only while the broadcast is being sent or paused).
     */
    public record Progress(long id, String subject, String status, Instant scheduledAt, Instant startedAt,
            Figures overall, List<Figures> groups, Map<String, Instant> lanesPaused, boolean urgent)
            implements Serializable {

        /** Until when a lane of the carrier group is paused by the provider's refusals; null when none is. */
        public Instant pausedUntil(String group) {
            return lanesPaused == null ? null : lanesPaused.get(group);
        }

        public boolean finished() {
            return "SENT".equals(status) || "CANCELLED".equals(status);
        }

        /** The admin may pause it: being sent. */
        public boolean pausable() {
            return "SENDING".equals(status);
        }

        /** The admin may resume it: paused. */
        public boolean resumable() {
            return "PAUSED".equals(status);
        }

        /** The admin may cancel it: scheduled, being sent or paused. */
        public boolean cancellable() {
            return "SCHEDULED".equals(status) || "SENDING".equals(status) || "PAUSED".equals(status);
        }
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    ComposerSettings composer;

    @Inject
    MemberDirectory directory;

    @Resource(lookup = "java:app/mail/renraku")
    Session mailSession;

    @Inject
    AuditLog audit;

    @Inject
    MemberLinks memberLinks;

    // --- compose

    /** Saves the draft (new or still a draft) with its attachments; returns its id. */
    public long save(long networkId, long adminId, Draft draft) {
        checkAttachments(draft.attachments());
        if (draft.replyTo() != null && !draft.replyTo().isBlank() && !EmailAddress.isValid(draft.replyTo().strip())) {
            throw new BroadcastException(BroadcastException.REPLY_TO);
        }
        if (draft.fromName() != null && Member.cleanName(draft.fromName()).length() > Broadcast.FROM_NAME_MAX) {
            throw new BroadcastException(BroadcastException.FROM_NAME, String.valueOf(Broadcast.FROM_NAME_MAX));
        }
        Instant now = clock.instant();
        Broadcast b;
        if (draft.id() == null) {
            b = new Broadcast(em.getReference(Network.class, networkId), admin(networkId, adminId),
                    checkedSubject(draft.subject()), checkedBody(draft.text()), now);
            b.publish(archiveDefault(networkId), now); // the network's default (V14); the compose page may change it
            em.persist(b);
        } else {
            b = own(networkId, draft.id());
            if (b.status() != Broadcast.Status.DRAFT) {
                throw new BroadcastException(BroadcastException.NOT_DRAFT);
            }
            b.edit(checkedSubject(draft.subject()), checkedBody(draft.text()));
        }
        b.charset(draft.charset(), now);
        b.useHtml(HtmlBodies.sanitize(draft.html()), now);
        b.sender(draft.fromName(), draft.replyTo(), now);
        TargetGroup group = draft.targetGroupId() == null ? null : ownGroup(networkId, draft.targetGroupId());
        b.target(group, draft.filter().toJson(), now);
        em.flush();
        em.createQuery("DELETE FROM BroadcastAttachment a WHERE a.broadcast = :b").setParameter("b", b)
                .executeUpdate();
        int position = 0;
        for (Upload u : draft.attachments()) {
            try {
                em.persist(new BroadcastAttachment(b, u.fileName(), u.contentType(), u.content(), position++, now));
            } catch (IllegalArgumentException e) {
                throw new BroadcastException(BroadcastException.ATTACHMENT_INVALID, u.fileName());
            }
        }
        return b.id();
    }

    /**
     * Throws {@link BroadcastException#ATTACHMENT_TOO_LARGE} when one file of {@code bytes} alone takes more than
     * the configured limit in the mail (checked before its content is read).
     */
    public void checkAttachment(String fileName, long bytes) {
        long encoded = MessageComposer.encodedSize(bytes);
        long limit = composer.attachmentLimit();
        if (encoded > limit) {
            throw new BroadcastException(BroadcastException.ATTACHMENT_TOO_LARGE, fileName, kib(encoded), kib(limit));
        }
    }

    /**
     * Throws {@link BroadcastException} when a file alone ({@link BroadcastException#ATTACHMENT_TOO_LARGE}) or all
     * together ({@link BroadcastException#ATTACHMENTS_TOO_LARGE}) take more than the configured limit in the mail.
     */
    public void checkAttachments(List<Upload> uploads) {
        for (Upload u : uploads) {
            checkAttachment(u.fileName(), u.size());
        }
        List<MessageComposer.Attachment> list = uploads.stream()
                .map(u -> new MessageComposer.Attachment(u.fileName(), u.contentType(), u.content())).toList();
        try {
            MessageComposer.checkAttachments(list, composer.attachmentLimit());
        } catch (MessageComposer.AttachmentsTooLarge e) {
            throw new BroadcastException(BroadcastException.ATTACHMENTS_TOO_LARGE, kib(e.encodedBytes()),
                    kib(e.limitBytes()));
        }
    }

    /** The configured total attachment limit (as the mail carries them, base64). */
    public long attachmentLimit() {
        return composer.attachmentLimit();
    }

    /** The draft as saved, for editing it again. */
    public Optional<Draft> draft(long networkId, long broadcastId) {
        Broadcast b = em.find(Broadcast.class, broadcastId);
        if (b == null || !b.network().id().equals(networkId)) {
            return Optional.empty();
        }
        return Optional.of(new Draft(b.id(), b.subject(), b.bodyText(), b.charset(), b.fromName().orElse(null),
                b.replyTo().orElse(null), storedFilter(b),
                b.targetGroup().map(TargetGroup::id).orElse(null), uploads(b), b.bodyHtml().orElse(null)));
    }

    // --- target

    /** How many members the filter reaches now: active, not suppressed. */
    public long countRecipients(long networkId, RecipientFilter filter) {
        List<Object> params = new ArrayList<>();
        Query q = em.createNativeQuery(countSql(networkId, filter, params));
        bind(q, params);
        return ((Number) q.getSingleResult()).longValue();
    }

    /**
     * The console's count of the recipients of {@code filter}: the condition is {@link RecipientFilter#where}, the
     * very text the sending job's snapshot selects with ({@code DeliveryRun.snapshotSql}).
     */
    public static String countSql(long networkId, RecipientFilter filter, List<Object> params) {
        return "SELECT COUNT(*) FROM members m WHERE " + filter.where(networkId, params);
    }

    public List<Group> groups(long networkId) {
        return em.createQuery("SELECT g FROM TargetGroup g WHERE g.network.id = :n ORDER BY g.name", TargetGroup.class)
                .setParameter("n", networkId).getResultStream()
                .map(g -> new Group(g.id(), g.name(), readableOrNull(g.filterJson()))).toList();
    }

    /** Saves the filter under a name (a name taken in the network replaces that group's filter). */
    public Group saveGroup(long networkId, long adminId, String name, RecipientFilter filter) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > TargetGroup.NAME_MAX) {
            throw new BroadcastException(BroadcastException.GROUP_NAME, String.valueOf(TargetGroup.NAME_MAX));
        }
        if (filter == null || filter.isAll()) {
            throw new BroadcastException(BroadcastException.GROUP_EMPTY);
        }
        Instant now = clock.instant();
        Optional<TargetGroup> existing = em.createQuery(
                        "SELECT g FROM TargetGroup g WHERE g.network.id = :n AND g.name = :name", TargetGroup.class)
                .setParameter("n", networkId).setParameter("name", clean).getResultStream().findFirst();
        TargetGroup g;
        if (existing.isPresent()) {
            g = existing.get();
            g.change(clean, filter.toJson(), now);
        } else {
            g = new TargetGroup(em.getReference(Network.class, networkId), clean, filter.toJson(),
                    admin(networkId, adminId), now);
            em.persist(g);
        }
        try {
            em.flush();
        } catch (PersistenceException e) {
            throw new BroadcastException(BroadcastException.GROUP_TAKEN, clean); // saved by someone else meanwhile
        }
        return new Group(g.id(), g.name(), filter);
    }

    // --- preview and test

    /** The message of the first recipient (by id) as a phone shows it, placeholders filled. */
    public Preview preview(long networkId, Draft draft) {
        Map<String, String> values = new HashMap<>();
        String sampleName = null;
        Optional<Member> sample = sample(networkId, draft.filter());
        if (sample.isPresent()) {
            values = values(networkId, sample.get());
            sampleName = sample.get().name();
        }
        String subject = MessageComposer.fill(draft.subject() == null ? "" : draft.subject(), values, s -> s);
        String text = MessageComposer.fill(draft.text() == null ? "" : draft.text(), values, s -> s);
        String sanitized = HtmlBodies.sanitize(draft.html());
        String html = sanitized == null || sanitized.isBlank() ? null
                : MessageComposer.fill(sanitized, values, HtmlBodies::escape);
        boolean fits = draft.charset() != MailCharset.ISO_2022_JP
                || MessageComposer.fitsIso2022Jp(subject, text, html, draft.fromName());
        Network network = em.find(Network.class, networkId);
        String fromName = draft.fromName() == null || Member.cleanName(draft.fromName()).isEmpty()
                ? network.name() : draft.fromName(); // as ComposerSettings.content has it
        // what the member sees below the text: the answer block of a saved draft that asks something,
        // and the footer with a sample link, as the test mail has them
        MessageComposer.Recipient sampleRecipient = new MessageComposer.Recipient(TEST_RECIPIENT, "sample@invalid",
                values);
        MessageComposer.Answering answering = draft.id() == null ? null : answering(networkId, draft.id());
        StringBuilder below = new StringBuilder();
        StringBuilder belowHtml = new StringBuilder();
        if (answering != null) {
            below.append(answering.text(PREVIEW_TOKEN));
            belowHtml.append(answering.html(PREVIEW_TOKEN));
        }
        BroadcastFooter footer = footer(network);
        if (footer != null) {
            below.append(footer.text(sampleRecipient));
            belowHtml.append(footer.html(sampleRecipient));
        }
        return new Preview(subject, text, fromName, sampleName, fits, html, below.toString(),
                html == null ? null : belowHtml.toString());
    }

    /** What the preview's answer links carry instead of a member's answer token. */
    static final String PREVIEW_TOKEN = "sample";

    /** What the network's saved broadcast asks of its members, or null. */
    private MessageComposer.Answering answering(long networkId, long broadcastId) {
        Broadcast b = em.find(Broadcast.class, broadcastId);
        return b == null || !b.network().id().equals(networkId) ? null
                : ComposerSettings.answeringContent(b, List.of()).answering();
    }

    /** The footer of the network's broadcasts, or null when the network turned it off. */
    private BroadcastFooter footer(Network network) {
        if (!network.broadcastFooter()) {
            return null;
        }
        MemberLinks.ShortLinks links = memberLinks.shortLinks();
        return new BroadcastFooter(links::link, links.base() + MemberLinks.SAMPLE);
    }

    /**
     * Sends the saved broadcast to the admin's own address, composed exactly as a member's message (placeholders
     * filled with the preview's sample member); returns the address it went to. Audited (BROADCAST_TEST_SENT).
     */
    public String testSend(long networkId, long adminId, long broadcastId) {
        Broadcast b = own(networkId, broadcastId);
        Admin admin = admin(networkId, adminId);
        if (admin == null) {
            throw new BroadcastException(BroadcastException.UNKNOWN);
        }
        Map<String, String> values = sample(networkId, storedFilter(b))
                .map(m -> values(networkId, m)).orElseGet(Map::of);
        String to = admin.email().value();
        try {
            MessageComposer composerOfB = composer(b);
            MessageComposer.Composed composed = composerOfB.compose(
                    new MessageComposer.Recipient(TEST_RECIPIENT, to, values));
            Transport.send(composed.message());
        } catch (MessagingException e) {
            LOG.log(Level.WARNING, "Test mail of broadcast " + broadcastId + " not sent: " + e.getMessage());
            throw new BroadcastException(BroadcastException.TEST_NOT_SENT);
        }
        // the console's home checklist ticks 「自分あてにテスト送信」 from this entry
        audit.recordWithin(AuditKind.BROADCAST_TEST_SENT, networkId, admin.userId(), "#" + b.id() + " " + b.subject(),
                null, null);
        return to;
    }

    /** The composer of a saved broadcast of the network (its text, sender, charset and attachments). */
    public MessageComposer composer(long networkId, long broadcastId) {
        return composer(own(networkId, broadcastId));
    }

    private MessageComposer composer(Broadcast b) {
        List<MessageComposer.Attachment> attachments = uploads(b).stream()
                .map(u -> new MessageComposer.Attachment(u.fileName(), u.contentType(), u.content())).toList();
        return new MessageComposer(MailSessions.resolved(mailSession), composer.settings(),
                ComposerSettings.answeringContent(b, attachments).withFooter(footer(b.network())),
                composer.tokenKey(), clock);
    }

    // --- send

    /**
     * Schedules the draft to be sent at {@code at}, or now when {@code at} is null: it becomes SCHEDULED and the
     * scheduler claims it when due. Refused without recipients or for a time in the past.
     */
    public void schedule(long networkId, long broadcastId, Instant at) {
        schedule(networkId, broadcastId, at, null, null, null);
    }

    /**
     * Schedules the draft once (as {@link #schedule(long, long, Instant)}) or, with a {@code repeat} rule, as a
     * monthly repeating template whose first occurrence is the rule's next one after now (Asia/Tokyo); the
     * sweep makes a broadcast of each occurrence ({@link BroadcastClaims#occur}). On behalf of {@code actor}
     * (when given) it is audited (BROADCAST_STARTED). Returns the (first) send time.
     */
    public Instant schedule(long networkId, long broadcastId, Instant at, RepeatRule repeat, String actor,
                            String client) {
        Broadcast b = own(networkId, broadcastId);
        if (b.status() != Broadcast.Status.DRAFT) {
            throw new BroadcastException(BroadcastException.NOT_DRAFT);
        }
        Instant now = clock.instant();
        if (at != null && at.isBefore(now.minus(PAST_GRACE))) {
            throw new BroadcastException(BroadcastException.PAST);
        }
        if (countRecipients(networkId, storedFilter(b)) == 0) {
            throw new BroadcastException(BroadcastException.NO_RECIPIENTS);
        }
        Instant when = repeat != null ? repeat.nextAfter(now) : at == null ? now : at;
        b.schedule(when, repeat, now);
        if (actor != null) {
            audit.recordWithin(AuditKind.BROADCAST_STARTED, networkId, actor, "#" + b.id() + " " + b.subject(),
                    repeat != null ? "monthly " + repeat.format() + ", first at " + when
                            : at == null ? "now" : "at " + at, client);
        }
        return when;
    }

    /**
     * Marks the network's broadcast as 緊急配信 (closures, disasters, safety notices: it goes ahead of every normal
     * broadcast to each carrier and ignores the quiet minutes after the top of the hour) or takes the mark away, on
     * behalf of the admin {@code actor}; a change is audited (BROADCAST_URGENT, detail on/off). Only a draft may
     * change: refused with {@link BroadcastException#URGENT_ALREADY_SENDING} once it is being sent, paused or done,
     * and with {@link BroadcastException#NOT_DRAFT} while it is scheduled. Returns false when nothing changed.
     */
    public boolean markUrgent(long networkId, long broadcastId, boolean urgent, String actor, String client) {
        Broadcast b = own(networkId, broadcastId);
        if (b.urgent() == urgent) {
            return false;
        }
        switch (b.status()) {
            case DRAFT -> { }
            case SCHEDULED -> throw new BroadcastException(BroadcastException.NOT_DRAFT);
            default -> throw new BroadcastException(BroadcastException.URGENT_ALREADY_SENDING);
        }
        b.urgent(urgent, clock.instant());
        audit.recordWithin(AuditKind.BROADCAST_URGENT, networkId, actor, "#" + b.id() + " " + b.subject(),
                urgent ? "on" : "off", client);
        return true;
    }

    /** The network's monthly repeating broadcasts, repeating ones first, newest first. */
    public List<RepeatRow> repeats(long networkId) {
        List<RepeatRow> rows = new ArrayList<>();
        for (Object o : em.createNativeQuery("SELECT b.id, b.subject, b.status, b.repeat_rule,"
                        + " UNIX_TIMESTAMP(b.scheduled_at), (SELECT COUNT(*) FROM broadcasts o WHERE o.repeat_of = b.id)"
                        + " FROM broadcasts b WHERE b.network_id = ? AND b.repeat_rule IS NOT NULL"
                        + " ORDER BY b.status = 'SCHEDULED' DESC, b.created_at DESC, b.id DESC LIMIT 200")
                .setParameter(1, networkId).getResultList()) {
            Object[] r = (Object[]) o;
            RepeatRule rule = RepeatRule.parse((String) r[3]);
            String status = (String) r[2];
            rows.add(new RepeatRow(((Number) r[0]).longValue(), (String) r[1], status, rule.dayOfMonth(),
                    rule.lastDay(), rule.time().getHour(), rule.time().getMinute(),
                    "SCHEDULED".equals(status) ? EpochSeconds.instant(r[4]) : null, num(r[5])));
        }
        return rows;
    }

    /** Stops a repeating broadcast of the network: no further occurrence is made; audited. */
    public void stopRepeating(long networkId, long templateId, String actor, String client) {
        Broadcast b = own(networkId, templateId);
        if (b.repeatRule().isEmpty() || b.status() != Broadcast.Status.SCHEDULED) {
            throw new BroadcastException(BroadcastException.NOT_REPEATING);
        }
        b.stopRepeating(clock.instant());
        audit.recordWithin(AuditKind.BROADCAST_REPEAT_STOPPED, networkId, actor, "#" + b.id() + " " + b.subject(),
                b.repeatRule().get().format(), client);
    }

    // --- history and progress

    /** The network's broadcasts, newest first, with their figures from the deliveries. */
    public List<HistoryRow> history(long networkId, int max) {
        List<HistoryRow> rows = new ArrayList<>();
        for (Object o : em.createNativeQuery("SELECT b.id, b.subject, b.status, UNIX_TIMESTAMP(b.created_at),"
                        + " UNIX_TIMESTAMP(b.scheduled_at), COUNT(d.id), COALESCE(SUM(d.status = 'SENT'), 0),"
                        + " COALESCE(SUM(d.status = 'DEFERRED'), 0), COALESCE(SUM(d.status IN ('FAILED', 'BOUNCED')), 0),"
                        + " COALESCE(SUM(d.status = 'SKIPPED'), 0), b.urgent FROM broadcasts b LEFT JOIN deliveries d ON d.broadcast_id = b.id WHERE b.network_id = ?"
                        + " AND b.repeat_rule IS NULL GROUP BY b.id ORDER BY b.created_at DESC, b.id DESC LIMIT ?")
                .setParameter(1, networkId).setParameter(2, Math.max(1, Math.min(max, 500))).getResultList()) {
            Object[] r = (Object[]) o;
            rows.add(new HistoryRow(((Number) r[0]).longValue(), (String) r[1], (String) r[2], EpochSeconds.instant(r[3]),
                    EpochSeconds.instant(r[4]), figures(null, r[5], r[6], r[7], r[8], r[9]), flag(r[10])));
        }
        return rows;
    }

    /** Where one broadcast stands: overall and per carrier group (before the snapshot: the recipients now). */
    public Optional<Progress> progress(long networkId, long broadcastId) {
        Broadcast b = em.find(Broadcast.class, broadcastId);
        if (b == null || !b.network().id().equals(networkId)) {
            return Optional.empty();
        }
        em.refresh(b);
        Map<String, Figures> groups = new LinkedHashMap<>();
        for (Object o : em.createNativeQuery("SELECT d.carrier_group, COUNT(*), SUM(d.status = 'SENT'),"
                        + " SUM(d.status = 'DEFERRED'), SUM(d.status IN ('FAILED', 'BOUNCED')), SUM(d.status = 'SKIPPED')"
                        + " FROM deliveries d"
                        + " WHERE d.broadcast_id = ? GROUP BY d.carrier_group ORDER BY d.carrier_group")
                .setParameter(1, broadcastId).getResultList()) {
            Object[] r = (Object[]) o;
            groups.put((String) r[0], figures((String) r[0], r[1], r[2], r[3], r[4], r[5]));
        }
        Figures overall;
        if (groups.isEmpty() && (b.status() == Broadcast.Status.DRAFT || b.status() == Broadcast.Status.SCHEDULED)) {
            // an unreadable filter reaches nobody: the job refuses it as schedule() does
            RecipientFilter filter = readableOrNull(b.targetFilter().orElse(null));
            long n = filter == null ? 0 : countRecipients(networkId, filter);
            overall = new Figures(null, n, 0, 0, 0, n, 0);
        } else {
            long total = 0, sent = 0, deferred = 0, failed = 0, skipped = 0;
            for (Figures f : groups.values()) {
                total += f.total();
                sent += f.sent();
                deferred += f.deferred();
                failed += f.failed();
                skipped += f.skipped();
            }
            overall = figures(null, total, sent, deferred, failed, skipped);
        }
        Map<String, Instant> lanesPaused = new HashMap<>();
        if (b.status() == Broadcast.Status.SENDING || b.status() == Broadcast.Status.PAUSED) {
            // a group paused for the whole service after its receiver kept refusing us (CarrierShaping)
            for (Object o : em.createNativeQuery("SELECT s.carrier_group, UNIX_TIMESTAMP(s.paused_until)"
                            + " FROM carrier_group_state s WHERE s.paused_until > ? AND EXISTS (SELECT 1 FROM deliveries d"
                            + " WHERE d.broadcast_id = ? AND d.carrier_group = s.carrier_group"
                            + " AND d.status IN ('PENDING', 'DEFERRED'))")
                    .setParameter(1, java.sql.Timestamp.from(clock.instant())).setParameter(2, broadcastId)
                    .getResultList()) {
                Object[] r = (Object[]) o;
                lanesPaused.put((String) r[0], EpochSeconds.instant(r[1]));
            }
        }
        return Optional.of(new Progress(b.id(), b.subject(), b.status().name(), b.scheduledAt().orElse(null),
                b.startedAt().orElse(null), overall, List.copyOf(groups.values()), Map.copyOf(lanesPaused),
                b.urgent()));
    }

    // --- helpers

    private static Figures figures(String group, Object total, Object sent, Object deferred, Object failed,
            Object skipped) {
        long t = num(total);
        long s = num(sent);
        long d = num(deferred);
        long f = num(failed);
        long k = num(skipped);
        return new Figures(group, t, s, d, f, Math.max(0, t - s - f - k), k);
    }

    /** A BOOLEAN column as Connector/J hands it over (Boolean, or a number for TINYINT(1)). */
    private static boolean flag(Object o) {
        return o instanceof Boolean b ? b : o instanceof Number n && n.intValue() != 0;
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private Broadcast own(long networkId, long broadcastId) {
        Broadcast b = em.find(Broadcast.class, broadcastId);
        if (b == null || !b.network().id().equals(networkId)) {
            throw new BroadcastException(BroadcastException.UNKNOWN);
        }
        return b;
    }

    /** Whether the network's new broadcasts start public in the archive (networks.archive_default). */
    private boolean archiveDefault(long networkId) {
        Object v = em.createNativeQuery("SELECT archive_default FROM networks WHERE id = ?").setParameter(1, networkId)
                .getResultStream().findFirst().orElse(null);
        return v instanceof Boolean flag ? flag : v instanceof Number n && n.intValue() != 0;
    }

    private TargetGroup ownGroup(long networkId, long groupId) {
        TargetGroup g = em.find(TargetGroup.class, groupId);
        if (g == null || !g.network().id().equals(networkId)) {
            throw new BroadcastException(BroadcastException.UNKNOWN);
        }
        return g;
    }

    private Admin admin(long networkId, long adminId) {
        Admin a = em.find(Admin.class, adminId);
        return a != null && a.network().id().equals(networkId) ? a : null;
    }

    private List<Upload> uploads(Broadcast b) {
        return em.createQuery("SELECT a FROM BroadcastAttachment a WHERE a.broadcast = :b ORDER BY a.position",
                        BroadcastAttachment.class).setParameter("b", b).getResultStream()
                .filter(a -> a.content().isPresent())
                .map(a -> new Upload(a.fileName(), a.contentType(), a.content().get())).toList();
    }

    private static RecipientFilter storedFilter(Broadcast b) {
        return readStoredFilter(b.targetFilter().orElse(null));
    }

    /**
     * A stored recipient filter, read as the sending job reads it ({@link RecipientFilter#fromJson}); unreadable,
     * it is refused with {@link BroadcastException#FILTER} (choose the recipients again) rather than sent to a
     * wider or different set of members.
     */
    public static RecipientFilter readStoredFilter(String json) {
        try {
            return RecipientFilter.fromJson(json);
        } catch (RecipientFilter.Unreadable e) {
            LOG.warning(() -> "Refused a stored recipient filter: " + e.getMessage());
            throw new BroadcastException(BroadcastException.FILTER);
        }
    }

    private static RecipientFilter readableOrNull(String json) {
        try {
            return RecipientFilter.fromJson(json);
        } catch (RecipientFilter.Unreadable e) {
            LOG.warning(() -> "Unreadable target group filter: " + e.getMessage());
            return null;
        }
    }

    private Optional<Member> sample(long networkId, RecipientFilter filter) {
        List<Object> params = new ArrayList<>();
        Query q = em.createNativeQuery("SELECT m.id FROM members m WHERE " + filter.where(networkId, params)
                + " ORDER BY m.id LIMIT 1");
        bind(q, params);
        return q.getResultStream().findFirst().map(id -> em.find(Member.class, ((Number) id).longValue()));
    }

    /** {@code name} → the member's name, each attribute label → its value(s), joined with 「、」. */
    private Map<String, String> values(long networkId, Member m) {
        Map<String, String> values = new HashMap<>();
        values.put("name", m.name());
        Map<Long, List<String>> own = AttributeJson.read(m.attributesJson());
        for (AttributeLabel label : directory.attributes(networkId)) {
            List<String> v = own.get(label.id());
            if (v != null && !v.isEmpty()) {
                values.put(label.label(), String.join("、", v));
            }
        }
        return values;
    }

    private static String checkedSubject(String subject) {
        if (subject == null || subject.isBlank() || subject.strip().length() > Broadcast.SUBJECT_MAX) {
            throw new BroadcastException(BroadcastException.SUBJECT, String.valueOf(Broadcast.SUBJECT_MAX));
        }
        return subject;
    }

    private static String checkedBody(String text) {
        if (text == null || text.isBlank()) {
            throw new BroadcastException(BroadcastException.BODY);
        }
        return text;
    }

    private static String kib(long bytes) {
        return String.valueOf((bytes + 1023) / 1024);
    }

    private static void bind(Query q, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
    }

}
