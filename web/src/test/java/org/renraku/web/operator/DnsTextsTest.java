package org.renraku.web.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.renraku.dnshealth.control.CheckResult;

/**
 * Every reason the DNS checks give (org.renraku.dnshealth.control.DnsHealthChecks, keys built in the EJB module,
 * so PagesTest cannot see them), every check and every verdict has a text in both languages.
 */
class DnsTextsTest {

    private static final Path CHECKS = Path.of("../ejb/src/main/java/org/renraku/dnshealth/control/DnsHealthChecks.java");
    private static final Pattern REASON = Pattern.compile("\"((?:spf|dkim|dmarc|mx|ptr|dns|config)\\.[a-zA-Z]+)\"");

    @ParameterizedTest
    @ValueSource(strings = {"messages_ja", "messages_en"})
    void everyReasonCheckAndVerdictHasAText(String bundle) throws IOException {
        Properties texts = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/org/renraku/web/i18n/" + bundle
                + ".properties"), StandardCharsets.UTF_8)) {
            texts.load(r);
        }
        Set<String> reasons = new TreeSet<>();
        Matcher m = REASON.matcher(Files.readString(CHECKS));
        while (m.find()) {
            reasons.add(m.group(1));
        }
        assertThat(reasons).contains("spf.notCovered", "dkim.mismatch", "dmarc.none", "mx.elsewhere", "ptr.mismatch",
                "dns.failed");
        for (String reason : reasons) {
            assertThat(texts).containsKey(OperatorDnsView.REASON_KEYS + reason);
        }
        for (CheckResult.Check c : CheckResult.Check.values()) {
            assertThat(texts).containsKeys("operator.dns.check." + c.name(), "operator.dns.what." + c.name());
        }
        for (CheckResult.Verdict v : CheckResult.Verdict.values()) {
            assertThat(texts).containsKey("operator.dns.verdict." + v.name());
        }
    }
}
