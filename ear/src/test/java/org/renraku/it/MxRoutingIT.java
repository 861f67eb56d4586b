package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.batch.runtime.BatchStatus;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.delivery.boundary.BroadcastStarter;
import org.renraku.delivery.boundary.DeliveryRun;

/**
 * Direct delivery as the ITs' Payara is configured for it (renraku.delivery.route=direct, the test DNS server
 * ear/bin/testdns on 127.0.0.1:5353, MX port 3025, EHLO name out.renraku.test): the broadcast job looks up each
 * carrier domain's MX through real DNS and hands the mail to the receiving server the DNS names — here
 * {@link CountingMx} servers on other loopback addresses, put in place with {@link TestDns}.
 */
@ExtendWith(ArquillianExtension.class)
class MxRoutingIT {

    private static final int MX_PORT = Integer.parseInt(System.getenv().getOrDefault("RENRAKU_DELIVERY_MX_PORT", "3025"));

    @Inject
    Fixtures fixtures;

    @Inject
    BroadcastJobs jobs;

    @Inject
    BroadcastStarter starter;

    @Inject
    DeliveryRun run;

    @Test
    void eachCarrierGroupsMailGoesToTheMxTheDnsNamesForItsDomainWithTheConfiguredEhloName() throws Exception {
        long network = fixtures.network();
        String tag = Fixtures.unique("mx");
        List<String> docomo = List.of(tag + "-1@docomo.ne.jp", tag + "-2@docomo.ne.jp", tag + "-3@mopera.net");
        List<String> gmail = List.of(tag + "-4@gmail.com", tag + "-5@googlemail.com");
        for (String e : docomo) {
            member(network, e, "DOCOMO");
        }
        for (String e : gmail) {
            member(network, e, "GMAIL");
        }
        try (TestDns dns = TestDns.change().point("mx1.docomo.test", "127.0.0.2").point("mx1.gmail.test", "127.0.0.3");
             CountingMx docomoMx = CountingMx.start("127.0.0.2", MX_PORT);
             CountingMx gmailMx = CountingMx.start("127.0.0.3", MX_PORT)) {
            long broadcast = send(network, "MX " + tag);

            assertThat(docomoMx.received()).extracting(CountingMx.Received::recipient)
                    .containsExactlyInAnyOrderElementsOf(docomo);
            assertThat(gmailMx.received()).extracting(CountingMx.Received::recipient)
                    .containsExactlyInAnyOrderElementsOf(gmail);
            assertThat(docomoMx.heloNames()).as("EHLO as configured (renraku.delivery.ehlo-name)")
                    .isNotEmpty().containsOnly("out.renraku.test");
            assertThat(gmailMx.heloNames()).isNotEmpty().containsOnly("out.renraku.test");
            assertThat(statuses(broadcast)).containsExactly(List.of("SENT", "5"));
        }
        assertThat(TestDns.resolve("mx1.docomo.test")).as("the DNS is as before").isEqualTo("127.0.0.1");
    }

    @Test
    void whenTheFirstMxTakesNoConnectionTheSecondGetsEveryMessage() throws Exception {
        long network = fixtures.network();
        String tag = Fixtures.unique("mx2");
        List<String> au = List.of(tag + "-1@ezweb.ne.jp", tag + "-2@ezweb.ne.jp", tag + "-3@au.com",
                tag + "-4@uqmobile.jp");
        for (String e : au) {
            member(network, e, "AU");
        }
        // nothing listens on 127.0.0.9: every connection to mx1 is refused
        try (TestDns dns = TestDns.change().point("mx1.au.test", "127.0.0.9").point("mx2.au.test", "127.0.0.4");
             CountingMx second = CountingMx.start("127.0.0.4", MX_PORT)) {
            long broadcast = send(network, "MX2 " + tag);

            assertThat(second.received()).extracting(CountingMx.Received::recipient)
                    .containsExactlyInAnyOrderElementsOf(au);
            assertThat(statuses(broadcast)).as("nothing deferred: the fallback is within the same attempt")
                    .containsExactly(List.of("SENT", "4"));
        }
    }

    @Test
    void aDomainWithoutMailServersIsRecordedWithItsReasonAndTheOthersAreDelivered() throws Exception {
        long network = fixtures.network();
        String tag = Fixtures.unique("mx3");
        String nxdomain = tag + "@nowhere-" + tag + ".docomo.ne.jp";
        String noAddress = tag + "@noaddress.docomo.ne.jp";
        String nullMx = tag + "@nullmx.docomo.ne.jp";
        String good = tag + "@docomo.ne.jp";
        for (String e : List.of(nxdomain, noAddress, nullMx, good)) {
            member(network, e, "DOCOMO");
        }
        try (TestDns dns = TestDns.change().point("mx1.docomo.test", "127.0.0.2");
             CountingMx docomoMx = CountingMx.start("127.0.0.2", MX_PORT)) {
            long broadcast = send(network, "NoMX " + tag);

            assertThat(docomoMx.received()).extracting(CountingMx.Received::recipient).containsExactly(good);
            assertThat(jobs.value("SELECT status FROM broadcasts WHERE id = " + broadcast)).isEqualTo("SENT");
            assertThat(reply(broadcast, nxdomain)).containsExactly("FAILED", "550",
                    "550 5.1.2 Domain not found: nowhere-" + tag.toLowerCase() + ".docomo.ne.jp (DNS: no such domain)");
            assertThat(reply(broadcast, noAddress)).containsExactly("FAILED", "550",
                    "550 5.4.4 Domain noaddress.docomo.ne.jp has no MX and no address (DNS)");
            assertThat(reply(broadcast, nullMx)).containsExactly("FAILED", "556",
                    "556 5.1.10 Domain nullmx.docomo.ne.jp accepts no mail (null MX, RFC 7505)");
            assertThat(reply(broadcast, good).get(0)).isEqualTo("SENT");
        }
    }

    // --- helpers

    private void member(long network, String email, String carrier) throws Exception {
        jobs.exec("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at) VALUES ("
                + network + ", '" + email + "', '会員', '" + carrier + "', 'ACTIVE', NOW(3), NOW(3))");
    }

    /** Drafts a broadcast to every member, sends it through the job as configured (no relay given), waits for it. */
    private long send(long network, String subject) throws Exception {
        long broadcast = jobs.draft(network, subject, "{name} 様\n本文");
        assertThat(run.prepare(network, broadcast, "it-admin").executionId()).isNull();
        Properties p = new Properties();
        p.setProperty("pacing", "off");
        long execution = starter.startJob(broadcast, p);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        BatchStatus s;
        while ((s = starter.execution(execution).getBatchStatus()) != BatchStatus.COMPLETED) {
            assertThat(s).as(starter.execution(execution).getExitStatus())
                    .isNotIn(BatchStatus.FAILED, BatchStatus.STOPPED, BatchStatus.ABANDONED);
            assertThat(Instant.now()).as("job " + execution + " still " + s).isBefore(deadline);
            Thread.sleep(200);
        }
        return broadcast;
    }

    private List<List<String>> statuses(long broadcast) throws Exception {
        return jobs.rows("SELECT status, COUNT(*) FROM deliveries WHERE broadcast_id = " + broadcast + " GROUP BY status");
    }

    private List<String> reply(long broadcast, String email) throws Exception {
        return jobs.rows("SELECT status, smtp_code, smtp_reply FROM deliveries WHERE broadcast_id = " + broadcast
                + " AND email = '" + email + "'").get(0);
    }
}
