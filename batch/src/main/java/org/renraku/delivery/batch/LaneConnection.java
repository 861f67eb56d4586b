package org.renraku.delivery.batch;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import org.renraku.delivery.control.MxRoutes;
import org.renraku.delivery.control.PipeliningSmtpTransport;
import org.renraku.delivery.control.SmtpReply;
import org.renraku.delivery.entity.CarrierGroup;

/**
 * The SMTP connection of one lane: to the relay, or straight to the MX of the recipient's domain
 * ({@link DeliveryRouting}). It stays open while the next recipient has the same route (the relay, or a domain
 * served by the same MX hosts), and is closed and opened again when the route changes or the caller asks for a
 * fresh one. An MX connection is tried host by host, address by address, in preference order: only when none
 * takes it is the attempt a failure.
 * <p>
 * Every connection passes the {@link ConnectionGate}: {@code acquire} right before it is opened (false: it is not
 * opened, the message stays queued), {@code release} right after it is closed — also when opening failed.
 */
public final class LaneConnection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LaneConnection.class.getName());
    private static final String RELAY = "relay";

    /** Asked before each connection of a carrier group is opened, told after it is closed. */
    public interface ConnectionGate {
        /** True: the connection may be opened; false: not now (the message stays queued, as in a paused lane). */
        boolean acquire(CarrierGroup group);

        /** The connection that {@link #acquire} allowed is closed (or could not be opened). */
        void release(CarrierGroup group);

        /** Every connection may open. */
        ConnectionGate OPEN = new ConnectionGate() {
            @Override
            public boolean acquire(CarrierGroup group) {
                return true;
            }

            @Override
            public void release(CarrierGroup group) {
            }
        };
    }

    /** What {@link #forRecipient} gives: a connection, or why there is none. */
    public sealed interface Ready permits Connected, Held, Refused, Failed {
    }

    /** A connection to send on; {@code opened}: a new one (the pace counts messages per connection). */
    public record Connected(Transport transport, boolean opened) implements Ready {
    }

    /** The gate gave no connection now: the message stays queued. */
    public record Held() implements Ready {
    }

    /** DNS says where not to send (no such domain, null MX, DNS failure): recorded as this reply. */
    public record Refused(SmtpReply reply) implements Ready {
    }

    /** No host took the connection: the delivery is tried again later. */
    public record Failed(String reason) implements Ready {
    }

    private final CarrierGroup group;
    private final DeliveryRouting routing;
    private final Session relay;
    private final Session mx;
    private final Session mxPlain;
    private final MxRoutes routes;
    private final ConnectionGate gate;

    private Transport transport;
    private String routeKey;
    private String domain;

    LaneConnection(CarrierGroup group, DeliveryRouting routing, Session relay, MxRoutes routes, ConnectionGate gate) {
        this.group = Objects.requireNonNull(group, "group");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.relay = Objects.requireNonNull(relay, "relay");
        this.routes = routes;
        this.gate = gate == null ? ConnectionGate.OPEN : gate;
        this.mx = Session.getInstance(routing.mxProperties(true));
        this.mxPlain = Session.getInstance(routing.mxProperties(false));
    }

    /**
     * The connection for a message to {@code recipientDomain}: the open one when the route is the same and
     * {@code fresh} is false, else a new one (the open one closed first).
     */
    public Ready forRecipient(String recipientDomain, boolean fresh) {
        if (!routing.direct(group)) {
            if (transport != null && !fresh && RELAY.equals(routeKey)) {
                return new Connected(transport, false);
            }
            close();
            return open(RELAY, null, null);
        }
        if (transport != null && !fresh && recipientDomain.equalsIgnoreCase(domain)) {
            return new Connected(transport, false);
        }
        MxRoutes.Route route = routes.route(recipientDomain);
        if (!route.deliverable()) {
            return new Refused(route.refusal()); // the open connection, if any, stays for the next recipient
        }
        if (transport != null && !fresh && route.key().equals(routeKey)) {
            domain = recipientDomain;
            return new Connected(transport, false);
        }
        close();
        return open(route.key(), recipientDomain, route.hosts());
    }

    /** True while a connection is open and the server has not closed it. */
    public boolean isConnected() {
        return transport != null && transport.isConnected();
    }

    private Ready open(String key, String recipientDomain, List<MxRoutes.MxHost> hosts) {
        if (!gate.acquire(group)) {
            return new Held();
        }
        List<String> errors = new ArrayList<>();
        try {
            if (hosts == null) {
                Transport t = new PipeliningSmtpTransport(relay);
                t.connect();
                return connected(t, key, recipientDomain);
            }
            for (MxRoutes.MxHost host : hosts) {
                for (InetAddress address : host.addresses()) {
                    Attempt a = connect(mx, address);
                    if (a.tlsFailed()) {
                        a = connect(mxPlain, address); // opportunistic: plain text when the handshake fails
                    }
                    if (a.transport() != null) {
                        return connected(a.transport(), key, recipientDomain);
                    }
                    errors.add(host.name() + "[" + address.getHostAddress() + "]: " + a.error());
                }
            }
        } catch (MessagingException | IllegalStateException e) {
            errors.add(String.valueOf(e.getMessage()));
        }
        gate.release(group);
        return new Failed("connect: " + String.join("; ", errors));
    }

    /** One try of one address: the transport, or the error and whether the TLS handshake failed. */
    private record Attempt(Transport transport, String error, boolean tlsFailed) {
    }

    private Attempt connect(Session session, InetAddress address) {
        try {
            Transport t = new PipeliningSmtpTransport(session);
            t.connect(address.getHostAddress(), routing.mxPort(), null, null);
            return new Attempt(t, null, false);
        } catch (MessagingException | IllegalStateException e) {
            LOG.log(Level.FINE, e, () -> "Connecting to the MX at " + address.getHostAddress() + " for " + group);
            return new Attempt(null, String.valueOf(e.getMessage()), session == mx && causedBy(e, SSLException.class));
        }
    }

    private Ready connected(Transport t, String key, String recipientDomain) {
        transport = t;
        routeKey = key;
        domain = recipientDomain;
        return new Connected(t, true);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable c = e; c != null; c = c.getCause() != null ? c.getCause()
                : c instanceof MessagingException m ? m.getNextException() : null) {
            if (type.isInstance(c)) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    /** Closes the open connection, if any, and tells the gate. */
    @Override
    public void close() {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException e) {
            LOG.log(Level.FINE, "Closing an SMTP connection", e);
        } finally {
            transport = null;
            routeKey = null;
            domain = null;
            gate.release(group);
        }
    }
}
