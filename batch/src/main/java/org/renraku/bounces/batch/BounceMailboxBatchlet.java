package org.renraku.bounces.batch;

import jakarta.annotation.Resource;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.bounces.boundary.BounceIntake;
import org.renraku.inbound.control.AngusImap;
import org.renraku.platform.control.ResourceProperties;

/**
 * The bounce mailbox, read once through: every mail in its INBOX is fetched (whole, a batch at a time), handed to
 * {@link BounceIntake} (classified, tied to our delivery, the policy applied, logged — one transaction per mail)
 * and then moved: to {@code renraku.bounces.processed-folder} (Processed) or, when it could not be read or tied
 * to one of our deliveries, to {@code renraku.bounces.quarantine-folder} (Quarantine); a mail to the
 * {@code mailto:} unsubscribe address ({@code unsubscribe+<token>@}) unsubscribes its member and goes to Processed,
 * or to Quarantine when its token does not verify; the reason is in
 * {@code bounce_mails}. A mail whose handling fails stays in the INBOX for the next run (marked with an IMAP keyword
 * counting the failed runs) and the job carries on with the others; after {@link #MAX_TRIES} failed runs it is
 * quarantined with the last failure as its reason, never retried forever. Nothing is deleted before it has been copied. Mailbox: the resource
 * {@code java:app/mail/renraku-bounces} ({@code RENRAKU_BOUNCE_IMAP_*}).
 */
@Named("bounceMailbox")
@Dependent
public class BounceMailboxBatchlet extends AbstractBatchlet {

    private static final Logger LOG = Logger.getLogger(BounceMailboxBatchlet.class.getName());
    static final int BATCH = 200;
    /** Larger mails are not fetched: quarantined by size (a bounce returns at most the headers of a big mail). */
    static final int MAX_BYTES = 20 * 1024 * 1024;

    @Resource(lookup = "java:app/mail/renraku-bounces")
    Session resource;

    @Inject
    BounceIntake intake;

    /** Threads of its own for each batch (as AsyncMailer and the inbound reader have), not the server-wide executor. */
    @Resource
    ManagedThreadFactory threads;

    /** How many mails are handed to the intake at once (each its own transaction). */
    @Inject
    @ConfigProperty(name = "renraku.bounces.parallel", defaultValue = "8")
    int parallel;

    @Inject
    StepContext step;

    @Inject
    @ConfigProperty(name = "renraku.bounces.processed-folder", defaultValue = "Processed")
    String processedFolder;

    @Inject
    @ConfigProperty(name = "renraku.bounces.quarantine-folder", defaultValue = "Quarantine")
    String quarantineFolder;

    private volatile boolean stopping;

    @Override
    public String process() throws Exception {
        Properties p = ResourceProperties.resolve(resource.getProperties(), System::getenv);
        Session session = Session.getInstance(p);
        int recorded = 0;
        int ignored = 0;
        int quarantined = 0;
        int unsubscribed = 0;
        int failed = 0;
        try (Store store = session.getStore("imap")) {
            store.connect(p.getProperty("mail.imap.host"), Integer.parseInt(p.getProperty("mail.imap.port", "143")),
                    p.getProperty("mail.imap.user"), p.getProperty("mail.imap.password", ""));
            Folder inbox = store.getFolder("INBOX");
            Folder processed = folder(store, processedFolder);
            Folder quarantine = folder(store, quarantineFolder);
            inbox.open(Folder.READ_WRITE);
            try {
                Message[] all = inbox.getMessages();
                for (int from = 0; from < all.length && !stopping; from += BATCH) {
                    Message[] batch = Arrays.copyOfRange(all, from, Math.min(all.length, from + BATCH));
                    // sizes and arrival dates of the batch in one command, not a round trip per message
                    FetchProfile sizes = new FetchProfile();
                    sizes.add(FetchProfile.Item.SIZE);
                    sizes.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
                    inbox.fetch(batch, sizes);
                    AngusImap.fetchWhole(inbox, withinSize(batch));
                    // the bytes are read here, one after the other (the IMAP connection is one); the intake — one
                    // transaction per mail — runs on up to renraku.bounces.parallel threads. Two bounces of one
                    // member still go one after the other: the policy locks the member's row.
                    Fetched[] mails = new Fetched[batch.length];
                    Outcome[] outcomes = new Outcome[batch.length];
                    for (int i = 0; i < batch.length; i++) {
                        try {
                            mails[i] = Fetched.of(batch[i]);
                        } catch (MessagingException | IOException | RuntimeException e) {
                            outcomes[i] = new Outcome(null, e);
                        }
                    }
                    inParallel(batch.length, i -> {
                        if (outcomes[i] == null) {
                            outcomes[i] = handle(mails[i]);
                        }
                    });
                    List<Message> toProcessed = new ArrayList<>();
                    List<Message> toQuarantine = new ArrayList<>();
                    for (int i = 0; i < batch.length; i++) {
                        BounceIntake.Result r = outcomes[i].result();
                        if (r == null) {
                            int tries = triesSoFar(batch[i]) + 1;
                            if (tries < MAX_TRIES) {
                                failed++; // stays in the INBOX, marked: the next run tries again
                                markTried(batch[i], tries);
                                LOG.log(Level.WARNING, "Bounce mail " + batch[i].getMessageNumber() + " not handled ("
                                        + tries + " of " + MAX_TRIES + " tries); kept for the next run",
                                        outcomes[i].failure());
                                continue;
                            }
                            // never retried forever: after MAX_TRIES failed runs it is quarantined with the reason
                            r = gaveUp(mails[i], tries, outcomes[i].failure());
                        }
                        switch (r.disposition()) {
                            case RECORDED -> recorded++;
                            case IGNORED, DUPLICATE -> ignored++;
                            case QUARANTINED -> quarantined++;
                            case UNSUBSCRIBED -> unsubscribed++;
                        }
                        (r.quarantine() ? toQuarantine : toProcessed).add(batch[i]);
                    }
                    move(inbox, toProcessed, processed);
                    move(inbox, toQuarantine, quarantine);
                }
            } finally {
                inbox.close(true); // expunge what was moved
            }
        }
        String summary = "recorded=" + recorded + " ignored=" + ignored + " quarantined=" + quarantined
                + " unsubscribed=" + unsubscribed + " failed=" + failed;
        LOG.info(() -> "Bounce mailbox: " + summary);
        step.setExitStatus(summary);
        return summary;
    }

    /** How many runs may fail to handle one mail before it is quarantined. */
    static final int MAX_TRIES = 3;
    /** The IMAP keyword that counts a mail's failed runs ({@code renraku-tried-1}, …). */
    static final String TRIED = "renraku-tried-";

    private static void markTried(Message m, int tries) {
        try {
            m.setFlags(new Flags(TRIED + tries), true);
        } catch (MessagingException | RuntimeException e) {
            LOG.log(Level.WARNING, "Bounce mail " + m.getMessageNumber() + ": could not count the failed run", e);
        }
    }

    /** The failed runs a mail's keywords record so far (0 when they cannot be read). */
    static int triesSoFar(Message m) {
        String[] flags;
        try {
            flags = m.getFlags().getUserFlags();
        } catch (MessagingException | RuntimeException e) {
            LOG.log(Level.FINE, "keywords not readable", e);
            return 0;
        }
        int most = 0;
        for (String flag : flags) {
            if (flag.startsWith(TRIED)) {
                try {
                    most = Math.max(most, Integer.parseInt(flag.substring(TRIED.length())));
                } catch (NumberFormatException e) {
                    LOG.fine(() -> "not a try count: " + flag);
                }
            }
        }
        return most;
    }

    /** A mail that failed {@code tries} runs: recorded as quarantined with the last failure, or at least logged. */
    private BounceIntake.Result gaveUp(Fetched mail, int tries, Exception failure) {
        String why = "not handled in " + tries + " runs: " + (failure == null ? "unknown failure"
                : failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
        try {
            return mail == null ? new BounceIntake.Result(BounceIntake.Disposition.QUARANTINED, why, 0)
                    : intake.gaveUp(mail.raw(), mail.size(), mail.received(), why);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Bounce mail quarantined without a record: " + why, e);
            return new BounceIntake.Result(BounceIntake.Disposition.QUARANTINED, why, 0);
        }
    }

    /** One mail as read from the mailbox: its bytes (null when too large to fetch), size and arrival. */
    record Fetched(byte[] raw, int size, Instant received) {
        static Fetched of(Message m) throws MessagingException, IOException {
            int size = m.getSize();
            return new Fetched(size > MAX_BYTES ? null : BounceMailboxBatchlet.raw(m), size,
                    m.getReceivedDate() == null ? null : m.getReceivedDate().toInstant());
        }
    }

    /** What became of one mail: the intake's result, or why it could not be handled. */
    record Outcome(BounceIntake.Result result, Exception failure) {
    }

    private Outcome handle(Fetched mail) {
        try {
            return new Outcome(mail.raw() == null ? intake.tooLarge(mail.size(), mail.received())
                    : intake.accept(mail.raw(), mail.received()), null);
        } catch (RuntimeException e) {
            return new Outcome(null, e);
        }
    }

    /** Runs {@code work} for 0..n-1 on up to {@code parallel} threads (this one included); returns when all ran. */
    private void inParallel(int n, IntConsumer work) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < n; ) {
                work.accept(i);
            }
        };
        List<Thread> helpers = new ArrayList<>();
        for (int t = 1; t < Math.min(parallel, n); t++) {
            Thread helper = threads.newThread(worker);
            helper.setName("bounce-intake-" + t);
            helper.start();
            helpers.add(helper);
        }
        worker.run();
        for (Thread helper : helpers) {
            helper.join();
        }
    }

    @Override
    public void stop() {
        stopping = true;
    }

    private static Message[] withinSize(Message[] batch) throws MessagingException {
        List<Message> small = new ArrayList<>();
        for (Message m : batch) {
            if (m.getSize() <= MAX_BYTES) {
                small.add(m);
            }
        }
        return small.toArray(Message[]::new);
    }

    private static byte[] raw(Message m) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, m.getSize()));
        m.writeTo(out);
        return out.toByteArray();
    }

    private static Folder folder(Store store, String name) throws MessagingException {
        Folder f = store.getFolder(name);
        if (!f.exists()) {
            f.create(Folder.HOLDS_MESSAGES);
        }
        return f;
    }

    /** Copies, then marks deleted (expunged when the INBOX closes): a mail is never gone before it is copied. */
    private static void move(Folder inbox, List<Message> messages, Folder to) throws MessagingException {
        if (messages.isEmpty()) {
            return;
        }
        Message[] array = messages.toArray(Message[]::new);
        inbox.copyMessages(array, to);
        inbox.setFlags(array, new Flags(Flags.Flag.DELETED), true);
    }
}
