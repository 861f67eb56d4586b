package org.renraku.delivery.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.renraku.broadcasts.entity.Broadcast;
import org.renraku.delivery.boundary.DeliveryRun;
import org.renraku.delivery.control.MxRoutes;
import org.renraku.delivery.control.SendPacer;
import org.renraku.delivery.control.SmtpReply;

/**
 * Sends a lane's messages over ONE reused SMTP connection ({@link LaneConnection}: to the relay, or straight to the
 * recipient domain's MX): opened when needed, closed and opened again after the lane's messages per connection,
 * when the route changes and after a failure. Each message waits for its slot in the lane's pace; the
 * envelope sender is the message's VERP address ({@code SMTPMessage.setEnvelopeFrom}). The replies are recorded
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

    @Inject
    Instance<LaneConnection.ConnectionGate> gates;

    private Session session;
    private DeliveryRouting routing;
    private LaneConnection connection;
    private boolean suspect;
    private boolean stopped;
    /** The first delivery this writer left queued: the checkpoint never goes past it. */
    private Long firstUnsent;
    private Instant statusCheckedAt;
    private boolean halted;

    @Override
    public void open(Serializable checkpoint) {
        Integer port = smtpPort == null || smtpPort.isBlank() ? null : Integer.valueOf(smtpPort.strip());
        session = run.smtpSession(smtpHost, port);
        routing = DeliveryRouting.of(smtpHost != null && !smtpHost.isBlank());
    }

    @Override
    public void writeItems(List<Object> items) {
        LaneState state = (LaneState) step.getTransientUserData();
        SendPacer pacer = state.pacer;
        List<DeliveryRun.Result> results = new ArrayList<>(items.size());
        for (Object item : items) {
            Outgoing out = (Outgoing) item;
            if (out.message() == null) {
                results.add(DeliveryRun.Result.skip(out.deliveryId()));
                continue;
            }
            DeliveryRun.Result result = stopped || !waitForSlot(pacer) || halted() ? null : send(out, pacer);
            if (result == null) {
                stopped = true; // left queued: a later execution (or the restart of this one) sends it
                state.ended = true;
                if (firstUnsent == null) {
                    firstUnsent = out.deliveryId();
                }
                continue;
            }
            results.add(result);
        }
        if (firstUnsent != null) {
            state.lastId = Math.min(state.lastId, firstUnsent - 1); // a restart reads them again
        }
        run.record(results);
    }

    /**
     * True once the broadcast is no longer SENDING (the admin paused or cancelled it), looked up at most once a
     * second: the messages still in this chunk stay queued.
     */
    private boolean halted() {
        Instant now = clock.instant();
        if (!halted && (statusCheckedAt == null || !now.isBefore(statusCheckedAt.plus(STATUS_EVERY)))) {
            statusCheckedAt = now;
            halted = run.committedStatus(Long.parseLong(broadcastId)).map(s -> s != Broadcast.Status.SENDING)
                    .orElse(true);
            if (halted) {
                LOG.info(() -> "Broadcast " + broadcastId + " is no longer being sent; lane " + step.getStepName()
                        + " stops sending");
            }
        }
        return halted;
    }

    private boolean waitForSlot(SendPacer pacer) {
        Instant now = clock.instant();
        Duration wait = Duration.between(now, pacer.nextSendAt(now));
        if (wait.compareTo(LaneReader.MAX_WAIT) > 0) {
            return false;
        }
        if (!wait.isNegative() && !wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The reply to one message, or null when the connection gate held it back (it stays queued). */
    private DeliveryRun.Result send(Outgoing out, SendPacer pacer) {
        Transport transport;
        if (connection == null) {
            connection = new LaneConnection(pacer.lane().group(), routing, session, mxRoutes,
                    gates.isResolvable() ? gates.get() : LaneConnection.ConnectionGate.OPEN);
        }
        try {
            LaneConnection.Ready ready = connection.forRecipient(domain(out),
                    pacer.needsNewConnection() || (suspect && !connection.isConnected()));
            if (ready instanceof LaneConnection.Held) {
                return null;
            }
            if (ready instanceof LaneConnection.Refused r) { // DNS: no such domain, null MX, lookup failed
                return DeliveryRun.Result.replied(out.deliveryId(), r.reply());
            }
            if (ready instanceof LaneConnection.Failed f) {
                return DeliveryRun.Result.broken(out.deliveryId(), f.reason());
            }
            LaneConnection.Connected c = (LaneConnection.Connected) ready;
            transport = c.transport();
            if (c.opened()) {
                pacer.connectionOpened();
            }
            suspect = false;
        } catch (MessagingException | IllegalStateException e) {
            closeTransport();
            return DeliveryRun.Result.broken(out.deliveryId(), "connect: " + e.getMessage());
        }
        pacer.sent(clock.instant());
        SmtpReply reply;
        try {
            transport.sendMessage(out.message(), out.message().getAllRecipients());
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
        SendPacer.Signal signal = pacer.replied(reply, clock.instant());
        if (signal == SendPacer.Signal.PAUSED) {
            // recorded and mailed to the admins (once per pause of this lane) with the chunk's commit
            run.lanePaused(Long.parseLong(broadcastId), pacer.lane().group().name(), pacer.lane().index(),
                    pacer.pausedUntil(), pacer.pauses(), reply.toString());
        } else if (signal != SendPacer.Signal.NONE) {
            LOG.warning(() -> "Broadcast " + broadcastId + ": lane " + pacer.lane().group() + " " + signal
                    + ", rate now " + pacer.currentRate() + "/s");
        }
        return DeliveryRun.Result.replied(out.deliveryId(), reply);
    }

    /** The domain of the message's recipient (one recipient per message). */
    private static String domain(Outgoing out) throws MessagingException {
        Address[] to = out.message().getAllRecipients();
        String address = to == null || to.length == 0 ? "" : to[0] instanceof InternetAddress ia ? ia.getAddress()
                : to[0].toString();
        return address.substring(address.lastIndexOf('@') + 1);
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

    private void closeTransport() {
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    public void close() {
        closeTransport();
    }
}
