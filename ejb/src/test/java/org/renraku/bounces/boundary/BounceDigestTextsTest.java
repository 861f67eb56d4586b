package org.renraku.bounces.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.renraku.mail.control.MailTexts;

class BounceDigestTextsTest {

    @Test
    void knownReasonsShouldReadInJapaneseAndOthersFallBack() {
        assertThat(BounceDigest.reasonText("userunknown")).isEqualTo("宛先のアドレスがありません");
        assertThat(BounceDigest.reasonText("mailboxfull")).isEqualTo("受信箱が満杯です");
        assertThat(BounceDigest.reasonText("nosuchreason")).isEqualTo("配信エラー");
        assertThat(BounceDigest.reasonText(null)).isEqualTo("配信エラー");
    }

    @Test
    void theDigestShouldListEveryLineAndTheCount() {
        String line = MailTexts.text("bounceDigest.line", "山田 花子", "ha***@docomo.ne.jp",
                BounceDigest.reasonText("userunknown"), MailTexts.text("bounceDigest.outcome.SUSPENDED"), "2026年11月27日 9:00");
        String body = MailTexts.text("bounceDigest.body", "さくら小PTA", 1, line, "https://renraku.example/");
        assertThat(body).contains("次の1件").contains("・山田 花子(ha***@docomo.ne.jp)  宛先のアドレスがありません  配信停止")
                .contains("https://renraku.example/");
        assertThat(MailTexts.text("bounceDigest.subject", "さくら小PTA", 2)).isEqualTo("【Renraku】「さくら小PTA」配信エラーによる停止のお知らせ(2件)");
    }
}
