package org.renraku.inbound.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LanesTest {

    record Mail(String name, String sender, String messageId) {
    }

    private static List<List<String>> lanes(Mail... mails) {
        return Lanes.of(List.of(mails), Mail::sender, Mail::messageId).stream()
                .map(lane -> lane.stream().map(Mail::name).toList()).toList();
    }

    @Test
    void mailsOfDifferentSendersShouldEachHaveALane() {
        assertThat(lanes(new Mail("1", "a@x.jp", "<1@x>"), new Mail("2", "b@x.jp", "<2@x>"), new Mail("3", null, null),
                new Mail("4", null, null))).containsExactly(List.of("1"), List.of("2"), List.of("3"), List.of("4"));
    }

    @Test
    void mailsSharingASenderOrAMessageIdShouldGoOneAfterTheOtherInTheirOrder() {
        assertThat(lanes(new Mail("1", "a@x.jp", "<1@x>"), new Mail("2", "b@x.jp", "<2@x>"),
                new Mail("3", "a@x.jp", "<3@x>"), new Mail("4", "c@x.jp", "<2@x>"), new Mail("5", "d@x.jp", "<5@x>")))
                .containsExactly(List.of("1", "2", "3", "4"), List.of("5"));
    }

    @Test
    void anEmptyBatchShouldHaveNoLanes() {
        assertThat(lanes()).isEmpty();
    }
}
