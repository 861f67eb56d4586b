package org.renraku.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * A receiving mail server for the ITs (SubEthaSMTP) on a loopback address that records what a carrier's MX would
 * see of us: every connection (opened, closed, how many at once), every message with its connection and time, and
 * the recipient. It can answer like a throttling carrier: {@link #refuseWith} makes it refuse MAIL FROM with a
 * given reply (421 closes the connection, as a real MX does).
 * <p>
 * Listens on 127.0.0.x only: tests never send beyond this machine.
 */
public final class CountingMx implements AutoCloseable {

    /** One accepted message: when, on which connection (1, 2, …), to whom, and its headers as received. */
    public record Received(Instant at, int connection, String from, String recipient, String head) {
        /** A header's value from the message as received, or null. */
        public String header(String name) {
            for (String line : head.split("\r?\n(?![ \t])")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).replaceAll("\r?\n[ \t]+", " ").strip();
                }
            }
            return null;
        }
    }

    private final String address;
    private final int port;
    private final SMTPServer server;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<String, Integer> connectionOfSession = new HashMap<>();
    private final List<Received> received = new ArrayList<>();
    private final List<Instant> refusedAt = new ArrayList<>();
    private final AtomicReference<String> refusal = new AtomicReference<>();
    private final List<String> helos = new ArrayList<>();

    private CountingMx(String address, int port) throws IOException {
        this.address = address;
        this.port = port;
        this.server = new SMTPServer.Builder()
                .bindAddress(InetAddress.getByName(address))
                .port(port)
                .hostName("mx.test")
                .maxConnections(1000)
                .connectionTimeout(60, java.util.concurrent.TimeUnit.SECONDS)
                .sessionHandler(new SessionHandler() {
                    @Override
                    public SessionAcceptance accept(Session session) {
                        int now = open.incrementAndGet();
                        maxOpen.accumulateAndGet(now, Math::max);
                        int n = connections.incrementAndGet();
                        synchronized (connectionOfSession) {
                            connectionOfSession.put(session.getSessionId(), n);
                        }
                        return SessionAcceptance.success();
                    }

                    @Override
                    public void onSessionEnd(Session session) {
                        open.decrementAndGet();
                    }
                })
                .messageHandlerFactory(this::handler)
                .build();
        server.start();
    }

    /** Starts a server on {@code address} (a 127.0.0.x address) and {@code port}. */
    public static CountingMx start(String address, int port) throws IOException {
        if (!address.startsWith("127.")) {
            throw new IllegalArgumentException("Test mail servers listen on loopback addresses only: " + address);
        }
        return new CountingMx(address, port);
    }

    private MessageHandler handler(MessageContext context) {
        return new MessageHandler() {
            private String from;
            private final List<String> recipients = new ArrayList<>();

            @Override
            public void from(String sender) throws RejectException {
                synchronized (helos) {
                    helos.add(context.getHelo().orElse(""));
                }
                String refuse = refusal.get();
                if (refuse != null) {
                    synchronized (received) {
                        refusedAt.add(Instant.now());
                    }
                    int code = Integer.parseInt(refuse.substring(0, 3));
                    throw new RejectException(code, refuse.substring(4));
                }
                from = sender;
            }

            @Override
            public void recipient(String recipient) {
                recipients.add(recipient);
            }

            @Override
            public String data(InputStream data) throws IOException {
                byte[] bytes = data.readAllBytes();
                String text = new String(bytes, StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                String head = end < 0 ? text : text.substring(0, end);
                Integer connection;
                synchronized (connectionOfSession) {
                    connection = connectionOfSession.get(context.getSessionId());
                }
                Instant at = Instant.now();
                synchronized (received) {
                    for (String r : recipients) {
                        received.add(new Received(at, connection == null ? 0 : connection, from, r, head));
                    }
                }
                return null;
            }

            @Override
            public void done() {
            }
        };
    }

    /** From now on MAIL FROM is refused with {@code reply} ("421 4.7.0 …"); null accepts again. */
    public void refuseWith(String reply) {
        if (reply != null && !reply.matches("[45]\\d\\d .*")) {
            throw new IllegalArgumentException("A refusal is a 4xx or 5xx reply: " + reply);
        }
        refusal.set(reply);
    }

    public String address() { return address; }
    public int port() { return port; }

    /** Connections accepted so far. */
    public int connections() { return connections.get(); }

    /** The most connections that were open at the same moment. */
    public int maxConcurrentConnections() { return maxOpen.get(); }

    /** Connections open now. */
    public int openConnections() { return open.get(); }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The HELO/EHLO name the client gave, for every MAIL FROM received. */
    public List<String> heloNames() {
        synchronized (helos) {
            return List.copyOf(helos);
        }
    }

    /** Times at which MAIL FROM was refused. */
    public List<Instant> refusals() {
        synchronized (received) {
            return List.copyOf(refusedAt);
        }
    }

    /** The most messages any one connection carried. */
    public int maxMessagesPerConnection() {
        Map<Integer, Integer> per = new HashMap<>();
        received().forEach(r -> per.merge(r.connection(), 1, Integer::sum));
        return per.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** The most messages received within any window of {@code window} (sliding over the arrival times). */
    public int maxInWindow(Duration window) {
        List<Instant> times = received().stream().map(Received::at).sorted().toList();
        int best = 0;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            while (Duration.between(times.get(start), times.get(end)).compareTo(window) >= 0) {
                start++;
            }
            best = Math.max(best, end - start + 1);
        }
        return best;
    }

    @Override
    public void close() {
        server.stop();
    }
}
