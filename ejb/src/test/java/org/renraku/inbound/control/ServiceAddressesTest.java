package org.renraku.inbound.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.renraku.members.entity.EmailAddress;

class ServiceAddressesTest {

    private final ServiceAddresses own = new ServiceAddresses(Set.of("join.renraku.test", "renraku.test"),
            Set.of("noreply@renraku.test", "news@mail.renraku.test"));

    @Test
    void everyAddressAtTheJoinAndBounceDomainsShouldBeOurOwn() {
        for (String a : new String[] {"sakura-pta@join.renraku.test", "sakura-pta+post-abc@join.renraku.test",
                "sakura-pta+r-12-xyz@join.renraku.test", "bounce+token@renraku.test", "Unsubscribe@RENRAKU.test"}) {
            assertThat(own.own(EmailAddress.of(a))).as(a).isPresent();
        }
    }

    @Test
    void theTransactionalAndBroadcastSendersShouldBeOurOwn() {
        assertThat(own.own(EmailAddress.of("noreply@renraku.test"))).isPresent();
        assertThat(own.own(EmailAddress.of("News@mail.renraku.test"))).isPresent();
    }

    @Test
    void parentsAddressesShouldNotBe() {
        for (String a : new String[] {"hanako@docomo.ne.jp", "x@sub.join.renraku.test", "noreply@mail.renraku.test",
                "join.renraku.test@example.jp"}) {
            assertThat(own.own(EmailAddress.of(a))).as(a).isEmpty();
        }
    }
}
