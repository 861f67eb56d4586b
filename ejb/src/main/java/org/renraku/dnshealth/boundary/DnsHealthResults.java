package org.renraku.dnshealth.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.renraku.dnshealth.control.CheckResult;
import org.renraku.mail.control.MailTexts;
import org.renraku.mail.control.OperatorAlerts;

/**
 * The last results of the DNS checks ({@code dns_health_results}): read for the operator page, replaced by each run.
 * A check that was PASS and is FAIL now is a regression: the operators get one mail per run listing every
 * regression with the record to publish (nothing while a check stays FAIL, so no mail storm).
 */
@Stateless
public class DnsHealthResults {

    @PersistenceContext
    EntityManager em;

    @Inject
    OperatorAlerts alerts;

    public DnsHealth.Report last() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT domain, check_name, verdict, reason, arguments, found, fix,"
                + " checked_at FROM dns_health_results ORDER BY position").getResultList();
        List<CheckResult> results = new ArrayList<>();
        Instant at = null;
        for (Object[] r : rows) {
            String args = (String) r[4];
            results.add(new CheckResult((String) r[0], CheckResult.Check.valueOf((String) r[1]),
                    CheckResult.Verdict.valueOf((String) r[2]), (String) r[3],
                    args.isEmpty() ? List.of() : Arrays.asList(args.split("\n", -1)), (String) r[5], (String) r[6]));
            at = instant(r[7]);
        }
        return new DnsHealth.Report(at, results);
    }

    /** Replaces the stored results; returns (and mails the operators) the checks that went from PASS to FAIL. */
    public List<CheckResult> replace(List<CheckResult> results, Instant at) {
        Map<String, String> before = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT domain, check_name, verdict FROM dns_health_results")
                .getResultList();
        for (Object[] r : rows) {
            before.put(r[0] + " " + r[1], (String) r[2]);
        }
        em.createNativeQuery("DELETE FROM dns_health_results").executeUpdate();
        int position = 0;
        for (CheckResult r : results) {
            em.createNativeQuery("INSERT INTO dns_health_results (domain, check_name, position, verdict, reason,"
                    + " arguments, found, fix, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .setParameter(1, r.domain()).setParameter(2, r.check().name()).setParameter(3, position++)
                    .setParameter(4, r.verdict().name()).setParameter(5, r.reason())
                    .setParameter(6, String.join("\n", r.arguments())).setParameter(7, r.found())
                    .setParameter(8, r.fix()).setParameter(9, Timestamp.from(at)).executeUpdate();
        }
        List<CheckResult> regressed = results.stream()
                .filter(r -> r.verdict() == CheckResult.Verdict.FAIL && "PASS".equals(before.get(r.key()))).toList();
        if (!regressed.isEmpty()) {
            alert(regressed);
        }
        return regressed;
    }

    private void alert(List<CheckResult> regressed) {
        String url = OperatorAlerts.consoleUrl("operator/dns.xhtml");
        alerts.send("dnsRegressed.subject", "dnsRegressed.body", language -> new Object[] {regressed.size()},
                language -> new Object[] {regressed.stream().map(r -> MailTexts.text(language, "dnsRegressed.item",
                        r.check().name(), r.domain(), r.found().isEmpty() ? "-" : r.found(),
                        r.fix().isEmpty() ? "-" : r.fix())).collect(Collectors.joining("\n")), url},
                "dns check regressed");
    }

    private static Instant instant(Object o) {
        if (o instanceof Timestamp t) {
            return t.toInstant();
        }
        if (o instanceof java.time.LocalDateTime l) {
            return Timestamp.valueOf(l).toInstant();
        }
        return o instanceof Instant i ? i : null;
    }
}
