package org.renraku.mail.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.mail.Address;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.renraku.platform.control.ResourceProperties;

/**
 * Kept-open SMTP connections to the relay of {@code java:app/mail/renraku}: a transactional mail goes over a
 * connection that is already open (MAIL, RCPT, DATA) instead of a new one each time (connect, greeting, EHLO,
 * …, QUIT), which is most of the time a single mail takes against a local relay.
 * <p>
 * At most {@link #MAX_IDLE} connections wait for the next mail; one unused for {@link #MAX_IDLE_TIME} is
 * closed rather than reused (relays drop idle clients), and {@link #closeStale()} closes them in the
 * meantime. A kept connection that fails — the relay closed it, or answered 421 — is closed and the mail is
 * sent once more over a new connection; a failure on a new connection, or a relay that refuses recipients,
 * goes to the caller.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN) // thread-safe by itself: senders work in parallel
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SmtpConnections {

    private static final Logger LOG = Logger.getLogger(SmtpConnections.class.getName());
    static final int MAX_IDLE = 4;
    public static final Duration MAX_IDLE_TIME = Duration.ofSeconds(20);

    @Resource(lookup = "java:app/mail/renraku")
    Session resource;

    /** The resource's session with its {@code ${ENV=…}} property values resolved (see {@link ResourceProperties}). */
    private Session session;
    private final LongSupplier nanoTime;
    /** Connections waiting for a mail, the most recently used last; guarded by itself. */
    private final Deque<Kept> idle = new ArrayDeque<>();

    private record Kept(Transport transport, long since) {
    }

    public SmtpConnections() {
        this.nanoTime = System::nanoTime;
    }

    /** For tests: a session of their own (e.g. with a fake transport) and a clock. */
    SmtpConnections(Session session, LongSupplier nanoTime) {
        this.session = session;
        this.nanoTime = nanoTime;
    }

    /**
     * Payara hands the {@code <property>} values of the mail resource to the Session as written when the
     * resource is first looked up early (this bean starts with the application): {@code mail.smtp.port} would
     * be {@code ${ENV=RENRAKU_SMTP_PORT:25}}, which Angus reads as the default port 25, and AUTH and STARTTLS
     * as off. So the session is made here from the resolved values, with the resolved password.
     */
    @PostConstruct
    void resolve() {
        session = MailSessions.resolved(resource);
    }

    /** The session to compose the application's mail with (From, charset), and to send it. */
    public Session session() {
        return session;
    }

    /** Sends the message, already {@code saveChanges()}d, to the recipients. */
    public void send(Message message, Address[] recipients) throws MessagingException {
        Transport kept = take();
        if (kept != null) {
            try {
                kept.sendMessage(message, recipients);
                release(kept);
                return;
            } catch (MessagingException e) {
                close(kept);
                if (refusedRecipients(e)) {
                    throw e; // the relay answered about the mail itself: a new connection would hear the same
                }
                LOG.fine(() -> "Kept SMTP connection failed (" + e + "); sending over a new one");
            }
        }
        Transport fresh = session.getTransport(recipients[0]);
        try {
            fresh.connect();
            fresh.sendMessage(message, recipients);
        } catch (MessagingException e) {
            close(fresh);
            throw e;
        }
        release(fresh);
    }

    /** Closes the waiting connections unused for longer than {@link #MAX_IDLE_TIME}. */
    public void closeStale() {
        List<Transport> stale = new ArrayList<>();
        synchronized (idle) {
            long now = nanoTime.getAsLong();
            idle.removeIf(k -> {
                boolean old = now - k.since() > MAX_IDLE_TIME.toNanos();
                if (old) {
                    stale.add(k.transport());
                }
                return old;
            });
        }
        stale.forEach(SmtpConnections::close);
    }

    @PreDestroy
    public void closeAll() {
        List<Transport> all = new ArrayList<>();
        synchronized (idle) {
            idle.forEach(k -> all.add(k.transport()));
            idle.clear();
        }
        all.forEach(SmtpConnections::close);
    }

    /** How many connections wait for a mail (tests). */
    int idleCount() {
        synchronized (idle) {
            return idle.size();
        }
    }

    private Transport take() {
        List<Transport> stale = new ArrayList<>();
        Transport found = null;
        synchronized (idle) {
            long now = nanoTime.getAsLong();
            while (found == null && !idle.isEmpty()) {
                Kept k = idle.pollLast();
                // no isConnected(): Angus asks the relay (NOOP) each time; a dead connection fails the send instead
                if (now - k.since() > MAX_IDLE_TIME.toNanos()) {
                    stale.add(k.transport());
                } else {
                    found = k.transport();
                }
            }
        }
        stale.forEach(SmtpConnections::close);
        return found;
    }

    void release(Transport transport) {
        synchronized (idle) {
            if (idle.size() < MAX_IDLE) {
                idle.addLast(new Kept(transport, nanoTime.getAsLong()));
                return;
            }
        }
        close(transport);
    }

    /** The relay refused recipients (an answer about this mail, not a broken connection). */
    private static boolean refusedRecipients(MessagingException e) {
        return e instanceof SendFailedException refused && refused.getInvalidAddresses() != null
                && refused.getInvalidAddresses().length > 0;
    }

    private static void close(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.fine(() -> "Closing an SMTP connection: " + e);
        }
    }
}
