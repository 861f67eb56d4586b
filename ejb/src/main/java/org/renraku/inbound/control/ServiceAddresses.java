package org.renraku.inbound.control;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
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

    /** From the application's configuration. */
    public static ServiceAddresses of(Config c) {
        String mailFrom = c.getOptionalValue("renraku.mail.from", String.class).orElse("noreply@localhost");
        String broadcastFrom = c.getOptionalValue("renraku.broadcast.from", String.class).orElse(mailFrom);
        Set<String> domains = new LinkedHashSet<>();
        Set<String> addresses = new LinkedHashSet<>();
        c.getOptionalValue("renraku.join-domain", String.class).ifPresent(d -> domains.add(domain(d)));
        domains.add(domain(c.getOptionalValue("renraku.broadcast.bounce-domain", String.class)
                .orElse(domainOf(broadcastFrom))));
        address(mailFrom).ifPresent(addresses::add);
        address(broadcastFrom).ifPresent(addresses::add);
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

    private static String domainOf(String configured) {
        int at = configured.lastIndexOf('@');
        return at < 0 ? "" : configured.substring(at + 1).replace(">", "");
    }

    private static String domain(String d) {
        String s = d.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return s;
        }
        return EmailAddress.isValid("x@" + s) ? EmailAddress.of("x@" + s).domain() : s;
    }
}
