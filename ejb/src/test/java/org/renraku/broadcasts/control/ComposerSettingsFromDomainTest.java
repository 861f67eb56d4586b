package org.renraku.broadcasts.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A network's proven own domain changes the From address only: the envelope, List-* and Message-ID stay ours. */
class ComposerSettingsFromDomainTest {

    @Test
    void theFromKeepsItsLocalPartInTheNetworksDomainAndNothingElseChanges() {
        MessageComposer.Settings s = Compositions.SETTINGS;
        MessageComposer.Settings own = ComposerSettings.fromDomain(s, "school.example.jp");
        assertThat(own.fromAddress()).isEqualTo(s.fromAddress().substring(0, s.fromAddress().indexOf('@'))
                + "@school.example.jp");
        assertThat(own.bounceDomain()).isEqualTo(s.bounceDomain());
        assertThat(own.messageIdDomain()).isEqualTo(s.messageIdDomain());
        assertThat(own.listIdDomain()).isEqualTo(s.listIdDomain());
        assertThat(own.unsubscribeUrlPrefix()).isEqualTo(s.unsubscribeUrlPrefix());
    }

    @Test
    void aConfiguredFromWithADisplayNameKeepsOnlyTheAddressPart() {
        MessageComposer.Settings s = Compositions.SETTINGS;
        MessageComposer.Settings named = new MessageComposer.Settings("連絡網 <noreply@renraku.test>",
                s.messageIdDomain(), s.bounceDomain(), s.bouncePrefix(), s.unsubscribeUrlPrefix(),
                s.unsubscribeMailbox(), s.listIdDomain(), s.attachmentLimitBytes());
        assertThat(ComposerSettings.fromDomain(named, "school.example.jp").fromAddress())
                .isEqualTo("noreply@school.example.jp");
    }
}
