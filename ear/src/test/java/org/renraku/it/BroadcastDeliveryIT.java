package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.mail.Session;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.broadcasts.boundary.BroadcastClaims;
import org.renraku.broadcasts.entity.Broadcast;
import org.renraku.delivery.entity.Delivery;
import org.renraku.broadcasts.entity.MailCharset;
import org.renraku.broadcasts.entity.TargetGroup;
import org.renraku.delivery.boundary.Deliveries;
import org.renraku.delivery.boundary.DkimKeyring;
import org.renraku.bounces.boundary.Suppressions;
import org.renraku.delivery.control.DkimSigning;
import org.renraku.broadcasts.control.MessageComposer;
import org.renraku.delivery.control.ReplyPolicy;
import org.renraku.delivery.control.SmtpReply;
import org.renraku.delivery.entity.CarrierGroup;
import org.renraku.bounces.entity.Suppression;
import org.renraku.members.entity.EmailAddress;
import org.renraku.platform.boundary.SchemaMigrations;

/**
 * The broadcast and delivery tables of V5 in the real database, through the entities and boundaries the
 * scheduler and the sending job will use: the claim that lets one instance start a broadcast, a delivery taking
 * SMTP replies, the suppression list, and DKIM keys generated, sealed and opened for signing.
 */
@ExtendWith(ArquillianExtension.class)
class BroadcastDeliveryIT {

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    /** Rows read and written through the application's pool. */
    @Inject
    BroadcastJobs db;

    @Inject
    Fixtures fixtures;

    @Inject
    BroadcastClaims claims;

    @Inject
    Deliveries deliveries;

    @Inject
    Suppressions suppressions;

    @Inject
    DkimKeyring keyring;

    @Test
    void v5ShouldMigrateADatabaseWithDeliveriesAndKeepEachDeliveryAddressAndCarrierGroup() throws Exception {
        String scratch = "renraku_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        db.exec("CREATE DATABASE " + scratch + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        try {
            Flyway.configure(SchemaMigrations.class.getClassLoader()).dataSource(dataSource).schemas(scratch)
                    .locations("classpath:db/migration").target("3").load().migrate();
            db.exec("INSERT INTO " + scratch + ".networks (slug, name, created_at) VALUES ('n', 'N', NOW(3))");
            db.exec("INSERT INTO " + scratch + ".members (network_id, email, name, carrier, created_at, updated_at)"
                    + " VALUES (1, 'ta..ro.@docomo.ne.jp', 'A', 'DOCOMO', NOW(3), NOW(3)),"
                    + " (1, 'b@ymobile.ne.jp', 'B', 'YMOBILE', NOW(3), NOW(3))");
            db.exec("INSERT INTO " + scratch + ".broadcasts (network_id, subject, body_text, created_at)"
                    + " VALUES (1, 's', 'b', NOW(3))");
            db.exec("INSERT INTO " + scratch + ".deliveries (broadcast_id, member_id, created_at)"
                    + " VALUES (1, 1, NOW(3)), (1, 2, NOW(3))");

            Flyway all = Flyway.configure(SchemaMigrations.class.getClassLoader()).dataSource(dataSource)
                    .schemas(scratch).locations("classpath:db/migration").load();
            assertThat(all.migrate().success).isTrue();
            assertThat(all.migrate().migrationsExecuted).isZero();

            assertThat(db.rows("SELECT email, carrier_group FROM " + scratch + ".deliveries ORDER BY member_id"))
                    .containsExactly(List.of("ta..ro.@docomo.ne.jp", "DOCOMO"), List.of("b@ymobile.ne.jp", "SOFTBANK"));
            assertThat(db.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + scratch
                    + "'").stream().map(r -> r.get(0)).toList()).contains("broadcast_attachments", "target_groups",
                    "suppressions", "dkim_keys", "bounce_events");
        } finally {
            db.exec("DROP DATABASE " + scratch);
        }
    }

    @Test
    void ofTwoInstancesClaimingADueBroadcastExactlyOneShouldWin() throws Exception {
        long network = fixtures.network();
        long group = insert("INSERT INTO target_groups (network_id, name, filter, created_at, updated_at)"
                + " VALUES (?, '3年生の保護者', '{\"attributes\": {\"1\": [\"3年\"]}}', NOW(3), NOW(3))", network);
        long due = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, scheduled_at, mail_charset,"
                + " from_name, urgent, target_group_id, target_filter, created_at, updated_at)"
                + " VALUES (?, '台風のため休校', '本文', 'SCHEDULED', NOW(3) - INTERVAL 1 MINUTE, 'ISO-2022-JP',"
                + " 'さくら小PTA', TRUE, " + group + ", '{\"attributes\": {\"1\": [\"3年\"]}}',"
                + " NOW(3), NOW(3))", network);
        long later = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, scheduled_at, created_at,"
                + " updated_at) VALUES (?, '来月', '本文', 'SCHEDULED', NOW(3) + INTERVAL 1 DAY, NOW(3), NOW(3))", network);

        assertThat(claims.due(1000)).contains(due).doesNotContain(later);

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<Broadcast>>> tries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String boot = UUID.randomUUID().toString();
            Callable<Optional<Broadcast>> claim = () -> {
                start.await();
                return claims.claim(due, boot);
            };
            tries.add(executor.submit(claim));
        }
        start.countDown();
        List<Broadcast> won = new ArrayList<>();
        for (Future<Optional<Broadcast>> f : tries) {
            f.get().ifPresent(won::add);
        }

        assertThat(won).hasSize(1);
        Broadcast b = won.get(0);
        assertThat(b.status()).isEqualTo(Broadcast.Status.SENDING);
        assertThat(b.claimedBy()).isPresent();
        assertThat(b.startedAt()).isPresent();
        assertThat(b.charset()).isEqualTo(MailCharset.ISO_2022_JP);
        assertThat(b.fromName()).contains("さくら小PTA");
        assertThat(b.urgent()).isTrue();
        assertThat(b.repeatRule()).isEmpty(); // a repeating template is never claimed (RepeatingBroadcastIT)
        assertThat(b.targetGroup().map(TargetGroup::name)).contains("3年生の保護者");
        assertThat(claims.claim(due, UUID.randomUUID().toString())).isEmpty();
        assertThat(claims.claim(later, UUID.randomUUID().toString())).isEmpty();
        assertThat(claims.due(1000)).doesNotContain(due);
    }

    @Test
    void aDeliveryShouldTakeRepliesAndAPermanentRefusalShouldLeaveABounceEvent() throws Exception {
        long network = fixtures.network();
        long member = insert("INSERT INTO members (network_id, email, name, carrier, created_at, updated_at)"
                + " VALUES (?, 'ji..ro.@docomo.ne.jp', '次郎', 'DOCOMO', NOW(3), NOW(3))", network);
        long broadcast = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, created_at, updated_at)"
                + " VALUES (?, 's', 'b', 'SENDING', NOW(3), NOW(3))", network);
        long delivery = insert("INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, created_at,"
                + " updated_at) VALUES (" + broadcast + ", " + member + ", 'ji..ro.@docomo.ne.jp', 'DOCOMO', NOW(3), NOW(3))",
                -1);

        Instant before = Instant.now();
        ReplyPolicy.Outcome deferred = deliveries.replied(delivery, reply("451 4.3.0 Try later")).orElseThrow();
        assertThat(deferred.verdict()).isEqualTo(ReplyPolicy.Verdict.DEFERRED);
        Delivery d = deliveries.find(delivery).orElseThrow();
        assertThat(d.status()).isEqualTo(Delivery.Status.DEFERRED);
        assertThat(d.email().value()).isEqualTo("ji..ro.@docomo.ne.jp");
        assertThat(d.carrierGroup()).isEqualTo(CarrierGroup.DOCOMO);
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.smtpCode()).contains(451);
        assertThat(Duration.between(before, d.nextAttemptAt().orElseThrow()))
                .isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6));

        ReplyPolicy.Outcome failed = deliveries.replied(delivery,
                reply("550 5.1.1 <ji..ro.@docomo.ne.jp>: Recipient address rejected: User unknown")).orElseThrow();
        assertThat(failed.verdict()).isEqualTo(ReplyPolicy.Verdict.FAILED);
        assertThat(deliveries.find(delivery).orElseThrow().status()).isEqualTo(Delivery.Status.FAILED);
        assertThat(db.rows("SELECT network_id, member_id, email, kind, source, smtp_code, status_code FROM bounce_events"
                + " WHERE delivery_id = " + delivery)).containsExactly(List.of(String.valueOf(network),
                String.valueOf(member), "ji..ro.@docomo.ne.jp", "HARD", "SMTP", "550", "5.1.1"));

        assertThat(deliveries.replied(delivery + 1_000_000, reply("250 ok"))).isEmpty();
    }

    @Test
    void anAddressShouldBeSuppressedOncePerNetwork() {
        long network = fixtures.network();
        long other = fixtures.network();
        EmailAddress address = EmailAddress.of("hanako@ezweb.ne.jp");

        assertThat(suppressions.suppress(network, address, Suppression.Reason.UNSUBSCRIBED, Suppression.Source.admin("it"))).isTrue();
        assertThat(suppressions.suppress(network, address, Suppression.Reason.COMPLAINT, Suppression.Source.admin("it"))).isFalse();
        assertThat(suppressions.find(network, address).map(Suppression::reason)).contains(Suppression.Reason.UNSUBSCRIBED);
        assertThat(suppressions.find(other, address)).isEmpty();
    }

    @Test
    void aGeneratedDkimKeyShouldBeSealedInTheDatabaseShownAsTxtAndSign() throws Exception {
        String domain = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".renraku.test";

        DkimKeyring.DnsRecord first = keyring.generate(domain, "rk1", null);
        DkimKeyring.DnsRecord second = keyring.generate(domain.toUpperCase(), "rk2", null);

        assertThat(second.name()).isEqualTo("rk2._domainkey." + domain);
        assertThat(second.txt()).startsWith("v=DKIM1; k=rsa; p=MIIBIjAN");
        assertThat(keyring.activeRecord(domain)).contains(second);
        assertThat(db.rows("SELECT selector, active, LEFT(private_key_enc, 3), private_key_ref IS NULL FROM dkim_keys"
                + " WHERE domain = '" + domain + "' ORDER BY id"))
                .containsExactly(List.of("rk1", "0", "v1:", "1"), List.of("rk2", "1", "v1:", "1"));
        assertThat(first.txt()).isNotEqualTo(second.txt());

        DkimSigning signer = keyring.signer(domain).orElseThrow();
        MessageComposer composer = new MessageComposer(Session.getInstance(new Properties()),
                new MessageComposer.Settings("pta@" + domain, domain, "bounce." + domain, "bounce",
                        "https://renraku.test/unsubscribe/", "unsubscribe", "lists." + domain,
                        MessageComposer.DEFAULT_ATTACHMENT_LIMIT),
                new MessageComposer.Content(1, "pta", "PTA", 1, "件名", "本文", null, MailCharset.UTF_8, null, null,
                        List.of()),
                "k".getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        signer.sign(composer.compose(new MessageComposer.Recipient(1, "a@gmail.com", Map.of())).message())
                .writeTo(out);
        assertThat(out.toString(StandardCharsets.US_ASCII)).startsWith("DKIM-Signature: ")
                .contains("s=rk2; d=" + domain);
        assertThat(keyring.signer("nokey.renraku.test")).isEmpty();
    }

    private static SmtpReply reply(String line) {
        return SmtpReply.parse(line).orElseThrow();
    }

    /** Runs an INSERT (with the network id as its one parameter, unless negative) and returns the new id or 0. */
    private long insert(String sql, long network) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            if (network >= 0) {
                s.setLong(1, network);
            }
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : 0;
            }
        }
    }
}
