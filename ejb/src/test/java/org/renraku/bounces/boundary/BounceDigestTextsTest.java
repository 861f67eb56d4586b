package org.renraku.bounces.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.renraku.mail.control.MailTexts;

class BounceDigestTextsTest {

    @Test
    void knownReasonsShouldReadInJapaneseAndOthersFallBack() {
        assertThat(BounceDigest.reasonText(Locale.JAPANESE, "userunknown")).isEqualTo("宛先のアドレスがありません");
        assertThat(BounceDigest.reasonText(Locale.JAPANESE, "mailboxfull")).isEqualTo("受信箱が満杯です");
        assertThat(BounceDigest.reasonText(Locale.JAPANESE, "nosuchreason")).isEqualTo("配信エラー");
        assertThat(BounceDigest.reasonText(Locale.JAPANESE, null)).isEqualTo("配信エラー");
    }

    @Test
    void theDigestShouldListEveryLineAndTheCount() {
        String line = MailTexts.text("bounceDigest.line", "山田 花子", "ha***@docomo.ne.jp",
                BounceDigest.reasonText(Locale.JAPANESE, "userunknown"), MailTexts.text("bounceDigest.outcome.SUSPENDED"), "2026年11月27日 9:00");
        String body = MailTexts.text("bounceDigest.body", "さくら小PTA", 1, line, "https://renraku.example/");
        assertThat(body).contains("次の1件").contains("・山田 花子(ha***@docomo.ne.jp)  宛先のアドレスがありません  配信停止")
                .contains("https://renraku.example/");
        assertThat(MailTexts.text("bounceDigest.subject", "さくら小PTA", 2)).isEqualTo("【Renraku】「さくら小PTA」配信エラーによる停止のお知らせ(2件)");
    }

    @Test
    void anEnglishReadingAdminGetsTheReasonsAndLinesInEnglish() {
        assertThat(BounceDigest.reasonText(Locale.ENGLISH, "userunknown"))
                .isEqualTo(MailTexts.text(Locale.ENGLISH, "bounceReason.userunknown")).doesNotContain("宛先");
        assertThat(BounceDigest.reasonText(Locale.ENGLISH, "nosuchreason"))
                .isEqualTo(MailTexts.text(Locale.ENGLISH, "bounceReason.other"));
        String lines = BounceDigest.lines(Locale.ENGLISH, java.util.List.<Object[]>of(
                new Object[] {null, "hanako@docomo.ne.jp", "mailboxfull", "SUSPENDED", 1_795_000_000L}), true);
        assertThat(lines).contains(MailTexts.text(Locale.ENGLISH, "bounceDigest.noName"))
                .contains(MailTexts.text(Locale.ENGLISH, "bounceDigest.outcome.SUSPENDED"))
                .contains("hanako@docomo.ne.jp").contains("2026").doesNotContainPattern("[\\p{IsHan}\\p{IsHiragana}]");
    }
}
