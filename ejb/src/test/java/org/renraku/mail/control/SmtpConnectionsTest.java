package org.renraku.mail.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Provider;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kept-open SMTP connections against a fake transport that counts connections and fails on demand. */
class SmtpConnectionsTest {

    /** What the fake relay does with the next sends: null = accept. */
    static final Deque<MessagingException> FAILURES = new ArrayDeque<>();
    static final List<String> LOG = new ArrayList<>();

    public static class FakeTransport extends Transport {
        private static int connections;
        private final int number;

        public FakeTransport(Session session, URLName url) {
            super(session, url);
            number = ++connections;
        }

        @Override
        protected boolean protocolConnect(String host, int port, String user, String password) {
            LOG.add("connect " + number);
            return true;
        }

        @Override
        public void sendMessage(Message message, Address[] addresses) throws MessagingException {
            MessagingException failure = FAILURES.poll();
            if (failure != null) {
                LOG.add("fail " + number);
                throw failure;
            }
            LOG.add("send " + number + " " + addresses[0]);
        }

        @Override
        public synchronized void close() throws MessagingException {
            LOG.add("close " + number);
            super.close();
        }
    }

    private final AtomicLong now = new AtomicLong();
    private SmtpConnections connections;
    private Session session;

    @BeforeEach
    void fakeRelay() {
        FAILURES.clear();
        LOG.clear();
        FakeTransport.connections = 0;
        session = Session.getInstance(new Properties());
        Provider fake = new Provider(Provider.Type.TRANSPORT, "smtp", FakeTransport.class.getName(), "test", "1");
        session.addProvider(fake);
        session.setProtocolForAddress("rfc822", "smtp");
        try {
            session.setProvider(fake);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        connections = new SmtpConnections(session, now::get);
    }

    private void send(String to) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        connections.send(message, new Address[] {new InternetAddress(to)});
    }

    @Test
    void oneConnectionShouldCarryMailAfterMail() throws Exception {
        send("a@example.jp");
        send("b@example.jp");
        send("c@example.jp");
        assertThat(LOG).containsExactly("connect 1", "send 1 a@example.jp", "send 1 b@example.jp", "send 1 c@example.jp");
        assertThat(connections.idleCount()).isEqualTo(1);
    }

    @Test
    void aKeptConnectionThatFailsShouldBeReplacedAndTheMailSentOnce() throws Exception {
        send("a@example.jp");
        FAILURES.add(new MessagingException("Can't send command to SMTP host"));
        send("b@example.jp");
        assertThat(LOG).containsExactly("connect 1", "send 1 a@example.jp", "fail 1", "close 1", "connect 2",
                "send 2 b@example.jp");
    }

    @Test
    void aFailureOnANewConnectionShouldGoToTheCaller() {
        FAILURES.add(new MessagingException("Connection refused"));
        assertThatThrownBy(() -> send("a@example.jp")).hasMessageContaining("refused");
        assertThat(LOG).containsExactly("connect 1", "fail 1", "close 1");
        assertThat(connections.idleCount()).isZero();
    }

    @Test
    void refusedRecipientsShouldNotBeSentAgain() throws Exception {
        send("a@example.jp");
        FAILURES.add(new SendFailedException("550 no such user", null, new Address[0],
                new Address[0], new Address[] {new InternetAddress("b@example.jp")}));
        assertThatThrownBy(() -> send("b@example.jp")).isInstanceOf(SendFailedException.class);
        assertThat(LOG).containsExactly("connect 1", "send 1 a@example.jp", "fail 1", "close 1");
    }

    @Test
    void aConnectionUnusedTooLongShouldBeClosedNotReused() throws Exception {
        send("a@example.jp");
        now.addAndGet(SmtpConnections.MAX_IDLE_TIME.toNanos() + 1);
        send("b@example.jp");
        assertThat(LOG).containsExactly("connect 1", "send 1 a@example.jp", "close 1", "connect 2", "send 2 b@example.jp");
        now.addAndGet(SmtpConnections.MAX_IDLE_TIME.toNanos() + 1);
        connections.closeStale();
        assertThat(LOG).endsWith("close 2");
        assertThat(connections.idleCount()).isZero();
    }

    @Test
    void atMostAFewConnectionsShouldWait() throws Exception {
        List<Transport> open = new ArrayList<>();
        for (int i = 0; i < SmtpConnections.MAX_IDLE + 2; i++) {
            Transport t = session.getTransport("smtp");
            t.connect();
            open.add(t);
        }
        // as if the mails had been sent at once over as many connections: give them back one by one
        for (Transport t : open) {
            connections.release(t);
        }
        assertThat(connections.idleCount()).isEqualTo(SmtpConnections.MAX_IDLE);
        connections.closeAll();
        assertThat(connections.idleCount()).isZero();
    }
}
