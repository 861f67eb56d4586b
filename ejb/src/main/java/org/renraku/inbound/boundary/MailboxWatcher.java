package org.renraku.inbound.boundary;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.renraku.inbound.control.AngusImap;
import org.renraku.inbound.control.InboundClassifier;
import org.renraku.inbound.control.InboundClassifier.Screening;
import org.renraku.answers.control.AnswerAddresses;
import org.renraku.broadcasts.control.PostingAddresses;
import org.renraku.inbound.control.JoinAddresses;
import org.renraku.inbound.control.Lanes;
import org.renraku.inbound.entity.InboundOutcome;

/**
 * Watches one IMAP mailbox: connect, handle every mail in INBOX, wait (IDLE, or sleep when the server has no
 * IDLE), again; on any connection failure back off (1 s doubling to 60 s) and reconnect — it never gives up
 * while the application runs. A mail is deleted and expunged once {@link InboundMails} has recorded it, so it is
 * handled once; a mail that cannot even be recorded (database down) stays for the next round.
 * <p>
 * The mails found at a time are fetched whole in one IMAP command and recorded in parallel on the reader's
 * handler threads — each in a transaction of its own — except that mails sharing a sender or a Message-ID
 * go one after the other ({@link Lanes}); the reply to each leaves as soon as its transaction has committed.
 */
final class MailboxWatcher implements Runnable {

    private static final Logger LOG = Logger.getLogger(MailboxWatcher.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /** At most this many mails, and about this many bytes, are fetched and handled at a time. */
    static final int CHUNK_MAILS = 100;
    static final long CHUNK_BYTES = 16L * 1024 * 1024;

    private final Session session;
    private final String slug; // null: the catch-all mailbox
    private final String user;
    private final String password;
    private final String joinDomain;
    private final InboundMails inboundMails;
    private final ExecutorService handlers;
    private final int pollSeconds;
    private final BooleanSupplier running;
    private volatile Folder folder;
    private volatile Store store;
    private volatile Thread thread;
    private volatile boolean stopped;
    private boolean prefetch = true;
    private volatile boolean wake = true;

    MailboxWatcher(Session session, String slug, String user, String password, String joinDomain,
                   InboundMails inboundMails, ExecutorService handlers, int pollSeconds, BooleanSupplier running) {
        this.session = session;
        this.slug = slug;
        this.user = user;
        this.password = password;
        this.joinDomain = joinDomain;
        this.inboundMails = inboundMails;
        this.handlers = handlers;
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
                // new mail reported while an IDLE starts would not end it: end it then (on Jakarta Mail's event thread)
                inbox.addMessageCountListener(new MessageCountAdapter() {
                    @Override
                    public void messagesAdded(MessageCountEvent e) {
                        kick();
                    }
                });
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
                            idle = AngusImap.idle(inbox);
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

    /**
     * Handles every mail now in the folder, a chunk at a time: fetch the chunk whole (one command), read each
     * mail, record them in parallel lanes ({@link Lanes}), then mark the recorded ones deleted (one command)
     * and expunge. A mail whose record could not be written stays in the mailbox, and the failure ends the
     * connection (back-off, then a new round).
     */
    private void drain(Folder inbox) throws MessagingException {
        Message[] messages = inbox.getMessages();
        if (messages.length == 0) {
            return;
        }
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.SIZE);
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(FetchProfile.Item.FLAGS); // copying a message asks for its flags: not one round trip each
        inbox.fetch(messages, profile);
        List<MimeMessage> pending = new ArrayList<>();
        for (Message message : messages) {
            if (!message.isExpunged() && !message.isSet(Flags.Flag.DELETED)) {
                pending.add((MimeMessage) message);
            }
        }
        for (List<MimeMessage> chunk : chunks(pending)) {
            if (!active()) {
                break;
            }
            handleChunk(inbox, chunk);
        }
    }

    /** Chunks of at most {@link #CHUNK_MAILS} mails and {@link #CHUNK_BYTES} (oversized ones, never fetched, not counted). */
    static List<List<MimeMessage>> chunks(List<MimeMessage> pending) {
        List<List<MimeMessage>> chunks = new ArrayList<>();
        List<MimeMessage> chunk = new ArrayList<>();
        long bytes = 0;
        for (MimeMessage message : pending) {
            long size = sizeOf(message);
            long counted = InboundClassifier.oversized(size) ? 0 : size;
            if (!chunk.isEmpty() && (chunk.size() >= CHUNK_MAILS || bytes + counted > CHUNK_BYTES)) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(message);
            bytes += counted;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private void handleChunk(Folder inbox, List<MimeMessage> chunk) throws MessagingException {
        Message[] whole = chunk.stream().filter(m -> !InboundClassifier.oversized(sizeOf(m))).toArray(Message[]::new);
        if (prefetch) {
            try {
                AngusImap.fetchWhole(inbox, whole);
            } catch (LinkageError e) {
                prefetch = false; // Angus not visible: each mail is fetched when read
            }
        }
        List<Received> mails = new ArrayList<>();
        for (MimeMessage message : chunk) {
            mails.add(read(message));
        }
        List<Received> recorded = new ArrayList<>();
        RuntimeException failure = recordInLanes(mails, recorded);
        if (!recorded.isEmpty()) {
            inbox.setFlags(recorded.stream().map(Received::source).toArray(Message[]::new),
                    new Flags(Flags.Flag.DELETED), true);
            inbox.expunge();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Records the mails, lanes in parallel on the handler threads; fills {@code recorded} with those recorded and
     * returns the first failure (a record that could not be written), or null.
     */
    private RuntimeException recordInLanes(List<Received> mails, List<Received> recorded) {
        List<List<Received>> lanes = Lanes.of(mails,
                r -> r.from() == null ? null : r.from().toLowerCase(Locale.ROOT), Received::messageId);
        Set<Received> done = ConcurrentHashMap.newKeySet();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (List<Received> lane : lanes) {
            tasks.add(() -> {
                for (Received mail : lane) {
                    if (!active()) {
                        break;
                    }
                    record(mail);
                    done.add(mail);
                }
                return null;
            });
        }
        RuntimeException failure = null;
        try {
            for (Future<Void> f : handlers.invokeAll(tasks)) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } catch (RejectedExecutionException e) {
            stopped = true; // the reader is stopping
        }
        mails.stream().filter(done::contains).forEach(recorded::add);
        return failure;
    }

    /** What the mail is, read from the (fetched) message without a transaction; never throws for its content. */
    private Received read(MimeMessage message) {
        long size = sizeOf(message);
        String messageId = firstHeader(message, "Message-ID");
        String target = slug;
        String from = null;
        try {
            if (target == null) {
                target = JoinAddresses.localPart(message, joinDomain).orElse(null); // slug[+detail]
            } else if (target.indexOf('+') < 0) {
                // a network's own mailbox (per-network mode): a posting address of this network in the
                // recipient headers is what the catch-all mailbox would route by, so it is honoured here too
                String local = JoinAddresses.localPart(message, joinDomain).orElse(null);
                if (local != null && JoinAddresses.slugOf(local).equals(target)
                        && JoinAddresses.detailOf(local)
                                .filter(d -> PostingAddresses.isPosting(d) || AnswerAddresses.isReply(d)).isPresent()) {
                    target = local;
                }
            }
            from = InboundClassifier.sender(message).map(Object::toString).orElse(null);
        } catch (MessagingException | RuntimeException e) {
            LOG.fine(() -> "Unreadable headers: " + e);
        }
        if (InboundClassifier.oversized(size)) {
            return Received.aside(message, target, messageId, from, size, InboundOutcome.OVERSIZED,
                    "size " + size + " bytes over " + InboundClassifier.MAX_SIZE_BYTES);
        }
        MimeMessage copy;
        try {
            copy = new MimeMessage(message); // parsed locally (fetched whole before)
        } catch (MessagingException | RuntimeException e) {
            return Received.aside(message, target, messageId, from, size, InboundOutcome.MALFORMED,
                    "cannot fetch or parse: " + InboundClassifier.oneLine(String.valueOf(e.getMessage()), 200));
        }
        return new Received(message, target, messageId, from, size, InboundClassifier.screen(copy), null, null);
    }

    /** One mail into the database: throws only when not even a record could be written. */
    private void record(Received mail) {
        if (mail.aside() != null) {
            inboundMails.recordAside(mail.target(), mail.messageId(), mail.from(), mail.aside(), mail.reason(),
                    mail.size());
            return;
        }
        try {
            InboundOutcome outcome = inboundMails.handle(mail.target(), mail.messageId(), mail.size(), mail.screening());
            LOG.fine(() -> "Inbound mail for " + mail.target() + ": " + outcome);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Inbound mail for " + mail.target() + " failed: " + e, e);
            inboundMails.recordAside(mail.target(), mail.messageId(), mail.from(), InboundOutcome.FAILED,
                    InboundClassifier.oneLine(e.toString(), 400), mail.size());
        }
    }

    /** A mail as read from the mailbox: to handle ({@code screening}), or to set aside ({@code aside}, {@code reason}). */
    private record Received(MimeMessage source, String target, String messageId, String from, long size,
                            Screening screening, InboundOutcome aside, String reason) {

        static Received aside(MimeMessage source, String target, String messageId, String from, long size,
                              InboundOutcome outcome, String reason) {
            return new Received(source, target, messageId, from, size, null, outcome, reason);
        }

        // identity, not the record's value equality: two mails may read alike
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private static long sizeOf(MimeMessage message) {
        try {
            return Math.max(0, message.getSize());
        } catch (MessagingException e) {
            return 0;
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
                if (wake) {
                    AngusImap.wake(f);
                } else {
                    f.getMessageCount();
                }
            } catch (LinkageError e) {
                wake = false;
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
