package org.renraku.delivery.batch;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.renraku.delivery.control.MxRoutes;
import org.renraku.delivery.entity.CarrierGroup;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/** The lane's connection against tiny SMTP responders on loopback addresses and a DNS table in memory. */
class LaneConnectionTest {

    /** Answers 220, EHLO, QUIT; records the EHLO names it was given. */
    static final class Responder implements AutoCloseable {
        final ServerSocket socket;
        final List<String> ehlo = new CopyOnWriteArrayList<>();

        Responder(String address, int port) throws IOException {
            socket = new ServerSocket(port, 50, InetAddress.getByName(address));
            Thread t = new Thread(this::serve, "responder " + address);
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread t = new Thread(() -> talk(s));
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void talk(Socket s) {
            try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII)); OutputStream out = s.getOutputStream()) {
                out.write("220 test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                String line;
                while ((line = in.readLine()) != null) {
                    String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
                    if (verb.equals("EHLO")) {
                        ehlo.add(line.substring(5).strip());
                        out.write("250-test\r\n250 8BITMIME\r\n".getBytes(StandardCharsets.US_ASCII));
                    } else if (verb.equals("QUIT")) {
                        out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                        return;
                    } else {
                        out.write("250 ok\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A DNS table in dnsjava's types; unknown names are NXDOMAIN. */
    static final class Table implements Resolver {
        final Map<String, List<Record>> records = new HashMap<>();

        Table mx(String domain, int preference, String host) {
            return add(new MXRecord(name(domain), DClass.IN, 0, preference, name(host)));
        }

        Table a(String host, String address) throws IOException {
            return add(new ARecord(name(host), DClass.IN, 0, InetAddress.getByName(address)));
        }

        private Table add(Record r) {
            records.computeIfAbsent(r.getName().toString(), k -> new ArrayList<>()).add(r);
            return this;
        }

        private static Name name(String s) {
            return Name.fromConstantString(s + ".");
        }

        @Override
        public Message send(Message query) {
            Record q = query.getQuestion();
            Message response = new Message(query.getHeader().getID());
            response.getHeader().setFlag(Flags.QR);
            response.addRecord(q, Section.QUESTION);
            List<Record> known = records.get(q.getName().toString());
            if (known == null) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
            } else {
                known.stream().filter(r -> r.getType() == q.getType()).forEach(r -> response.addRecord(r, Section.ANSWER));
            }
            return response;
        }

        @Override
        public CompletionStage<Message> sendAsync(Message query) {
            return CompletableFuture.completedFuture(send(query));
        }

        @Override
        public CompletionStage<Message> sendAsync(Message query, Executor executor) {
            return sendAsync(query);
        }

        @Override public void setPort(int port) { }
        @Override public void setTCP(boolean flag) { }
        @Override public void setIgnoreTruncation(boolean flag) { }
        @Override public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) { }
        @Override public void setTSIGKey(TSIG key) { }
        @Override public void setTimeout(Duration timeout) { }
    }

    /** Counts what it is asked and told; allows while {@code open}. */
    static final class CountingGate implements LaneConnection.ConnectionGate {
        int acquired;
        int released;
        boolean open = true;

        @Override
        public boolean acquire(CarrierGroup group) {
            if (open) {
                acquired++;
            }
            return open;
        }

        @Override
        public void release(CarrierGroup group) {
            released++;
        }
    }

    Responder mx2;
    Responder relay;
    Table dns;
    CountingGate gate = new CountingGate();
    DeliveryRouting direct;

    @BeforeEach
    void servers() throws IOException {
        mx2 = new Responder("127.0.0.2", 0);
        relay = new Responder("127.0.0.3", mx2.port());
        // mx1 of docomo at an address where nothing listens: the lane falls back to mx2
        dns = new Table().mx("docomo.ne.jp", 10, "mx1.docomo.test").mx("docomo.ne.jp", 20, "mx2.docomo.test")
                .mx("mopera.net", 10, "mx1.docomo.test").mx("mopera.net", 20, "mx2.docomo.test")
                .mx("gmail.com", 10, "mx.gmail.test")
                .a("mx1.docomo.test", "127.0.0.9").a("mx2.docomo.test", "127.0.0.2").a("mx.gmail.test", "127.0.0.2");
        direct = DeliveryRouting.of(false, config(Map.of("renraku.delivery.mx-port", Integer.toString(mx2.port()),
                "renraku.delivery.ehlo-name", "out.renraku.test")));
    }

    @AfterEach
    void stop() throws IOException {
        mx2.close();
        relay.close();
    }

    private static java.util.function.Function<String, Optional<String>> config(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name));
    }

    private Session relaySession() {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.3");
        p.setProperty("mail.smtp.port", Integer.toString(relay.port()));
        return Session.getInstance(p);
    }

    private LaneConnection lane(CarrierGroup group, DeliveryRouting routing) {
        return new LaneConnection(group, routing, relaySession(), new MxRoutes(dns, new Random(1)), gate);
    }

    @Test
    void aShapedGroupConnectsToTheNextMxWhenTheFirstRefusesAndSaysTheConfiguredEhloName() {
        try (LaneConnection lane = lane(CarrierGroup.DOCOMO, direct)) {
            LaneConnection.Ready ready = lane.forRecipient("docomo.ne.jp", false);

            assertThat(ready).isInstanceOfSatisfying(LaneConnection.Connected.class, c -> assertThat(c.opened()).isTrue());
            assertThat(mx2.ehlo).containsExactly("out.renraku.test");
            assertThat(relay.ehlo).isEmpty();
            assertThat(gate.acquired).isEqualTo(1);
        }
        assertThat(gate.released).as("released after the close").isEqualTo(1);
    }

    @Test
    void theOpenConnectionIsReusedWhileTheRouteStaysTheSame() {
        try (LaneConnection lane = lane(CarrierGroup.DOCOMO, direct)) {
            var first = (LaneConnection.Connected) lane.forRecipient("docomo.ne.jp", false);
            var again = (LaneConnection.Connected) lane.forRecipient("docomo.ne.jp", false);
            var sameMx = (LaneConnection.Connected) lane.forRecipient("mopera.net", false);

            assertThat(again.opened()).isFalse();
            assertThat(sameMx.opened()).as("another domain on the same MX hosts").isFalse();
            assertThat(sameMx.transport()).isSameAs(first.transport());
            assertThat(gate.acquired).isEqualTo(1);

            var otherMx = (LaneConnection.Connected) lane.forRecipient("gmail.com", false);
            assertThat(otherMx.opened()).isTrue();
            assertThat(first.transport().isConnected()).as("closed when the route changed").isFalse();
            assertThat(gate.released).isEqualTo(1);

            var fresh = (LaneConnection.Connected) lane.forRecipient("gmail.com", true);
            assertThat(fresh.opened()).as("the caller asked for a new one").isTrue();
            assertThat(gate.acquired).isEqualTo(3);
            assertThat(gate.released).isEqualTo(2);
        }
        assertThat(gate.released).isEqualTo(3);
    }

    @Test
    void whenNoMxTakesTheConnectionItFailsWithEveryHostNamedAndTheGateIsReleased() throws IOException {
        dns = new Table().mx("docomo.ne.jp", 10, "mx1.docomo.test").mx("docomo.ne.jp", 20, "mx2.docomo.test")
                .a("mx1.docomo.test", "127.0.0.9").a("mx2.docomo.test", "127.0.0.10");
        try (LaneConnection lane = lane(CarrierGroup.DOCOMO, direct)) {
            LaneConnection.Ready ready = lane.forRecipient("docomo.ne.jp", false);

            assertThat(ready).isInstanceOfSatisfying(LaneConnection.Failed.class, f -> assertThat(f.reason())
                    .startsWith("connect: ").contains("mx1.docomo.test[127.0.0.9]").contains("mx2.docomo.test[127.0.0.10]"));
            assertThat(lane.isConnected()).isFalse();
        }
        assertThat(gate.acquired).isEqualTo(1);
        assertThat(gate.released).isEqualTo(1);
    }

    @Test
    void aClosedGateOpensNothing() {
        gate.open = false;
        try (LaneConnection lane = lane(CarrierGroup.DOCOMO, direct)) {
            assertThat(lane.forRecipient("docomo.ne.jp", false)).isInstanceOf(LaneConnection.Held.class);
        }
        assertThat(mx2.ehlo).isEmpty();
        assertThat(gate.released).isZero();
    }

    @Test
    void aDomainThatDoesNotExistIsRefusedWithoutAConnection() {
        try (LaneConnection lane = lane(CarrierGroup.DOCOMO, direct)) {
            LaneConnection.Ready ready = lane.forRecipient("nxdomain.docomo.ne.jp", false);

            assertThat(ready).isInstanceOfSatisfying(LaneConnection.Refused.class,
                    r -> assertThat(r.reply().toString()).startsWith("550 5.1.2 Domain not found: nxdomain.docomo.ne.jp"));
        }
        assertThat(gate.acquired).isZero();
    }

    @Test
    void groupOtherAndTheRelayModeGoThroughTheRelay() {
        try (LaneConnection lane = lane(CarrierGroup.OTHER, direct)) {
            assertThat(lane.forRecipient("example.jp", false)).isInstanceOf(LaneConnection.Connected.class);
            assertThat(lane.forRecipient("school.example.jp", false))
                    .isInstanceOfSatisfying(LaneConnection.Connected.class, c -> assertThat(c.opened()).isFalse());
        }
        DeliveryRouting relayOnly = DeliveryRouting.of(false, config(Map.of("renraku.delivery.route", "relay")));
        try (LaneConnection lane = lane(CarrierGroup.DOCOMO, relayOnly)) {
            assertThat(lane.forRecipient("docomo.ne.jp", false)).isInstanceOf(LaneConnection.Connected.class);
        }
        assertThat(relay.ehlo).hasSize(2);
        assertThat(mx2.ehlo).isEmpty();
        assertThat(gate.acquired).isEqualTo(gate.released).isEqualTo(2);
    }
}
