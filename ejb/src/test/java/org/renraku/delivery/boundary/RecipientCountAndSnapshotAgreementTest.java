package org.renraku.delivery.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.renraku.broadcasts.boundary.BroadcastException;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.broadcasts.control.RecipientFilter;

/**
 * The number the console shows before sending ({@link Broadcasts#countSql} over the stored filter read by
 * {@link Broadcasts#readStoredFilter}) and the members the sending job snapshots ({@link DeliveryRun#snapshotSql})
 * are the same selection: same condition text, same values, for current, old and malformed stored filters — and a
 * malformed one is refused on both sides, never widened to everyone.
 */
class RecipientCountAndSnapshotAgreementTest {

    private static final long NETWORK = 12;
    private static final long BROADCAST = 345;
    private static final Timestamp NOW = Timestamp.from(Instant.parse("2026-04-01T00:00:00Z"));

    private static final List<String> READABLE = List.of(
            // current: as the compose page writes it
            "{\"carriers\":[\"DOCOMO\",\"AU\"],\"attributes\":{\"3\":[\"3年\",\"4年\"]}}",
            "{\"attributes\":{\"3\":[\"3年\"]},\"answers\":{\"broadcast\":77,\"status\":\"CHOICE\",\"choice\":2}}",
            "{\"answers\":{\"broadcast\":77,\"status\":\"UNANSWERED\"}}",
            // hand-picked members: also these, only these, alone
            "{\"attributes\":{\"3\":[\"1年\",\"2年\"],\"4\":[\"2組\"]},\"members\":[41,57],\"memberMode\":\"ALSO\"}",
            "{\"answers\":{\"broadcast\":77,\"status\":\"UNANSWERED\"},\"members\":[41],\"memberMode\":\"ONLY\"}",
            "{\"members\":[41,57]}",
            // old: V5's statuses, lower-case carriers, one value instead of a list, empty lists
            "{\"statuses\":[\"ACTIVE\",\"SUSPENDED\"],\"carriers\":[\"softbank\"]}",
            "{\"attributes\":{\" 3 \":\"3年\",\"5\":[2]}}",
            "{\"carriers\":[],\"attributes\":{}}",
            // nothing: everyone active and not suppressed
            "{}");

    private static final List<String> MALFORMED = List.of(
            "{\"carriers\":[\"DOCOMO\"", "[\"DOCOMO\"]", "{\"carriers\":[\"PIGEON\"]}", "{\"carriers\":\"DOCOMO\"}",
            "{\"attributes\":{\"grade\":[\"3年\"]}}", "{\"attributes\":{\"3\":null}}", "{\"carrier\":[\"AU\"]}",
            "{\"answers\":{\"broadcast\":77,\"status\":\"MAYBE\"}}",
            "{\"answers\":{\"broadcast\":77,\"status\":\"ANSWERED\",\"choice\":2}}",
            "{\"members\":[\"41\"]}", "{\"members\":[41],\"memberMode\":\"SOME\"}");

    @Test
    void theCountAndTheSnapshotSelectTheSameMembersForEveryReadableFilter() {
        for (String stored : READABLE) {
            List<Object> countParams = new ArrayList<>();
            String count = Broadcasts.countSql(NETWORK, Broadcasts.readStoredFilter(stored), countParams);
            List<Object> snapshotParams = new ArrayList<>();
            String snapshot = DeliveryRun.snapshotSql(stored, BROADCAST, NETWORK, NOW, snapshotParams);

            String countWhere = count.substring(count.indexOf(" FROM members m WHERE "));
            String snapshotWhere = snapshot.substring(snapshot.indexOf(" FROM members m WHERE "),
                    snapshot.lastIndexOf(" ORDER BY m.id"));
            assertThat(snapshotWhere).as(stored).isEqualTo(countWhere);
            assertThat(snapshotParams.subList(0, 3)).as(stored).containsExactly(BROADCAST, NOW, NOW);
            assertThat(snapshotParams.subList(3, snapshotParams.size())).as(stored).isEqualTo(countParams);
            assertThat(countParams.get(0)).isEqualTo(NETWORK);
            assertThat(count.chars().filter(c -> c == '?').count()).as(stored).isEqualTo(countParams.size());
            assertThat(snapshot.chars().filter(c -> c == '?').count()).as(stored).isEqualTo(snapshotParams.size());
        }
    }

    @Test
    void aMalformedFilterIsRefusedByTheConsoleAndByTheSnapshotAlike() {
        for (String stored : MALFORMED) {
            assertThatThrownBy(() -> Broadcasts.readStoredFilter(stored)).as(stored)
                    .isInstanceOf(BroadcastException.class)
                    .satisfies(e -> assertThat(((BroadcastException) e).key()).isEqualTo(BroadcastException.FILTER));
            assertThatThrownBy(() -> DeliveryRun.snapshotSql(stored, BROADCAST, NETWORK, NOW, new ArrayList<>()))
                    .as(stored).isInstanceOf(RecipientFilter.Unreadable.class);
        }
    }

    @Test
    void anOldFilterSelectsWhatItSaidNotMore() {
        List<Object> params = new ArrayList<>();
        String snapshot = DeliveryRun.snapshotSql("{\"statuses\":[\"SUSPENDED\"],\"carriers\":[\"softbank\"]}",
                BROADCAST, NETWORK, NOW, params);
        assertThat(snapshot).contains("m.status = 'ACTIVE'").contains("m.carrier IN (?)");
        assertThat(params).containsExactly(BROADCAST, NOW, NOW, NETWORK, "SOFTBANK");
    }
}
