package org.renraku.inbound.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.mail.Session;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.inbound.control.JoinAddresses;
import org.renraku.platform.control.ResourceProperties;

/**
 * Reads the mail sent to the join addresses, over IMAP, from the start of the application to its undeployment.
 * <p>
 * The mailbox is the mail resource {@code java:app/mail/renraku-inbound} (host, port, user, password, TLS from
 * {@code RENRAKU_INBOUND_*}, see glassfish-resources.xml). {@code renraku.inbound.mailboxes}:
 * <ul>
 * <li>{@code catch-all} (production, and the integration tests' Postfix and Dovecot of ear/bin/mailpath): one
 * mailbox receives every {@code <slug>@<renraku.join-domain>}; the network is found from the recipient headers
 * (Delivered-To first, written by the delivering server);</li>
 * <li>{@code per-network} (ear/bin/run: GreenMail has no catch-all): one mailbox per join address, logged
 * into as {@code <slug>@<join domain>}, and one per posting address (代理配信, {@code <slug>+post-<secret>}); new
 * networks and posting addresses are picked up every {@code renraku.inbound.discover-seconds}.</li>
 * </ul>
 * Each mailbox is watched by a {@link MailboxWatcher} on a thread of the container's ManagedThreadFactory: IMAP
 * IDLE where the server has it, polling every {@code renraku.inbound.poll-seconds} otherwise; a lost connection is
 * retried with back-off, forever. Each mail goes to {@link InboundMails} and is then deleted and expunged; the
 * mails a watcher finds at once are handled in parallel by {@code renraku.inbound.handlers} threads (default 4)
 * shared by all watchers.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class InboundReader {

    private static final Logger LOG = Logger.getLogger(InboundReader.class.getName());
    public static final String CATCH_ALL = "catch-all";
    public static final String PER_NETWORK = "per-network";

    @Resource(lookup = "java:app/mail/renraku-inbound")
    Session resource;

    /** The resource's session with its {@code ${ENV=…}} property values resolved (see ResourceProperties). */
    private Session session;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    InboundMails inboundMails;

    @Inject
    @ConfigProperty(name = "renraku.join-domain")
    String joinDomain;

    @Inject
    @ConfigProperty(name = "renraku.inbound.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "renraku.inbound.mailboxes", defaultValue = CATCH_ALL)
    String mode;

    @Inject
    @ConfigProperty(name = "renraku.inbound.poll-seconds", defaultValue = "30")
    int pollSeconds;

    @Inject
    @ConfigProperty(name = "renraku.inbound.discover-seconds", defaultValue = "2")
    int discoverSeconds;

    @Inject
    @ConfigProperty(name = "renraku.inbound.handlers", defaultValue = "4")
    int handlerThreads;

    /** Records the mails the watchers found (each in a transaction), in parallel. */
    private ThreadPoolExecutor handlers;

    private final Map<String, MailboxWatcher> watchers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread supervisor;

    @PostConstruct
    void start() {
        if (!enabled) {
            LOG.info("Inbound mail reader disabled (renraku.inbound.enabled=false)");
            return;
        }
        session = Session.getInstance(ResourceProperties.resolve(resource.getProperties(), System::getenv));
        AtomicInteger number = new AtomicInteger();
        int n = Math.max(1, handlerThreads);
        handlers = new ThreadPoolExecutor(n, n, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = threads.newThread(task);
            thread.setName("renraku-inbound-handler-" + number.incrementAndGet());
            return thread;
        });
        handlers.prestartAllCoreThreads(); // here, with this bean's context
        running = true;
        boolean perNetwork = PER_NETWORK.equalsIgnoreCase(mode.strip());
        LOG.info(() -> "Inbound mail reader: " + (perNetwork ? PER_NETWORK : CATCH_ALL) + " mailboxes of "
                + joinDomain + " on " + session.getProperty("mail.imap.host") + ":" + session.getProperty("mail.imap.port"));
        if (!perNetwork) {
            String user = property("mail.imap.user", property("mail.user", ""));
            startWatcher(CATCH_ALL, null, user);
        }
        supervisor = threads.newThread(() -> supervise(perNetwork));
        supervisor.setName("renraku-inbound-supervisor");
        supervisor.start();
    }

    /** Starts watchers for new networks (per-network mode) and wakes idle folders now and then. */
    private void supervise(boolean perNetwork) {
        long lastKick = System.nanoTime();
        while (running) {
            try {
                if (perNetwork) {
                    List<String> slugs = inboundMails.watchedSlugs();
                    for (String slug : slugs) {
                        if (!watchers.containsKey(slug)) {
                            startWatcher(slug, slug, JoinAddresses.address(slug, joinDomain));
                        }
                    }
                    // 代理配信: each posting address <slug>+post-<secret> is a mailbox of its own here
                    for (String local : inboundMails.postingLocalParts()) {
                        if (!watchers.containsKey(local)) {
                            startWatcher(local, local, local + "@" + joinDomain);
                        }
                    }
                    // answers (#7, #13): a recipient's reply address <slug>+r-<answer token> has no mailbox of its
                    // own; the network's watcher routes by the reply address in the recipient headers
                }
                if (System.nanoTime() - lastKick > Duration.ofSeconds(pollSeconds).toNanos()) {
                    watchers.values().forEach(MailboxWatcher::kick);
                    lastKick = System.nanoTime();
                }
            } catch (RuntimeException e) {
                // while undeploying, the database pool may go before this thread has seen the stop
                LOG.log(running ? Level.WARNING : Level.FINE, "Inbound supervisor: " + e, e);
            }
            try {
                Thread.sleep(Duration.ofSeconds(Math.max(1, discoverSeconds)).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void startWatcher(String key, String slug, String user) {
        // GreenMail (per-network, authentication disabled) takes any password; some clients refuse an empty one
        String password = property("mail.imap.password", slug == null ? "" : user);
        MailboxWatcher watcher = new MailboxWatcher(session, slug, user, password,
                joinDomain, inboundMails, handlers, pollSeconds, () -> running);
        if (watchers.putIfAbsent(key, watcher) == null) {
            Thread thread = threads.newThread(watcher);
            thread.setName("renraku-inbound-" + key);
            watcher.thread(thread);
            thread.start();
        }
    }

    private String property(String name, String otherwise) {
        String value = session.getProperty(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    @PreDestroy
    void stop() {
        running = false;
        if (supervisor != null) {
            supervisor.interrupt();
        }
        watchers.values().forEach(MailboxWatcher::stop);
        watchers.values().forEach(w -> w.join(Duration.ofSeconds(5)));
        watchers.clear();
        if (handlers != null) {
            handlers.shutdownNow();
        }
        LOG.info("Inbound mail reader stopped");
    }
}
