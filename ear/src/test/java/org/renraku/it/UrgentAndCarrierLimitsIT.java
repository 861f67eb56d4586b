package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.inject.Inject;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.broadcasts.boundary.BroadcastException;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.delivery.boundary.CarrierLimits;
import org.renraku.delivery.boundary.CarrierStates;
import org.renraku.delivery.entity.CarrierGroup;

/**
 * The rules behind the 緊急配信 choice and the operator's 配信制限 page, in the container: only a draft of
 * the admin's own network may become urgent (refused once it is sending, for another network, while scheduled), each
 * change audited; limits the rules refuse leave the row as it was; a group's state reads the halved rate, the pause,
 * the live leases and the newest refusals; a resume clears the pause only, audited.
 */
@ExtendWith(ArquillianExtension.class)
class UrgentAndCarrierLimitsIT {

    private static final String CLIENT = "192.0.2.14";

    @Inject
    BroadcastJobs db;

    @Inject
    Fixtures fixtures;

    @Inject
    Broadcasts broadcasts;

    @Inject
    CarrierLimits limits;

    @Inject
    CarrierStates states;

    @Test
    void onlyADraftOfTheAdminsOwnNetworkBecomesUrgentAndEachChangeIsAudited() throws Exception {
        long network = fixtures.network();
        long other = fixtures.network();
        long draft = db.draft(network, "休校のお知らせ", "本文");
        long sending = db.draft(network, "送信中の配信", "本文");
        db.exec("UPDATE broadcasts SET status = 'SENDING' WHERE id = " + sending);
        long scheduled = db.draft(network, "予約済みの配信", "本文");
        db.exec("UPDATE broadcasts SET status = 'SCHEDULED', scheduled_at = NOW(3) + INTERVAL 1 DAY WHERE id = "
                + scheduled);

        assertThat(broadcasts.markUrgent(network, draft, true, "it-admin", CLIENT)).isTrue();
        assertThat(broadcasts.markUrgent(network, draft, true, "it-admin", CLIENT)).as("no change").isFalse();
        assertThat(db.value("SELECT urgent FROM broadcasts WHERE id = " + draft)).isIn("1", "true");
        assertThatThrownBy(() -> broadcasts.markUrgent(network, sending, true, "it-admin", CLIENT))
                .isInstanceOfSatisfying(BroadcastException.class,
                        e -> assertThat(e.key()).isEqualTo(BroadcastException.URGENT_ALREADY_SENDING));
        assertThatThrownBy(() -> broadcasts.markUrgent(network, scheduled, true, "it-admin", CLIENT))
                .isInstanceOfSatisfying(BroadcastException.class,
                        e -> assertThat(e.key()).isEqualTo(BroadcastException.NOT_DRAFT));
        assertThatThrownBy(() -> broadcasts.markUrgent(other, draft, false, "intruder", CLIENT))
                .isInstanceOfSatisfying(BroadcastException.class,
                        e -> assertThat(e.key()).isEqualTo(BroadcastException.UNKNOWN));
        assertThat(db.value("SELECT urgent FROM broadcasts WHERE id = " + sending)).isIn("0", "false");
        assertThat(db.value("SELECT urgent FROM broadcasts WHERE id = " + draft)).isIn("1", "true");
        assertThat(broadcasts.markUrgent(network, draft, false, "it-admin", CLIENT)).isTrue();
        assertThat(db.rows("SELECT actor, subject, detail, client_address FROM audit_events WHERE network_id = "
                + network + " AND kind = 'BROADCAST_URGENT' ORDER BY id")).containsExactly(
                List.of("it-admin", "#" + draft + " 休校のお知らせ", "on", CLIENT),
                List.of("it-admin", "#" + draft + " 休校のお知らせ", "off", CLIENT));
        assertThat(broadcasts.history(network, 10)).filteredOn(r -> r.id() == draft).singleElement()
                .satisfies(r -> assertThat(r.urgent()).isFalse());
    }

    @Test
    void refusedLimitsChangeNothingAndTheStateReadsHalvingsPausesLeasesAndRefusals() throws Exception {
        String tag = Fixtures.unique("lim");
        String operator = "op-" + tag;
        CarrierLimits.Limits before = limits.stored().get(CarrierGroup.YAHOO_JAPAN);
        try {
            assertThatThrownBy(() -> limits.update(new CarrierLimits.Limits(CarrierGroup.YAHOO_JAPAN, 65, 100, 10,
                    5, 31), operator, CLIENT))
                    .isInstanceOfSatisfying(CarrierLimits.RefusedException.class, e -> assertThat(e.problems())
                            .extracting(CarrierLimits.Problem::field)
                            .containsExactly("connections", "urgentPerSecond", "quietMinutes"));
            assertThat(limits.stored().get(CarrierGroup.YAHOO_JAPAN)).isEqualTo(before);

            CarrierLimits.Limits wanted = new CarrierLimits.Limits(CarrierGroup.YAHOO_JAPAN, 4, 500, 12, 40, 0);
            assertThat(limits.update(wanted, operator, CLIENT)).isTrue();
            assertThat(limits.update(wanted, operator, CLIENT)).as("unchanged").isFalse();
            assertThat(limits.stored().get(CarrierGroup.YAHOO_JAPAN)).isEqualTo(wanted);
            assertThat(db.rows("SELECT actor, detail FROM audit_events WHERE kind = 'CARRIER_LIMITS_CHANGED'"
                    + " AND subject = 'YAHOO_JAPAN' ORDER BY id DESC LIMIT 1")).containsExactly(List.of(
                    operator, "connections " + before.connections() + "→4, messages_per_connection "
                            + before.messagesPerConnection() + "→500, per_second " + rate(before.perSecond())
                            + "→12, urgent_per_second " + rate(before.urgentPerSecond()) + "→40, quiet_minutes "
                            + before.quietMinutes() + "→0"));

            db.exec("UPDATE carrier_group_state SET halvings = 3, paused_until = NOW(3) + INTERVAL 1 HOUR"
                    + " WHERE carrier_group = 'YAHOO_JAPAN'");
            db.exec("UPDATE carrier_slots SET holder = '" + tag + "', lease_until = NOW(3) + INTERVAL 1 MINUTE"
                    + " WHERE carrier_group = 'YAHOO_JAPAN' AND slot IN (0, 1)");
            db.exec("UPDATE carrier_slots SET holder = '" + tag + "', lease_until = NOW(3) - INTERVAL 1 MINUTE"
                    + " WHERE carrier_group = 'YAHOO_JAPAN' AND slot = 2");
            for (int i = 1; i <= 7; i++) {
                db.exec("INSERT INTO carrier_refusals (carrier_group, occurred_at, reply) VALUES ('YAHOO_JAPAN',"
                        + " NOW(3) - INTERVAL " + (20 - i) + " SECOND, '421 " + tag + " #" + i + "')");
            }
            CarrierStates.State yahoo = states.all().stream().filter(s -> s.group() == CarrierGroup.YAHOO_JAPAN)
                    .findFirst().orElseThrow();
            assertThat(yahoo.allowedPerSecond()).isEqualTo(1.5);
            assertThat(yahoo.paused()).isTrue();
            assertThat(yahoo.connectionsInUse()).as("the expired lease is free").isEqualTo(2);
            assertThat(yahoo.refusals()).extracting(CarrierStates.Refusal::reply).containsExactly(
                    "421 " + tag + " #7", "421 " + tag + " #6", "421 " + tag + " #5", "421 " + tag + " #4",
                    "421 " + tag + " #3");

            assertThat(limits.resume(CarrierGroup.YAHOO_JAPAN, operator, CLIENT)).isTrue();
            assertThat(limits.resume(CarrierGroup.YAHOO_JAPAN, operator, CLIENT)).as("not paused").isFalse();
            assertThat(db.rows("SELECT paused_until IS NULL, halvings FROM carrier_group_state"
                    + " WHERE carrier_group = 'YAHOO_JAPAN'")).containsExactly(List.of("1", "3"));
            assertThat(db.value("SELECT COUNT(*) FROM audit_events WHERE kind = 'CARRIER_GROUP_RESUMED'"
                    + " AND subject = 'YAHOO_JAPAN' AND actor = '" + operator + "' AND client_address = '" + CLIENT + "'"))
                    .isEqualTo("1");
        } finally {
            db.exec("UPDATE carrier_group_limits SET connections = " + before.connections()
                    + ", messages_per_connection = " + before.messagesPerConnection() + ", per_second = "
                    + before.perSecond() + ", urgent_per_second = " + before.urgentPerSecond() + ", quiet_minutes = "
                    + before.quietMinutes() + " WHERE carrier_group = 'YAHOO_JAPAN'");
            db.exec("UPDATE carrier_group_state SET halvings = 0, paused_until = NULL WHERE carrier_group = 'YAHOO_JAPAN'");
            db.exec("UPDATE carrier_slots SET holder = NULL, lease_until = NULL WHERE holder = '" + tag + "'");
            db.exec("DELETE FROM carrier_refusals WHERE reply LIKE '%" + tag + "%'");
        }
    }

    private static String rate(double perSecond) {
        return perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : String.valueOf(perSecond);
    }
}
