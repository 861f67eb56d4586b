package org.renraku.inbound.entity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InboundOutcomeTest {

    @Test
    void everyOutcomeFitsTheTwentyFourCharacterColumn() {
        for (InboundOutcome outcome : InboundOutcome.values()) {
            assertThat(outcome.name()).hasSizeLessThanOrEqualTo(24);
        }
    }

    @Test
    void aLeaveConfirmationCountsAsAReplyForTheRateLimits() {
        assertThat(InboundOutcome.REPLIED).contains(InboundOutcome.LEAVE_CONFIRMATION_SENT);
    }
}
