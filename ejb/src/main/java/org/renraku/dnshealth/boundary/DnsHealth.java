package org.renraku.dnshealth.boundary;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.Serializable;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.renraku.broadcasts.control.ComposerSettings;
import org.renraku.delivery.boundary.DkimKeyring;
import org.renraku.delivery.control.MxRoutes;
import org.renraku.delivery.control.MxRoutesProducer;
import org.renraku.dnshealth.control.CheckResult;
import org.renraku.dnshealth.control.DnsHealthChecks;
import org.renraku.dnshealth.control.DnsjavaLookups;
import org.renraku.dnshealth.control.Spf;
import org.renraku.dnshealth.control.TagList;

/**
 * The DNS health of the service's mail domains: runs {@link DnsHealthChecks} with what the configuration
 * says — From and bounce domain ({@code renraku.broadcast.from} / {@code renraku.mail.from},
 * {@code renraku.broadcast.bounce-domain}), join domain ({@code renraku.join-domain}), HELO name
 * ({@code renraku.delivery.ehlo-name}, else the host of {@code renraku.base-url}), and the two settings of its own:
 * <ul>
 *   <li>{@value #SENDING_ADDRESSES}: the public IP addresses mail leaves from, comma-separated (default: none — SPF
 *       and PTR are then a warning asking for them);</li>
 *   <li>{@value #INBOUND_HOSTS}: the host names our MX records must name, comma-separated (default: none — MX is
 *       then a warning asking for them).</li>
 * </ul>
 * The DKIM key is the From domain's active key ({@link DkimKeyring}); lookups go to {@code renraku.dns.servers}.
 * Each run replaces the stored results ({@link DnsHealthResults}), which mails the operators the checks that
 * went from PASS to FAIL.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // DNS lookups hold no transaction open
public class DnsHealth {

    public static final String SENDING_ADDRESSES = "renraku.mail.sending-addresses";
    public static final String INBOUND_HOSTS = "renraku.mail.inbound-hosts";
    private static final Logger LOG = Logger.getLogger(DnsHealth.class.getName());

    /** The results of a run; {@code checkedAt} null when no run has been stored yet. */
    public record Report(Instant checkedAt, List<CheckResult> results) implements Serializable {
        public Report {
            results = List.copyOf(results);
        }

        public long failures() {
            return results.stream().filter(r -> r.verdict() == CheckResult.Verdict.FAIL).count();
        }
    }

    @Inject
    DkimKeyring keyring;

    @Inject
    DnsHealthResults stored;

    @Inject
    Clock clock;

    /** The results of the last run. */
    public Report last() {
        return stored.last();
    }

    /** Runs every check now, stores the results and mails the operators what regressed. */
    public Report checkNow() {
        DnsHealthChecks.Settings settings = settings();
        Config c = ConfigProvider.getConfig();
        String servers = c.getOptionalValue(MxRoutesProducer.SERVERS, String.class).orElse("");
        List<CheckResult> results = new DnsHealthChecks(new DnsjavaLookups(MxRoutes.resolver(servers))).run(settings);
        Instant at = clock.instant();
        List<CheckResult> regressed = stored.replace(results, at);
        LOG.info(() -> "DNS health: " + results.stream().map(r -> r.key() + " " + r.verdict()).toList()
                + (regressed.isEmpty() ? "" : "; regressed: " + regressed.stream().map(CheckResult::key).toList()));
        return new Report(at, results);
    }

    DnsHealthChecks.Settings settings() {
        Config c = ConfigProvider.getConfig();
        String from = keyring.sendingDomain();
        String bounce = ComposerSettings.fromConfiguration().bounceDomain();
        String join = c.getOptionalValue("renraku.join-domain", String.class).orElse(null);
        String helo = c.getOptionalValue("renraku.delivery.ehlo-name", String.class).map(String::strip)
                .filter(s -> !s.isEmpty()).orElseGet(() -> baseUrlHost(c));
        DnsHealthChecks.DkimKey key = keyring.activeRecord(from).map(r -> {
            try {
                return new DnsHealthChecks.DkimKey(r.selector(), TagList.parse(r.txt()).get("p"));
            } catch (Spf.SyntaxException e) {
                throw new IllegalStateException("The active DKIM record of " + from + " is not a tag list", e);
            }
        }).orElse(null);
        return new DnsHealthChecks.Settings(from, bounce, join, helo, list(c, SENDING_ADDRESSES),
                list(c, INBOUND_HOSTS), key);
    }

    private static List<String> list(Config c, String property) {
        return c.getOptionalValue(property, String.class)
                .map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    private static String baseUrlHost(Config c) {
        String base = c.getOptionalValue("renraku.base-url", String.class).orElse("http://localhost:8080");
        try {
            String host = URI.create(base.strip()).getHost();
            return host == null || host.isBlank() ? "localhost" : host;
        } catch (IllegalArgumentException e) {
            return "localhost";
        }
    }
}
