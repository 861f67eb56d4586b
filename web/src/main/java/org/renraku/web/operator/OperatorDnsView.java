package org.renraku.web.operator;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJBException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.renraku.dnshealth.boundary.DnsHealth;
import org.renraku.dnshealth.control.CheckResult;
import org.renraku.web.i18n.Messages;

/**
 * DNS の確認, {@code /operator/dns.xhtml}: the last result of each DNS check of the service's mail
 * domains ({@link DnsHealth}: SPF, DKIM, DMARC, MX, PTR) — pass, warning or failure, why, what DNS has now and
 * the records to publish — and 「今すぐ確認」, which runs the checks again.
 */
@Named
@ViewScoped
public class OperatorDnsView implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(OperatorDnsView.class.getName());

    @Inject
    DnsHealth health;

    /** The prefix of the reasons' keys; every reason of DnsHealthChecks has one (DnsTextsTest). */
    static final String REASON_KEYS = "operator.dns.reason.";

    private DnsHealth.Report report;

    @PostConstruct
    void init() {
        report = health.last();
    }

    public DnsHealth.Report getReport() {
        return report;
    }

    /** The number of results with the verdict ({@code PASS}, {@code WARN}, {@code FAIL}). */
    public long count(String verdict) {
        return report.results().stream().filter(r -> r.verdict().name().equals(verdict)).count();
    }

    /** Runs every check now and shows the new results. */
    public String checkNow() {
        try {
            report = health.checkNow(); // the page shows the new time and counts (dns:checkedAt, dns:summary)
        } catch (EJBException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "The DNS check failed", e);
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "operator.dns.checkFailed");
        }
        return null;
    }

    /** The reason in words: {@code operator.dns.reason.<reason>} with the result's arguments. */
    public String reason(CheckResult r) {
        String key = REASON_KEYS + r.reason();
        return Messages.text(key, r.arguments().toArray());
    }
}
