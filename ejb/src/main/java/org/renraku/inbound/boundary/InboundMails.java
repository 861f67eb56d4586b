package org.renraku.inbound.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.answers.boundary.Answers;
import org.renraku.answers.control.AnswerAddresses;
import org.renraku.broadcasts.boundary.Postings;
import org.renraku.broadcasts.control.ComposerSettings;
import org.renraku.broadcasts.control.PostingAddresses;
import org.renraku.inbound.control.InboundClassifier;
import org.renraku.inbound.control.JoinAddresses;
import org.renraku.inbound.control.InboundClassifier.Intent;
import org.renraku.inbound.control.InboundClassifier.Screening;
import org.renraku.inbound.control.InboundTexts;
import org.renraku.inbound.control.ServiceAddresses;
import org.renraku.inbound.entity.InboundMail;
import org.renraku.inbound.entity.InboundOutcome;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.members.boundary.RegistrationOutcome;
import org.renraku.members.boundary.Members;
import org.renraku.members.boundary.Registrations;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Language;

/**
 * The join-by-mail flow, one mail per transaction: the reader ({@link InboundReader}) hands over a screened
 * mail; this decides, acts (registration link, 退会 confirmation link, inquiry, a short refusal) and records the outcome in
 * inbound_mails. Mail from the service's own addresses ({@link ServiceAddresses}) is never answered. Replies leave
 * after the commit, and only within the limits: {@code renraku.inbound.limit.per-address} replies per sender
 * (checked first) and {@code renraku.inbound.limit.per-network} per network (500) in the last hour; join password
 * failures {@code renraku.inbound.password.failures-per-*}; inquiries {@code renraku.inbound.inquiry.*}. The reader
 * handles several mails at once (never two of one sender); the limits hold under that because the network's
 * row is locked from the count of the replies to the commit of the new one.
 */
@Stateless
public class InboundMails {

    static final Duration WINDOW = Duration.ofHours(1);

    /**
     * A wrong join password is answered (「入会パスワードをご確認ください」) only when the mail's words are this short:
     * a parent's mistyped try. A longer body is a list of guesses, or mail that was never meant as a join, and gets
     * nothing (recorded PASSWORD_FAILED).
     */
    static final int REFUSAL_TEXT_MAX = 200;

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Registrations registrations;

    @Inject
    Members members;

    @Inject
    Inquiries inquiries;

    @Inject
    Event<OutgoingMail> mail;

    @Inject
    Postings postings;

    @Inject
    Answers answers;

    @Inject
    @ConfigProperty(name = "renraku.inbound.limit.per-address", defaultValue = "3")
    int perAddress;

    /** Replies to join mail in a network an hour: large enough for an entrance ceremony (入学式) of 500 joins. */
    @Inject
    @ConfigProperty(name = "renraku.inbound.limit.per-network", defaultValue = "500")
    int perNetwork;

    /** Wrong or missing join passwords from one sender an hour, after which its join mails are not evaluated. */
    @Inject
    @ConfigProperty(name = "renraku.inbound.password.failures-per-address", defaultValue = "5")
    int passwordFailuresPerAddress;

    /** Wrong or missing join passwords in a network an hour, after which its join mails are not evaluated. */
    @Inject
    @ConfigProperty(name = "renraku.inbound.password.failures-per-network", defaultValue = "100")
    int passwordFailuresPerNetwork;

    /** The service's own addresses: mail from them is never answered (loops). */
    private ServiceAddresses own;

    @PostConstruct
    void readOwnAddresses() {
        own = ServiceAddresses.of(ConfigProvider.getConfig(), ComposerSettings.fromConfiguration());
    }

    /** A network as the join flow sees it. */
    record JoinSettings(long id, String name, boolean joiningOpen, String joinPassword, boolean suspended) {
    }

    /**
     * The slugs of every network: the per-network mailboxes to watch. A suspended network's are read too, so that its
     * senders are told it is suspended, as in the catch-all mode.
     */
    @SuppressWarnings("unchecked")
    public List<String> watchedSlugs() {
        return em.createNativeQuery("SELECT slug FROM networks ORDER BY id").getResultList();
    }

    /** True when a mail with this Message-ID was handled before. */
    public boolean handledBefore(String messageId) {
        return messageId != null && em.createNamedQuery(InboundMail.COUNT_BY_MESSAGE_ID, Long.class)
                .setParameter("messageId", messageId).getSingleResult() > 0;
    }

    /** Records a mail set aside before it could be handled (oversized, malformed, failed). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordAside(String slug, String messageId, String from, InboundOutcome outcome, String reason,
                            long size) {
        Long networkId = slug == null ? null : settings(JoinAddresses.slugOf(slug)).map(JoinSettings::id).orElse(null);
        em.persist(new InboundMail(messageId, networkId, from, outcome, reason, size, clock.instant()));
    }

    /** The local parts of the posting addresses (代理配信) the per-network mode watches as mailboxes. */
    public List<String> postingLocalParts() {
        return postings.localParts();
    }

    /**
     * Handles one screened mail sent to the join address of the network {@code slug}, or — with a "+post-…"
     * detail ({@code target} is the recipient's whole local part) — to its posting address (代理配信).
     */
    public InboundOutcome handle(String target, String messageId, long size, Screening screening) {
        Instant now = clock.instant();
        String slug = target == null ? null : JoinAddresses.slugOf(target);
        String detail = target == null ? null : JoinAddresses.detailOf(target).orElse(null);
        JoinSettings network = slug == null ? null : settings(slug).orElse(null);
        Long networkId = network == null ? null : network.id();
        String from = screening.from() == null ? null : screening.from().value();
        if (handledBefore(messageId)) {
            return record(messageId, networkId, from, InboundOutcome.DUPLICATE, "Message-ID seen before", size, now);
        }
        // the service's own addresses first: noreply@ and bounce+…@ look like system senders too, but a loop is a loop
        var ownSender = screening.from() == null ? java.util.Optional.<String>empty() : own.own(screening.from());
        if (ownSender.isPresent()) {
            return record(messageId, networkId, from, InboundOutcome.OWN_SENDER, ownSender.get(), size, now);
        }
        if (!screening.actionable()) {
            return record(messageId, networkId, from, InboundOutcome.valueOf(screening.outcome()), screening.reason(),
                    size, now);
        }
        EmailAddress sender = screening.from();
        if (network == null) {
            return record(messageId, null, from, InboundOutcome.UNKNOWN_NETWORK, "no network " + slug, size, now);
        }
        if (network.suspended()) {
            return suspended(network, sender, messageId, size, now);
        }
        if (PostingAddresses.isPosting(detail)) {
            return post(network, PostingAddresses.secretOf(detail).orElse(null), messageId, size, screening, now);
        }
        if (AnswerAddresses.isReply(detail)) {
            return answer(network, detail, messageId, size, screening, now);
        }
        String status = memberStatus(network.id(), sender);
        boolean member = status != null && !"LEFT".equals(status);
        Intent intent = InboundClassifier.intent(screening.text(), network.joinPassword(), member);
        switch (intent) {
            case LEAVE -> {
                return leave(network, sender, messageId, size, now);
            }
            case INQUIRY -> {
                String limited = inquiries.keep(network.id(), sender, screening.subject(), screening.text());
                if (limited != null) {
                    return record(messageId, networkId, from, InboundOutcome.RATE_LIMITED, limited, size, now);
                }
                return record(messageId, networkId, from, InboundOutcome.INQUIRY, member ? "from a member" : "from a stranger",
                        size, now);
            }
            default -> {
                return join(network, intent, "SUSPENDED".equals(status), messageId, size, screening, now);
            }
        }
    }

    /**
     * The operator suspended the network: nothing is joined, posted, answered, left or kept; the sender
     * is told so once, within the reply limits of the join flow (a burst to the address gets one reply an hour).
     */
    private InboundOutcome suspended(JoinSettings network, EmailAddress sender, String messageId, long size,
                                     Instant now) {
        String from = sender.value();
        lockNetwork(network.id());
        String limited = limit(network.id(), from, now);
        if (limited != null) {
            return record(messageId, network.id(), from, InboundOutcome.RATE_LIMITED,
                    "network suspended by the operator; no reply, " + limited, size, now);
        }
        reply(network.id(), sender, "suspended", network.name());
        return record(messageId, network.id(), from, InboundOutcome.NETWORK_SUSPENDED,
                "network suspended by the operator: nothing done, the sender told so", size, now);
    }

    /**
     * 「退会」: the From proves nothing, so nobody leaves here; the member with that address, if any,
     * gets a confirmation link at their own address (its button leaves), within the reply limits of this flow and
     * the per-address limit of {@link Members#requestLeaveByMail}. A stranger's address gets nothing.
     */
    private InboundOutcome leave(JoinSettings network, EmailAddress sender, String messageId, long size,
                                 Instant now) {
        String from = sender.value();
        String status = memberStatus(network.id(), sender);
        if (status == null || "LEFT".equals(status)) {
            return record(messageId, network.id(), from, InboundOutcome.NOT_A_MEMBER, "退会: no member", size, now);
        }
        lockNetwork(network.id());
        String limited = limit(network.id(), from, now);
        if (limited != null) {
            return record(messageId, network.id(), from, InboundOutcome.RATE_LIMITED, "退会: " + limited, size, now);
        }
        return switch (members.requestLeaveByMail(network.id(), sender)) {
            case CONFIRMATION_SENT -> record(messageId, network.id(), from, InboundOutcome.LEAVE_CONFIRMATION_SENT,
                    "退会: confirmation link mailed to the member's address", size, now);
            case LIMITED -> record(messageId, network.id(), from, InboundOutcome.RATE_LIMITED,
                    "退会: confirmation limit of the address reached", size, now);
            case NOT_A_MEMBER -> record(messageId, network.id(), from, InboundOutcome.NOT_A_MEMBER,
                    "退会: no active member", size, now);
        };
    }

    /**
     * A join mail (blank, with words, or with the join password) or a refused password: answers the sender within
     * the limits, and keeps the words beyond blank lines, the password, signature and footers as an inquiry. Mails
     * are handled in parallel: the network's row stays locked from the counts to the commit, so two replies (or
     * failures) cannot both be counted under a limit. In order: an admin's suspension (nothing mailed, never
     * reactivated); the password failure limits (the password not even looked at); the reply limits, per sender
     * first, so one sender's burst cannot use up the network's budget for real joiners.
     */
    private InboundOutcome join(JoinSettings network, Intent intent, boolean suspended, String messageId, long size,
                                Screening screening, Instant now) {
        EmailAddress sender = screening.from();
        String from = sender.value();
        long networkId = network.id();
        if (suspended) {
            return record(messageId, networkId, from, InboundOutcome.SUSPENDED,
                    "member suspended by an admin: not reactivated, no reply", size, now);
        }
        lockNetwork(networkId);
        if (network.joinPassword() != null) {
            String slowed = passwordFailures(networkId, from, now);
            if (slowed != null) {
                return record(messageId, networkId, from, InboundOutcome.RATE_LIMITED, slowed, size, now);
            }
        }
        String limited = limit(networkId, from, now);
        if (intent != Intent.JOIN) {
            String reason = intent == Intent.PASSWORD_MISSING ? "join password missing" : "join password wrong";
            String words = InboundClassifier.extraText(screening.text(), null);
            if (words.length() > REFUSAL_TEXT_MAX) {
                return record(messageId, networkId, from, InboundOutcome.PASSWORD_FAILED, reason
                        + "; no reply: " + words.length() + " characters are no person's try", size, now);
            }
            if (limited != null) {
                return record(messageId, networkId, from, InboundOutcome.PASSWORD_FAILED, reason + "; no reply, "
                        + limited, size, now);
            }
            reply(network.id(), sender, "password", network.name());
            return record(messageId, networkId, from, InboundOutcome.PASSWORD_REFUSED, reason, size, now);
        }
        String kept = keepText(network, sender, screening);
        if (limited != null) {
            return record(messageId, networkId, from, InboundOutcome.RATE_LIMITED, limited + kept, size, now);
        }
        if (!network.joiningOpen()) {
            // the polite reply without asking Registrations: nothing to register
            reply(network.id(), sender, "closed", network.name());
            return record(messageId, networkId, from, InboundOutcome.JOINING_CLOSED, "joining closed" + kept, size,
                    now);
        }
        RegistrationOutcome outcome = registrations.startByMail(networkId, sender);
        if (outcome == RegistrationOutcome.JOINING_CLOSED) {
            reply(network.id(), sender, "closed", network.name());
        }
        return record(messageId, networkId, from, InboundOutcome.valueOf(outcome.name()),
                (network.joinPassword() == null ? "join mail" : "join password given") + kept, size, now);
    }

    /** Keeps the words of a join mail as an inquiry, within the inquiry limits; what to add to the reason. */
    private String keepText(JoinSettings network, EmailAddress sender, Screening screening) {
        String extra = InboundClassifier.extraText(screening.text(), network.joinPassword());
        if (extra.isEmpty()) {
            return "";
        }
        String limited = inquiries.keep(network.id(), sender, screening.subject(), extra);
        return limited != null ? "; text not kept, " + limited : "; text kept as an inquiry";
    }

    /**
     * Why a join mail to a network with a join password is not evaluated now, or null: the sender, or the network,
     * had too many wrong or missing passwords in the last hour ({@code renraku.inbound.password.failures-per-*}).
     */
    String passwordFailures(long networkId, String from, Instant now) {
        long[] failures = lastHour(networkId, from, now, InboundOutcome.PASSWORD_FAILURES);
        if (failures[0] >= passwordFailuresPerAddress) {
            return "join password not checked: " + failures[0] + " failures from this sender in the last hour";
        }
        if (failures[1] >= passwordFailuresPerNetwork) {
            return "join password not checked: " + failures[1] + " failures in the network in the last hour";
        }
        return null;
    }

    /**
     * A mail to the posting address: {@link Postings} checks the sender (known From AND their secret) and makes
     * and starts the broadcast; the sender gets the result, except where a reply could go to a forged or
     * unknown From (see {@link Postings.Refusal#answered()}); refusals within the reply limits.
     */
    private InboundOutcome post(JoinSettings network, String secret, String messageId, long size, Screening screening,
                                Instant now) {
        EmailAddress sender = screening.from();
        String from = sender.value();
        List<Postings.File> files = screening.attachments().stream()
                .map(a -> new Postings.File(a.fileName(), a.contentType(), a.content())).toList();
        Postings.Result result = postings.post(network.id(), secret, sender, screening.subject(), screening.text(),
                files);
        if (result.accepted()) {
            Locale language = languageOf(network.id(), sender);
            mail.fire(new OutgoingMail(sender, InboundTexts.text(language, "posting.accepted.subject", network.name()),
                    InboundTexts.text(language, "posting.accepted.body", network.name(), screening.subject(),
                            result.recipients()), "posting accepted"));
            return record(messageId, network.id(), from, InboundOutcome.POSTED, "broadcast " + result.broadcastId()
                    + " to " + result.recipients() + " members", size, now);
        }
        String reason = "posting refused: " + result.refusal().name().toLowerCase(java.util.Locale.ROOT);
        if (result.refusal().answered()) {
            lockNetwork(network.id());
            String limited = limit(network.id(), from, now);
            if (limited == null) {
                Locale language = languageOf(network.id(), sender);
                mail.fire(new OutgoingMail(sender,
                        InboundTexts.text(language, "posting.refused.subject", network.name()),
                        InboundTexts.text(language, "posting.refused.body", network.name(),
                                InboundTexts.text(language, "posting.reason." + result.refusal().name())),
                        "posting refused"));
            } else {
                reason += "; no reply, " + limited;
            }
        }
        return record(messageId, network.id(), from, InboundOutcome.POST_REFUSED, reason, size, now);
    }

    /**
     * A reply to a recipient's reply address ({@code <slug>+r-<answer token>}): the keyword
     * becomes the answer of the recipient whose token the address carries, whatever the From says. No mail goes
     * back. A reply without a keyword is kept as an inquiry, so nothing is lost; a mail to the retired shared
     * address of a broadcast, or with a bad token, records nothing but its reason.
     */
    private InboundOutcome answer(JoinSettings network, String detail, String messageId, long size,
                                  Screening screening, Instant now) {
        EmailAddress sender = screening.from();
        Answers.ReplyResult result = answers.answerByMail(network.id(), detail, sender, screening.subject(),
                screening.text());
        String from = sender.value();
        String delivery = "broadcast " + result.broadcastId() + ", member #" + result.memberId();
        return switch (result.outcome()) {
            case ANSWERED -> record(messageId, network.id(), from, InboundOutcome.ANSWERED, delivery + ": "
                    + (result.choice() == null ? "confirmed" : "choice " + result.choice()), size, now);
            case UNKNOWN_KEYWORD -> {
                inquiries.record(network.id(), sender, screening.subject(), screening.text());
                yield record(messageId, network.id(), from, InboundOutcome.ANSWER_REFUSED, delivery
                        + ": no keyword; kept as an inquiry", size, now);
            }
            case NO_DELIVERY -> record(messageId, network.id(), from, InboundOutcome.ANSWER_REFUSED,
                    delivery + ": no such delivery to a member of the network", size, now);
            case CLOSED -> record(messageId, network.id(), from, InboundOutcome.ANSWER_REFUSED,
                    delivery + ": deadline passed", size, now);
            case SHARED_ADDRESS -> record(messageId, network.id(), from, InboundOutcome.ANSWER_REFUSED,
                    "shared reply address of a broadcast: the sender is unproven, no answer recorded", size, now);
            case UNKNOWN_ADDRESS -> record(messageId, network.id(), from, InboundOutcome.ANSWER_REFUSED,
                    "unknown reply address (bad or foreign answer token)", size, now);
        };
    }

    /** Why no further reply may go out now, or null. */
    String limit(long networkId, String from, Instant now) {
        long[] replied = lastHour(networkId, from, now, InboundOutcome.REPLIED);
        if (replied[0] >= perAddress) {
            return "per-address limit: " + replied[0] + " replies in the last hour";
        }
        if (replied[1] >= perNetwork) {
            return "per-network limit: " + replied[1] + " replies in the last hour";
        }
        return null;
    }

    /** How many mails with these outcomes came in the last hour: {from this sender (any network), to this network}. */
    private long[] lastHour(long networkId, String from, Instant now, java.util.Set<InboundOutcome> outcomes) {
        Instant since = now.minus(WINDOW);
        var names = InboundMail.names(outcomes);
        long fromCount = em.createNamedQuery(InboundMail.COUNT_FROM_SINCE, Long.class).setParameter("from", from)
                .setParameter("since", since).setParameter("outcomes", names).getSingleResult();
        long networkCount = em.createNamedQuery(InboundMail.COUNT_NETWORK_SINCE, Long.class)
                .setParameter("network", networkId).setParameter("since", since).setParameter("outcomes", names)
                .getSingleResult();
        return new long[] {fromCount, networkCount};
    }

    private void reply(long networkId, EmailAddress to, String kind, String networkName) {
        Locale language = languageOf(networkId, to);
        mail.fire(new OutgoingMail(to, InboundTexts.text(language, kind + ".subject", networkName),
                InboundTexts.text(language, kind + ".body", networkName), "join " + kind + " reply"));
    }

    /**
     * The language of a reply to {@code address}: the one chosen by the member (or else the active admin) of the
     * network with that address; Japanese for anyone else, such as a newcomer's blank mail.
     */
    private Locale languageOf(long networkId, EmailAddress address) {
        List<?> rows = em.createNativeQuery("SELECT language FROM members WHERE network_id = ? AND email = ?"
                        + " UNION ALL SELECT language FROM admins WHERE network_id = ? AND email = ? AND active")
                .setParameter(1, networkId).setParameter(2, address.value())
                .setParameter(3, networkId).setParameter(4, address.value()).getResultList();
        return Language.of(rows.isEmpty() ? null : String.valueOf(rows.get(0))).locale();
    }

    private void lockNetwork(long networkId) {
        em.createNativeQuery("SELECT id FROM networks WHERE id = ? FOR UPDATE").setParameter(1, networkId).getResultList();
    }

    /** The status of the network's member with this address (ACTIVE, SUSPENDED, LEFT, PENDING), or null. */
    private String memberStatus(long networkId, EmailAddress address) {
        List<?> rows = em.createNativeQuery("SELECT status FROM members WHERE network_id = ? AND email = ?")
                .setParameter(1, networkId).setParameter(2, address.value()).getResultList();
        return rows.isEmpty() ? null : String.valueOf(rows.get(0));
    }

    private java.util.Optional<JoinSettings> settings(String slug) {
        return em.createNativeQuery(
                        "SELECT id, name, joining_open, join_password, status FROM networks WHERE slug = ?")
                .setParameter(1, slug).getResultList().stream().findFirst().map(row -> {
                    Object[] r = (Object[]) row;
                    String password = (String) r[3];
                    return new JoinSettings(((Number) r[0]).longValue(), (String) r[1], Inquiries.truthy(r[2]),
                            password == null || password.isBlank() ? null : password, "SUSPENDED".equals(r[4]));
                });
    }

    private InboundOutcome record(String messageId, Long networkId, String from, InboundOutcome outcome,
                                  String reason, long size, Instant now) {
        em.persist(new InboundMail(messageId, networkId, from, outcome, reason, size, now));
        return outcome;
    }
}
