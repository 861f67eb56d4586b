package org.renraku.bounces.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.renraku.mail.control.MailTexts;

class TestMailTextsTest {

    @Test
    void theTestMailSaysItIsTheMonthlyCheckAndNeedsNoReply() {
        assertThat(MailTexts.text("testMail.subject")).isEqualTo("【連絡網】配信テスト");
        assertThat(MailTexts.text("testMail.body", "さくら小PTA")).contains("「さくら小PTA」").contains("毎月の配信テスト")
                .contains("お返事や操作は必要ありません");
    }

    @Test
    void theReportNamesTheMembersWithMaskedAddresses() {
        List<Object[]> events = List.of(
                new Object[] {"山田 花子", "hanako@docomo.ne.jp", "userunknown", "SUSPENDED", new BigDecimal("1795000000.000")},
                new Object[] {"鈴木 一郎", "ichiro@example.jp", "userunknown", "DELETED", new BigDecimal("1795000001.000")});
        String lines = BounceDigest.lines(Locale.JAPANESE, events, false);
        assertThat(lines).contains("・山田 花子(ha").contains("配信停止").contains("・鈴木 一郎(ic").contains("削除(配信テスト)")
                .doesNotContain("hanako@").doesNotContain("ichiro@");
        assertThat(BounceDigest.lines(Locale.JAPANESE, events, true)).contains("hanako@docomo.ne.jp");
        String body = MailTexts.text("testMailReport.body", "さくら小PTA", "2026年11月1日 10:00", 10, 8, 1, 1, lines,
                "https://renraku.example/");
        assertThat(body).contains("送信: 10件").contains("配信停止: 1件  削除: 1件").contains("山田 花子")
                .contains("https://renraku.example/");
        assertThat(MailTexts.text("testMailReport.subject", "さくら小PTA", 1, 1))
                .isEqualTo("【Renraku】「さくら小PTA」配信テストの結果(停止1件・削除1件)");
    }

    @Test
    void settingsCheckTheDay() {
        assertThat(TestMailSettings.defaults()).isEqualTo(new TestMailSettings(true, 1, false));
        assertThat(new TestMailSettings(false, 15, true).describe()).isEqualTo("off day=15 bounce=DELETE");
        assertThatThrownBy(() -> new TestMailSettings(true, 31, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
