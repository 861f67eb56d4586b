package org.renraku.inbound.boundary;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.renraku.inbound.control.Idle;
import org.renraku.inbound.control.InboundClassifier;
import org.renraku.inbound.control.InboundClassifier.Screening;
import org.renraku.inbound.control.JoinAddresses;
import org.renraku.inbound.entity.InboundOutcome;

/**
 * Watches one IMAP mailbox: connect, handle every mail in INBOX, wait (IDLE, or sleep when the server has no
 * IDLE), again; on any connection failure back off (1 s doubling to 60 s) and reconnect — it never gives up
 * while the application runs. A mail is deleted and expunged once {@link InboundMails} has recorded it, so it is
 * handled once; a mail that cannot even be recorded (database down) stays for the next round.
 */
final class MailboxWatcher implements Runnable {

    private static final Logger LOG = Logger.getLogger(MailboxWatcher.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final Session session;
    private final String slug; // null: the catch-all mailbox
    private final String user;
    private final String password;
    private final String joinDomain;
    private final InboundMails inboundMails;
    private final int pollSeconds;
    private final BooleanSupplier running;
    private volatile Folder folder;
    private volatile Store store;
    private volatile Thread thread;
    private volatile boolean stopped;

    MailboxWatcher(Session session, String slug, String user, String password, String joinDomain,
                   InboundMails inboundMails, int pollSeconds, BooleanSupplier running) {
        this.session = session;
        this.slug = slug;
        this.user = user;
        this.password = password;
        this.joinDomain = joinDomain;
        this.inboundMails = inboundMails;
        this.pollSeconds = pollSeconds;
        this.running = running;
    }

    void thread(Thread thread) {
        this.thread = thread;
    }

    private boolean active() {
        return !stopped && running.getAsBoolean();
    }

    @Override
    public void run() {
        Duration backoff = Duration.ofSeconds(1);
        boolean warned = false;
        while (active()) {
            try (Store s = session.getStore("imap")) {
                store = s;
                s.connect(user, password);
                Folder inbox = s.getFolder("INBOX");
                inbox.open(Folder.READ_WRITE);
                folder = inbox;
                if (warned) {
                    LOG.info(() -> "Inbound mailbox " + user + " reachable again");
                }
                backoff = Duration.ofSeconds(1);
                warned = false;
                boolean idle = true;
                while (active() && inbox.isOpen()) {
                    drain(inbox);
                    if (!active()) {
                        break;
                    }
                    if (inbox.getMessageCount() > 0) {
                        continue; // arrived while we were busy: the server told us in a response, IDLE would not
                    }
                    if (idle) {
                        try {
                            idle = Idle.await(inbox);
                        } catch (LinkageError e) {
                            idle = false;
                        }
                    }
                    if (!idle) {
                        sleep(Duration.ofSeconds(Math.max(1, pollSeconds)));
                    }
                }
            } catch (Exception e) {
                if (!active()) {
                    break;
                }
                if (!warned) {
                    LOG.warning(() -> "Inbound mailbox " + user + ": " + e + "; retrying with back-off");
                    warned = true;
                } else {
                    LOG.fine(() -> "Inbound mailbox " + user + ": " + e);
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                folder = null;
                store = null;
            }
        }
    }

    /** Handles every mail now in the folder, then expunges them. */
    private void drain(Folder inbox) throws MessagingException {
        Message[] messages = inbox.getMessages();
        if (messages.length == 0) {
            return;
        }
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.SIZE);
        profile.add(FetchProfile.Item.ENVELOPE);
        inbox.fetch(messages, profile);
        for (Message message : messages) {
            if (!active()) {
                break;
            }
            if (message.isExpunged() || message.isSet(Flags.Flag.DELETED)) {
                continue;
            }
            handle((MimeMessage) message);
            message.setFlag(Flags.Flag.DELETED, true);
        }
        inbox.expunge();
    }

    /** One mail: never throws for anything the mail holds; throws only when not even a record could be written. */
    private void handle(MimeMessage message) throws MessagingException {
        long size = Math.max(0, message.getSize());
        String messageId = firstHeader(message, "Message-ID");
        String target = slug;
        String from = null;
        try {
            if (target == null) {
                target = JoinAddresses.slug(message, joinDomain).orElse(null);
            }
            from = InboundClassifier.sender(message).map(Object::toString).orElse(null);
        } catch (MessagingException | RuntimeException e) {
            LOG.fine(() -> "Unreadable headers: " + e);
        }
        if (InboundClassifier.oversized(size)) {
            inboundMails.recordAside(target, messageId, from, InboundOutcome.OVERSIZED,
                    "size " + size + " bytes over " + InboundClassifier.MAX_SIZE_BYTES, size);
            return;
        }
        MimeMessage copy;
        try {
            copy = new MimeMessage(message); // fetches the whole mail once, parsed locally
        } catch (MessagingException | RuntimeException e) {
            inboundMails.recordAside(target, messageId, from, InboundOutcome.MALFORMED,
                    "cannot fetch or parse: " + InboundClassifier.oneLine(String.valueOf(e.getMessage()), 200), size);
            return;
        }
        Screening screening = InboundClassifier.screen(copy);
        try {
            InboundOutcome outcome = inboundMails.handle(target, messageId, size, screening);
            String t = target;
            LOG.fine(() -> "Inbound mail for " + t + ": " + outcome);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Inbound mail for " + target + " failed: " + e, e);
            inboundMails.recordAside(target, messageId, from, InboundOutcome.FAILED,
                    InboundClassifier.oneLine(e.toString(), 400), size);
        }
    }

    private static String firstHeader(MimeMessage message, String name) {
        try {
            String[] values = message.getHeader(name);
            return values == null || values.length == 0 ? null : InboundClassifier.oneLine(values[0], 255);
        } catch (MessagingException e) {
            return null;
        }
    }

    /** Ends an IDLE (another command on the folder terminates it) so the loop looks at the mailbox again. */
    void kick() {
        Folder f = folder;
        if (f != null && f.isOpen()) {
            try {
                f.getMessageCount();
            } catch (Exception e) {
                LOG.fine(() -> "Kick of " + user + ": " + e);
            }
        }
    }

    void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        kick();
    }

    void join(Duration timeout) {
        Thread t = thread;
        if (t == null) {
            return;
        }
        try {
            t.join(timeout.toMillis());
            if (t.isAlive()) {
                Store s = store;
                if (s != null) {
                    s.close();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (MessagingException e) {
            LOG.fine(() -> "Closing " + user + ": " + e);
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
