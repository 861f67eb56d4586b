package org.renraku.inbound.control;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.renraku.broadcasts.control.MessageComposer;
import org.renraku.members.entity.EmailAddress;

/**
 * The service's own addresses, which inbound mail must never be answered from (a reply would go to ourselves and
 * could loop): every address at the join domain (join {@code <slug>@}, posting {@code <slug>+post-…@}, reply
 * {@code <slug>+r-…@}), every address at the broadcasts' bounce domain (VERP {@code bounce+…@}, the unsubscribe
 * mailbox), the transactional sender {@code renraku.mail.from} (RENRAKU_MAIL_FROM) and the broadcasts' From
 * {@code renraku.broadcast.from} — read from the same settings as {@code ComposerSettings}.
 */
public record ServiceAddresses(Set<String> domains, Set<String> addresses) {

    public ServiceAddresses {
        domains = Set.copyOf(domains);
        addresses = Set.copyOf(addresses);
    }

    /**
     * From the application's configuration: the join domain and the transactional sender, plus the broadcasts' From
     * and bounce domain as the composer derives them ({@code ComposerSettings.fromConfiguration()}), so the two
     * never disagree on a default.
     */
    public static ServiceAddresses of(Config c, MessageComposer.Settings broadcasts) {
        String mailFrom = c.getOptionalValue("renraku.mail.from", String.class).orElse("noreply@localhost");
        Set<String> domains = new LinkedHashSet<>();
        Set<String> addresses = new LinkedHashSet<>();
        c.getOptionalValue("renraku.join-domain", String.class).ifPresent(d -> domains.add(domain(d)));
        domains.add(domain(broadcasts.bounceDomain()));
        address(mailFrom).ifPresent(addresses::add);
        address(broadcasts.fromAddress()).ifPresent(addresses::add);
        domains.removeIf(String::isEmpty);
        return new ServiceAddresses(domains, addresses);
    }

    /** Why this sender is one of the service's own addresses, or empty. */
    public Optional<String> own(EmailAddress sender) {
        if (addresses.contains(sender.value())) {
            return Optional.of("sender is the service's own address");
        }
        if (domains.contains(sender.domain())) {
            return Optional.of("sender is at the service's own domain " + sender.domain());
        }
        return Optional.empty();
    }

    private static Optional<String> address(String configured) {
        try {
            String bare = new InternetAddress(configured.strip(), false).getAddress();
            return EmailAddress.isValid(bare) ? Optional.of(EmailAddress.of(bare).value()) : Optional.empty();
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    private static String domain(String d) {
        String s = d.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return s;
        }
        return EmailAddress.isValid("x@" + s) ? EmailAddress.of("x@" + s).domain() : s;
    }
}
