package org.renraku.delivery.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.renraku.delivery.boundary.DeliveryRun;
import org.renraku.delivery.control.MxRoutes;
import org.renraku.delivery.control.PrecomposedMessage;
import org.renraku.delivery.control.ReplyPolicy;
import org.renraku.delivery.control.SmtpReply;
import org.renraku.delivery.entity.CarrierGroup;

/**
 * Sends a lane's messages over ONE reused SMTP connection ({@link LaneConnection}: to the relay, or straight to the
 * recipient domain's MX, re-opened when the route changes): opened when needed — after the lane leased a
 * connection slot of its carrier group ({@link LaneShaper}, for the whole service) — and closed, giving the slot
 * back, after the lane's messages per connection, after a failure, and when urgent mail or a fairer share asks for
 * the slot after a chunk. Each message waits for its turn in the group's shared rate; it goes out as the bytes
 * the template wrote ({@link PrecomposedMessage}), with its VERP address as envelope sender. The replies are recorded
 * through {@link DeliveryRun#record} in the chunk's transaction — the one that also stores the checkpoint, so a
 * crash repeats at most the chunk in flight.
 */
@Named("smtpLaneWriter")
@Dependent
public class SmtpLaneWriter extends AbstractItemWriter {

    private static final Logger LOG = Logger.getLogger(SmtpLaneWriter.class.getName());
    static final Duration STATUS_EVERY = Duration.ofSeconds(1);

    @Inject
    DeliveryRun run;

    @Inject
    StepContext step;

    @Inject
    JobContext job;

    @Inject
    Clock clock;

    @Inject
    @BatchProperty(name = "broadcastId")
    String broadcastId;

    @Inject
    @BatchProperty(name = "smtpHost")
    String smtpHost;

    @Inject
    @BatchProperty(name = "smtpPort")
    String smtpPort;

    @Inject
    MxRoutes mxRoutes;

    private Session session;
    private DeliveryRouting routing;
    private LaneConnection connection;
    /** The open connection's transport (null when none is open). */
    private Transport transport;
    /** What DNS said about the next message's domain instead of a connection, for that message. */
    private SmtpReply refusal;
    private boolean suspect;
    private boolean stopped;
    /** The first delivery this writer left queued: the checkpoint never goes past it. */
    private Long firstUnsent;
    private Instant statusCheckedAt;
    private boolean halted;
    /** Messages the open connection carried. */
    private int onConnection;
    /** Why the last connection could not be opened, for the message that needed it. */
    private String connectError;

    @Override
    public void open(Serializable checkpoint) {
        Integer port = smtpPort == null || smtpPort.isBlank() ? null : Integer.valueOf(smtpPort.strip());
        session = run.smtpSession(smtpHost, port);
        routing = DeliveryRouting.of(smtpHost != null && !smtpHost.isBlank());
    }

    @Override
    public void writeItems(List<Object> items) {
        LaneState state = (LaneState) step.getTransientUserData();
        LaneShaper shaper = state.shaper;
        List<DeliveryRun.Result> results = new ArrayList<>(items.size());
        int accepted = 0;
        for (Object item : items) {
            Outgoing out = (Outgoing) item;
            if (out.isSkipped()) {
                results.add(DeliveryRun.Result.skip(out.deliveryId()));
                continue;
            }
            if (stopped || stopping() || halted() || !connected(state, out) || !shaper.awaitTurn(LaneReader.MAX_WAIT)) {
                stopped = true; // left queued: a later execution (or the restart of this one) sends it
                refusal = null;
                state.ended = true;
                if (firstUnsent == null) {
                    firstUnsent = out.deliveryId();
                }
                continue;
            }
            DeliveryRun.Result result = send(out);
            results.add(result);
            if (result.reply() != null && result.reply().positive()) {
                accepted++;
            } else if (result.reply() != null && ReplyPolicy.isThrottling(result.reply())) {
                shaper.throttled(result.reply().toString());
            }
        }
        if (firstUnsent != null) {
            state.lastId = Math.min(state.lastId, firstUnsent - 1); // a restart reads them again
        }
        run.record(results);
        if (shaper != null && !shaper.afterChunk(accepted)) {
            closeTransport(); // urgent mail or a network below its fair share waits for the slot
        }
    }

    /**
     * An open connection for the next message: the current one while it is good, goes the message's way (the
     * relay, or the same MX hosts) and has carried fewer than the lane's messages per connection; otherwise it is
     * closed and a new one opened. The first one waits until the lane leases a slot of its group — the lease is
     * the {@link LaneConnection.ConnectionGate}. The lane keeps the slot while it replaces its connection (it never
     * has two open): the slot goes back when the lane closes without replacing it ({@link #closeTransport}: the
     * chunk's end asks it to yield, a send failed, the lane ends). Giving it back and leasing it again for each
     * new connection was a sixth of an unpaced lane's CPU. False when no slot came within
     * {@link LaneReader#MAX_WAIT}. A domain that DNS refuses, or a connection no host took, is left for
     * {@link #send} to record.
     */
    private boolean connected(LaneState state, Outgoing out) {
        if (connection == null) {
            connection = new LaneConnection(state.lane.group(), routing, session, mxRoutes,
                    new LaneConnection.ConnectionGate() {
                        @Override
                        public boolean acquire(CarrierGroup group) {
                            return state.shaper.acquire(LaneReader.MAX_WAIT);
                        }

                        @Override
                        public void release(CarrierGroup group) {
                            // kept while the lane replaces its connection; closeTransport gives it back
                        }
                    });
        }
        boolean fresh = onConnection >= state.lane.messagesPerConnection() || (suspect && !connection.isConnected());
        LaneConnection.Ready ready;
        try {
            ready = connection.forRecipient(out.domain(), fresh);
        } catch (IllegalStateException e) {
            ready = new LaneConnection.Failed(String.valueOf(e.getMessage()));
        }
        if (ready instanceof LaneConnection.Held) {
            transport = null;
            return false;
        }
        if (ready instanceof LaneConnection.Refused r) { // DNS: no such domain, null MX, lookup failed
            refusal = r.reply();
        } else if (ready instanceof LaneConnection.Failed f) {
            transport = null;
            connectError = f.reason().replaceFirst("^connect: ", "");
        } else if (ready instanceof LaneConnection.Connected c) {
            transport = c.transport();
            if (c.opened()) {
                onConnection = 0;
                suspect = false;
            }
        }
        return true; // a refusal or a broken connection is recorded for the message (retried later when temporary)
    }

    /**
     * True once the job was asked to stop (the batch runtime ends it after this chunk): the rest of the chunk stays
     * queued, so a stop does not wait for a long chunk and nothing is in flight when the step ends.
     */
    private boolean stopping() {
        BatchStatus s = job.getBatchStatus();
        return s == BatchStatus.STOPPING || s == BatchStatus.STOPPED;
    }

    /**
     * True once the broadcast is no longer SENDING (the admin paused or cancelled it) or its network was suspended,
     * looked up at most once a second: the messages still in this chunk stay queued.
     */
    private boolean halted() {
        Instant now = clock.instant();
        if (!halted && (statusCheckedAt == null || !now.isBefore(statusCheckedAt.plus(STATUS_EVERY)))) {
            statusCheckedAt = now;
            halted = !run.sendable(Long.parseLong(broadcastId));
            if (halted) {
                LOG.info(() -> "Broadcast " + broadcastId + " is no longer being sent; lane " + step.getStepName()
                        + " stops sending");
            }
        }
        return halted;
    }

    private DeliveryRun.Result send(Outgoing out) {
        if (refusal != null) {
            SmtpReply r = refusal;
            refusal = null;
            return DeliveryRun.Result.replied(out.deliveryId(), r);
        }
        if (transport == null) {
            String why = connectError == null ? "not connected" : connectError;
            connectError = null;
            return DeliveryRun.Result.broken(out.deliveryId(), "connect: " + why);
        }
        Outgoing.Message message;
        try {
            message = out.compose();
        } catch (MessagingException | RuntimeException e) { // not the connection's fault: it stays open
            LOG.log(Level.WARNING, e, () -> "Delivery " + out.deliveryId() + " of broadcast " + broadcastId
                    + " could not be written; tried again later");
            return DeliveryRun.Result.broken(out.deliveryId(), "compose: " + e.getMessage());
        }
        onConnection++;
        SmtpReply reply;
        try {
            // the bytes as written by the template; Angus's SMTPTransport does the SMTP (VERP sender, dot stuffing)
            transport.sendMessage(PrecomposedMessage.of(session, message.bytes(), message.envelopeFrom()),
                    new Address[] {message.to()});
            reply = lastReply(transport);
        } catch (SMTPSendFailedException e) { // MAIL FROM or the message itself refused
            suspect = true;
            reply = reply(e.getReturnCode(), e.getMessage());
        } catch (SendFailedException e) {
            suspect = true;
            Optional<SMTPAddressFailedException> refused = addressFailure(e);
            if (refused.isEmpty()) {
                closeTransport();
                return DeliveryRun.Result.broken(out.deliveryId(), String.valueOf(e.getMessage()));
            }
            reply = reply(refused.get().getReturnCode(), refused.get().getMessage());
        } catch (MessagingException | IllegalStateException e) {
            closeTransport();
            return DeliveryRun.Result.broken(out.deliveryId(), String.valueOf(e.getMessage()));
        }
        return DeliveryRun.Result.replied(out.deliveryId(), reply);
    }

    private static Optional<SMTPAddressFailedException> addressFailure(SendFailedException e) {
        Exception next = e.getNextException();
        while (next != null) {
            if (next instanceof SMTPAddressFailedException a) {
                return Optional.of(a);
            }
            next = next instanceof MessagingException m ? m.getNextException() : null;
        }
        return Optional.empty();
    }

    private static SmtpReply lastReply(Transport t) {
        if (t instanceof SMTPTransport smtp && smtp.getLastReturnCode() >= 200) {
            return reply(smtp.getLastReturnCode(), smtp.getLastServerResponse());
        }
        return new SmtpReply(250, null, "accepted");
    }

    static SmtpReply reply(int code, String response) {
        String text = response == null ? "" : response.strip();
        return SmtpReply.parse(text).filter(r -> r.code() == code)
                .orElseGet(() -> new SmtpReply(code >= 200 && code <= 599 ? code : 451, null, text));
    }

    /** Closes the connection, if any, and gives its slot back. */
    private void closeTransport() {
        if (connection != null) {
            connection.close(); // the gate gives the slot back
        }
        transport = null;
        LaneState state = (LaneState) step.getTransientUserData();
        if (state != null && state.shaper != null) {
            state.shaper.release();
        }
    }

    @Override
    public void close() {
        closeTransport();
    }
}
