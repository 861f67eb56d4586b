package org.renraku.delivery.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.renraku.broadcasts.control.MessageComposer;

/** What the sending job hands the composer for one delivery: placeholders, and the footer's language and link. */
class DeliveryRecipientTest {

    @Test
    void theMembersLanguageAndLinkVersionShouldReachTheComposer() {
        MessageComposer.Recipient r = DeliveryRun.recipient(new DeliveryRun.Pending(5, 42, "emily@example.jp",
                "Emily Brown", "{\"7\": \"3年\"}", true, "en", 4), Map.of(7L, "学年"));

        assertThat(r.locale()).isEqualTo(Locale.ENGLISH);
        assertThat(r.linkVersion()).isEqualTo(4);
        assertThat(r.values()).containsEntry("name", "Emily Brown").containsEntry("学年", "3年");
        assertThat(r.memberId()).isEqualTo(42);
    }

    @Test
    void aMemberWithoutAChosenLanguageShouldGetJapanese() {
        MessageComposer.Recipient r = DeliveryRun.recipient(new DeliveryRun.Pending(5, 42, "a@example.jp", "会員",
                null, true, "ja", 1), Map.of());

        assertThat(r.locale()).isEqualTo(Locale.JAPANESE);
        assertThat(r.linkVersion()).isEqualTo(1);
    }
}
