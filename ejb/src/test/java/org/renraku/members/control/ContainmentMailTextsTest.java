package org.renraku.members.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The wording of the mails that make mail-borne actions provable and a leaked link containable. */
class ContainmentMailTextsTest {

    @Test
    void leaveConfirmationSaysNothingChangesUntilTheButtonAndCarriesTheLink() {
        String body = MemberMails.text(Locale.JAPANESE, "leave.confirm.body", "佐藤 花子", "さくら小PTA",
                "https://renraku.test/member/leave.xhtml?token=abc", 3, "2026年4月3日 18:00");
        assertThat(MemberMails.text(Locale.JAPANESE, "leave.confirm.subject", "さくら小PTA")).isEqualTo("【さくら小PTA】退会の確認");
        assertThat(body).contains("佐藤 花子 様", "https://renraku.test/member/leave.xhtml?token=abc", "3日間",
                "押すまでは何も変わりません");
    }

    @Test
    void noticeToTheFormerAddressNamesTheNewOneAndCarriesTheUndoLinkButNoPersonalLink() {
        String body = MemberMails.text(Locale.JAPANESE, "address.notice.body", "鈴木 一郎", "ひばり保育園", "taker@gmail.com",
                "https://renraku.test/member/undo-address.xhtml?token=xyz", 7, "2026年4月10日 09:00");
        assertThat(MemberMails.text(Locale.JAPANESE, "address.notice.subject", "ひばり保育園"))
                .isEqualTo("【ひばり保育園】登録メールアドレスが変更されました");
        assertThat(body).contains("taker@gmail.com", "https://renraku.test/member/undo-address.xhtml?token=xyz",
                "7日間", "元に戻す").doesNotContain("page.xhtml");
    }

    @Test
    void restoredAddressMailCarriesTheNewPersonalLink() {
        String body = MemberMails.text(Locale.JAPANESE, "address.restored.body", "鈴木 一郎", "ひばり保育園", "ichiro@ezweb.ne.jp",
                "https://renraku.test/member/page.xhtml?m=1&s=x");
        assertThat(body).contains("ichiro@ezweb.ne.jp に戻しました", "https://renraku.test/member/page.xhtml?m=1&s=x");
    }
}
