package org.renraku.bounces.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.renraku.bounces.entity.BounceEvent.Kind;
import org.renraku.bounces.entity.BounceEvent.Outcome;
import org.renraku.members.entity.Carrier;
import org.renraku.members.entity.Member.Status;

class BounceDecisionTest {

    @Test
    void aHardBounceShouldSuspendAnActiveMemberWhenTheNetworkSaysSo() {
        assertThat(BounceDecision.decide(Kind.HARD, "userunknown", Carrier.GMAIL, Status.ACTIVE, true, false))
                .isEqualTo(Outcome.SUSPENDED);
        assertThat(BounceDecision.decide(Kind.HARD, "userunknown", Carrier.GMAIL, Status.ACTIVE, false, false))
                .isEqualTo(Outcome.COUNTED);
    }

    @Test
    void aMemberAlreadySuspendedShouldOnlyBeCounted() {
        assertThat(BounceDecision.decide(Kind.HARD, "userunknown", Carrier.GMAIL, Status.SUSPENDED, true, false))
                .isEqualTo(Outcome.COUNTED);
        assertThat(BounceDecision.decide(Kind.SOFT, "mailboxfull", Carrier.GMAIL, Status.LEFT, true, true))
                .isEqualTo(Outcome.COUNTED);
    }

    @Test
    void aSoftBounceShouldSuspendOnlyAtTheThreshold() {
        assertThat(BounceDecision.decide(Kind.SOFT, "mailboxfull", Carrier.AU, Status.ACTIVE, true, false))
                .isEqualTo(Outcome.COUNTED);
        assertThat(BounceDecision.decide(Kind.SOFT, "mailboxfull", Carrier.AU, Status.ACTIVE, true, true))
                .isEqualTo(Outcome.SUSPENDED);
    }

    @Test
    void filteredAtAJapaneseCarrierShouldAskForTheDomainNotSuspend() {
        for (Kind kind : new Kind[] {Kind.HARD, Kind.SOFT}) {
            assertThat(BounceDecision.decide(kind, "filtered", Carrier.DOCOMO, Status.ACTIVE, true, true))
                    .isEqualTo(Outcome.ALLOW_DOMAIN);
            assertThat(BounceDecision.decide(kind, "Filtered", Carrier.SOFTBANK, Status.ACTIVE, true, true))
                    .isEqualTo(Outcome.ALLOW_DOMAIN);
        }
        // filtered elsewhere is an ordinary bounce of its kind
        assertThat(BounceDecision.decide(Kind.HARD, "filtered", Carrier.GMAIL, Status.ACTIVE, true, false))
                .isEqualTo(Outcome.SUSPENDED);
    }

    @Test
    void aComplaintShouldUnsubscribeAndAnAutoReplyChangeNothing() {
        assertThat(BounceDecision.decide(Kind.COMPLAINT, "feedback", Carrier.GMAIL, Status.ACTIVE, false, false))
                .isEqualTo(Outcome.UNSUBSCRIBED);
        assertThat(BounceDecision.decide(Kind.NONE, "vacation", Carrier.GMAIL, Status.ACTIVE, true, true))
                .isEqualTo(Outcome.IGNORED);
    }

    @Test
    void aBlockedRefusalShouldNeverSuspend() {
        assertThat(BounceDecision.decide(Kind.BLOCKED, "blocked", Carrier.GMAIL, Status.ACTIVE, true, true))
                .isEqualTo(Outcome.COUNTED);
    }

    @Test
    void aHardBounceOfAnAddressThatIsNoMemberShouldStillSuppressIt() {
        assertThat(BounceDecision.decide(Kind.HARD, "userunknown", null, null, true, false))
                .isEqualTo(Outcome.SUSPENDED);
    }
}
