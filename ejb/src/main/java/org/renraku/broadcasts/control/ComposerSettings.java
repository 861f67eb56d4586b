package org.renraku.broadcasts.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.renraku.broadcasts.entity.AnswerKind;
import org.renraku.broadcasts.entity.Broadcast;
import org.renraku.networks.entity.Network;
import org.renraku.platform.control.Secrets;

/**
 * Where broadcast mail says it comes from and where its links point ({@link MessageComposer.Settings}), and the
 * delivery-token key ({@code renraku.delivery-secret}, else {@code app_secrets} {@value DeliveryToken#SECRET_NAME},
 * through {@link Secrets}), for the console's test send and the unsubscribe endpoint.
 * <p>
 * The delivery job takes its settings, its DKIM domain and its messages' content from here too
 * ({@link #fromConfiguration()}, {@link #signingDomain()}, {@link #content}), so a test mail carries the same
 * headers as a member's: From {@code renraku.broadcast.from} else
 * {@code renraku.mail.from}; the one-click URL {@code renraku.broadcast.unsubscribe-url}, else
 * {@code <base-url>/unsubscribe/} written as https (RFC 8058 requires it), {@link #UNSUBSCRIBE_PATH}.
 */
@ApplicationScoped
public class ComposerSettings {

    /** The path of the one-click endpoint below the base URL; the token follows. */
    public static final String UNSUBSCRIBE_PATH = "/unsubscribe/";

    @Inject
    Secrets secrets;

    public MessageComposer.Settings settings() {
        return fromConfiguration();
    }

    /**
     * The settings from configuration: the one source for the console's test send and the delivery job, so a test
     * mail carries the same From, Message-ID domain, VERP and List-* headers as a member's.
     */
    public static MessageComposer.Settings fromConfiguration() {
        Config c = ConfigProvider.getConfig();
        String from = fromAddress(c);
        String domain = domainOf(from);
        String unsubscribe = c.getOptionalValue("renraku.broadcast.unsubscribe-url", String.class)
                .orElse(unsubscribeUrlPrefix(c.getOptionalValue("renraku.base-url", String.class)
                        .orElse("http://localhost:8080")));
        return new MessageComposer.Settings(from,
                c.getOptionalValue("renraku.broadcast.message-id-domain", String.class).orElse(domain),
                c.getOptionalValue("renraku.broadcast.bounce-domain", String.class).orElse(domain),
                c.getOptionalValue("renraku.broadcast.bounce-prefix", String.class).orElse("bounce"),
                unsubscribe,
                c.getOptionalValue("renraku.broadcast.unsubscribe-mailbox", String.class).orElse("unsubscribe"),
                c.getOptionalValue("renraku.broadcast.list-id-domain", String.class).orElse(domain),
                configuredAttachmentLimit());
    }

    /**
     * The settings with the From address in the network's own (proven) domain: the same local part; the envelope
     * (VERP bounces), List-* and Message-ID stay the service's.
     */
    public static MessageComposer.Settings fromDomain(MessageComposer.Settings s, String domain) {
        String from = s.fromAddress();
        int at = from.lastIndexOf('@');
        String local = (at < 0 ? from : from.substring(0, at)).replace("<", "").strip();
        local = local.substring(local.lastIndexOf(' ') + 1);
        return new MessageComposer.Settings(local + "@" + domain, s.messageIdDomain(), s.bounceDomain(),
                s.bouncePrefix(), s.unsubscribeUrlPrefix(), s.unsubscribeMailbox(), s.listIdDomain(),
                s.attachmentLimitBytes());
    }

    /** The domain whose DKIM key signs the broadcasts: the one of their From address. */
    public static String signingDomain() {
        return domainOf(fromAddress(ConfigProvider.getConfig()));
    }

    /**
     * What a broadcast's messages say, for {@link MessageComposer}: the From display name is the broadcast's,
     * else the network's name — the same in the test send and in the job.
     */
    public static MessageComposer.Content content(Broadcast b, List<MessageComposer.Attachment> attachments) {
        Network n = b.network();
        return new MessageComposer.Content(n.id(), n.slug(), n.name(), b.id(), b.subject(), b.bodyText(),
                b.bodyHtml().orElse(null), b.charset(), b.fromName().orElse(n.name()), b.replyTo().orElse(null),
                attachments);
    }

    /**
     * {@link #content(Broadcast, List)} with what the broadcast asks of its members (answers): the
     * personal links below {@code renraku.base-url} and the members' reply addresses in {@code renraku.join-domain}
     * (the composer signs both per member with the delivery-token key).
     */
    public static MessageComposer.Content answeringContent(Broadcast b, List<MessageComposer.Attachment> attachments) {
        MessageComposer.Content c = content(b, attachments);
        // a re-send (再送) asks for the ORIGINAL's answers: its links and reply address, so answers land there
        Broadcast asking = b.asking();
        if (!asking.answerKind().asks()) {
            return c;
        }
        Config config = ConfigProvider.getConfig();
        String base = config.getOptionalValue("renraku.base-url", String.class).orElse("http://localhost:8080");
        boolean survey = asking.answerKind() == AnswerKind.SURVEY; // a survey takes no keyword replies
        // each member's reply address <slug>+r-<answer token>@<join domain> is made per message by the composer
        String replyDomain = survey ? null : config.getOptionalValue("renraku.join-domain", String.class)
                .map(String::strip).filter(d -> !d.isBlank()).orElse(null);
        MessageComposer.Answering answering = new MessageComposer.Answering(
                MessageComposer.Answering.linkBaseOf(base),
                asking.answerKind() == AnswerKind.CHOICE ? asking.answerChoices() : List.of(), replyDomain,
                asking.answerDeadline().orElse(null), asking == b ? null : asking.id(), survey);
        // a re-send's mail: the original's subject after the re-send prefix in each member's language (composer)
        String subject = asking == b ? c.subject() : asking.subject();
        return new MessageComposer.Content(c.networkId(), c.networkSlug(), c.networkName(), c.broadcastId(),
                subject, c.text(), c.html(), c.charset(), c.fromName(), c.replyTo(), c.attachments(), answering);
    }

    private static String fromAddress(Config c) {
        return c.getOptionalValue("renraku.broadcast.from", String.class)
                .orElse(c.getOptionalValue("renraku.mail.from", String.class).orElse("noreply@localhost"));
    }

    private static long configuredAttachmentLimit() {
        return ConfigProvider.getConfig().getOptionalValue(MessageComposer.CONFIG_ATTACHMENT_LIMIT, Long.class)
                .orElse(MessageComposer.DEFAULT_ATTACHMENT_LIMIT);
    }

    public long attachmentLimit() {
        return configuredAttachmentLimit();
    }

    public byte[] tokenKey() {
        return secrets.key(DeliveryToken.SECRET_PROPERTY, DeliveryToken.SECRET_NAME);
    }

    /** {@code https://host/unsubscribe/} from the base URL (http becomes https, a trailing slash is dropped). */
    public static String unsubscribeUrlPrefix(String base) {
        return base.strip().replaceFirst("^(?i)http://", "https://").replaceAll("/+$", "") + UNSUBSCRIBE_PATH;
    }

    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        String d = (at < 0 ? address : address.substring(at + 1)).replace(">", "").strip();
        return d.isEmpty() ? "localhost" : d;
    }
}
