package org.renraku.delivery.boundary;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Query;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.renraku.delivery.entity.Delivery;
import org.renraku.delivery.control.ReplyPolicy;
import org.renraku.delivery.control.SmtpReply;

/**
 * Records what became of one delivery, as the sending job learns it: the SMTP reply (or the broken connection)
 * goes through {@link ReplyPolicy}, the delivery row takes the verdict, and a permanent refusal is announced as a
 * {@link RefusedAtSend} event, which the bounces feature records as a bounce event for the hygiene work — observed
 * synchronously, so in the caller's transaction, with the chunk's other rows. (An event, not a call: delivery does
 * not depend on bounces.)
 */
@Stateless
public class Deliveries {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Event<RefusedAtSend> refusedAtSend;

    /** Applies the server's reply to the delivery; empty when there is no such delivery. */
    public Optional<ReplyPolicy.Outcome> replied(long deliveryId, @NotNull SmtpReply reply) {
        Delivery delivery = em.find(Delivery.class, deliveryId);
        if (delivery == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        // every earlier attempt of a delivery that is tried again was a temporary failure
        ReplyPolicy.Outcome outcome = ReplyPolicy.classify(reply, delivery.attempts(),
                delivery.firstAttemptAt().orElse(null), now);
        String text = reply.toString();
        switch (outcome.verdict()) {
            case SENT -> delivery.sent(reply.code(), text, now);
            case DEFERRED -> delivery.deferred(reply.code(), text, outcome.retryAt(), now);
            case FAILED -> {
                delivery.failed(reply.code(), text, true, now);
                // a permanent refusal at send time counts like a bounce: recorded and judged by the bounce policy
                refusedAtSend.fire(new RefusedAtSend(delivery.broadcast().network().id(), delivery.id(),
                        delivery.member().id(), delivery.email(), outcome.bounceKind(),
                        ReplyPolicy.reason(reply).code(), reply.enhanced(), reply.code(), reply.text()));
            }
            case SOFT_FAILED -> delivery.failed(reply.code(), text, false, now);
        }
        return Optional.of(outcome);
    }

    /** A delivery the receiving server accepted (2xx), and its reply. */
    public record Accepted(long deliveryId, SmtpReply reply) {
    }

    /**
     * Marks the accepted deliveries SENT as {@link Delivery#sent} does (one more attempt, the first attempt kept,
     * the reply truncated to {@link Delivery#REPLY_MAX}) with ONE statement: an UPDATE joined with the chunk's
     * rows (id, code, reply) — the sending job's hot path, no entity read per message. Rows no longer there are
     * left out, as {@link #replied} leaves them.
     */
    public void sent(List<Accepted> accepted, Instant now) {
        if (accepted.isEmpty()) {
            return;
        }
        StringBuilder rows = new StringBuilder(accepted.size() * 32);
        for (int i = 0; i < accepted.size(); i++) {
            rows.append(i == 0 ? "SELECT ? AS id, ? AS code, ? AS reply" : " UNION ALL SELECT ?, ?, ?");
        }
        // JDBC on the persistence context's connection (same transaction): EclipseLink's native query binds its
        // arguments in quadratic time (a lookup per argument in a list of them), a quarter of the sending lanes'
        // CPU with 200 messages a chunk (the benchmark)
        Connection connection = em.unwrap(Connection.class);
        try (PreparedStatement s = connection.prepareStatement("UPDATE deliveries d JOIN (" + rows
                + ") r ON r.id = d.id SET d.status = 'SENT', d.attempts = d.attempts + 1,"
                + " d.first_attempt_at = COALESCE(d.first_attempt_at, ?), d.last_attempt_at = ?,"
                + " d.smtp_code = r.code, d.smtp_reply = r.reply, d.sent_at = ?, d.next_attempt_at = NULL,"
                + " d.updated_at = ?")) {
            int p = 1;
            for (Accepted a : accepted) {
                String text = a.reply().toString();
                s.setLong(p++, a.deliveryId());
                s.setInt(p++, a.reply().code());
                s.setString(p++, text.length() > Delivery.REPLY_MAX ? text.substring(0, Delivery.REPLY_MAX) : text);
            }
            Timestamp ts = Timestamp.from(now);
            for (int i = 0; i < 4; i++) {
                s.setTimestamp(p++, ts);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("Recording " + accepted.size() + " accepted deliveries", e);
        }
    }

    /** Marks the deliveries SKIPPED (member left or suppressed after the snapshot) with one statement. */
    public void skipped(List<Long> deliveryIds, Instant now) {
        if (deliveryIds.isEmpty()) {
            return;
        }
        Query q = em.createNativeQuery("UPDATE deliveries SET status = 'SKIPPED', updated_at = ? WHERE id IN ("
                + String.join(", ", java.util.Collections.nCopies(deliveryIds.size(), "?")) + ")");
        q.setParameter(1, Timestamp.from(now));
        for (int i = 0; i < deliveryIds.size(); i++) {
            q.setParameter(i + 2, deliveryIds.get(i));
        }
        q.executeUpdate();
    }

    /** The connection broke before the server answered for this message: retried later, or given up after 24 h. */
    public Optional<ReplyPolicy.Outcome> connectionFailed(long deliveryId, String reason) {
        Delivery delivery = em.find(Delivery.class, deliveryId);
        if (delivery == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        ReplyPolicy.Outcome outcome = ReplyPolicy.connectionFailed(delivery.attempts(),
                delivery.firstAttemptAt().orElse(null), now);
        if (outcome.verdict() == ReplyPolicy.Verdict.DEFERRED) {
            delivery.deferred(null, reason, outcome.retryAt(), now);
        } else {
            delivery.failed(null, reason, false, now);
        }
        return Optional.of(outcome);
    }

    public Optional<Delivery> find(long deliveryId) {
        return Optional.ofNullable(em.find(Delivery.class, deliveryId));
    }
}
