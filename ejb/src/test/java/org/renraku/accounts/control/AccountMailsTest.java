package org.renraku.accounts.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.renraku.accounts.entity.Admin;
import org.renraku.accounts.entity.Operator;
import org.renraku.accounts.entity.UserId;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.members.entity.EmailAddress;
import org.renraku.networks.entity.Network;

class AccountMailsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T21:02:00Z"); // 2026-11-27 6:02 in Tokyo
    private static final String TOKEN = "q1w2E3r4-T5y6_u7i8o9p0a1s2d3f4g5h6j7k8l9z0x";

    private final AccountMails mails = new AccountMails();
    private Admin admin;

    @BeforeEach
    void setUp() {
        mails.baseUrl = "https://renraku.example.jp/ ";
        Network network = new Network("sakura-pta", "さくら小学校PTA", NOW);
        admin = new Admin(network, new UserId("sakura-office"), "髙﨑 花子", EmailAddress.of("Hanako@Example.JP"), NOW);
    }

    @Test
    void resetMailShouldCarryTheLinkTheAccountAndTheValidityInJapanese() {
        OutgoingMail mail = mails.reset(admin, "さくら小学校PTA", TOKEN, NOW.plusSeconds(1800));

        assertThat(mail.to().value()).isEqualTo("hanako@example.jp");
        assertThat(mail.subject()).isEqualTo("【Renraku】パスワード再設定のご案内");
        assertThat(mail.text()).contains("髙﨑 花子 様", "「さくら小学校PTA」", "ユーザーID: sakura-office",
                "https://renraku.example.jp/reset.xhtml?token=" + TOKEN, "30分間", "2026年11月27日 6:32まで");
        assertThat(mail.text()).doesNotContain("{", "}");
    }

    @Test
    void invitationMailShouldCarryTheLinkTheUserIdAndWhoInvited() {
        OutgoingMail mail = mails.invitation(admin, "さくら小学校PTA", "山田 太郎", TOKEN, NOW.plusSeconds(7 * 86400));

        assertThat(mail.subject()).isEqualTo("【Renraku】「さくら小学校PTA」の管理者として招待されました");
        assertThat(mail.text()).contains("山田 太郎さんから", "ユーザーID: sakura-office",
                "https://renraku.example.jp/invitation.xhtml?token=" + TOKEN, "7日間",
                "https://renraku.example.jp/\n");
        assertThat(mail.text()).doesNotContain("{", "}");
    }

    @Test
    void passwordChangedMailShouldSayWhenAndHowAndPointToTheResetPage() {
        OutgoingMail reset = mails.passwordChanged(admin, "さくら小学校PTA", NOW, true);
        OutgoingMail own = mails.passwordChanged(admin, "さくら小学校PTA", NOW, false);

        assertThat(reset.subject()).isEqualTo("【Renraku】パスワードが変更されました");
        assertThat(reset.text()).contains("2026年11月27日 6:02に変更されました(パスワード再発行による変更)",
                "https://renraku.example.jp/forgot.xhtml");
        assertThat(own.text()).contains("(管理画面での変更)");
    }

    @Test
    void aMailInALogLineShouldNotShowItsLink() {
        OutgoingMail mail = mails.reset(admin, "さくら小学校PTA", TOKEN, NOW);

        assertThat(mail.toString()).doesNotContain(TOKEN).contains("hanako@example.jp");
    }

    @Test
    void operatorResetMailShouldGoToTheOperatorsAddressWithTheLinkAndNoNetwork() {
        Operator operator = operator();

        OutgoingMail mail = mails.operatorReset(operator, TOKEN, NOW.plusSeconds(1800));

        assertThat(mail.to().value()).isEqualTo("ops@renraku.example.jp");
        assertThat(mail.subject()).isEqualTo("【Renraku】パスワード再設定のご案内");
        assertThat(mail.text()).contains("運用 太郎 様", "運営者アカウント(ユーザーID: ops-taro)",
                "https://renraku.example.jp/reset.xhtml?token=" + TOKEN, "30分間", "2026年11月27日 6:32まで",
                "一度だけ使えます").doesNotContain("{", "}", "管理者アカウント");
        assertThat(mail.toString()).doesNotContain(TOKEN);
    }

    @Test
    void operatorPasswordChangedMailShouldSayWhenAndHowAndThatOtherSessionsEnded() {
        OutgoingMail reset = mails.operatorPasswordChanged(operator(), NOW, true);
        OutgoingMail own = mails.operatorPasswordChanged(operator(), NOW, false);

        assertThat(reset.to().value()).isEqualTo("ops@renraku.example.jp");
        assertThat(reset.subject()).isEqualTo("【Renraku】パスワードが変更されました");
        assertThat(reset.text()).contains("2026年11月27日 6:02に変更されました(パスワード再発行による変更)",
                "運営者画面は、安全のためログアウトしました", "https://renraku.example.jp/forgot.xhtml")
                .doesNotContain("{", "}");
        assertThat(own.text()).contains("(運営者画面での変更)");
    }

    @Test
    void operatorEmailChangedMailShouldGoToTheFormerAddressAndNotNameTheNewOne() {
        Operator operator = operator();
        operator.changeEmail(EmailAddress.of("new-ops@renraku.example.jp"));

        OutgoingMail changed = mails.operatorEmailChanged(operator, EmailAddress.of("ops@renraku.example.jp"), NOW, false);
        OutgoingMail removed = mails.operatorEmailChanged(operator, EmailAddress.of("ops@renraku.example.jp"), NOW, true);

        assertThat(changed.to().value()).isEqualTo("ops@renraku.example.jp");
        assertThat(changed.subject()).isEqualTo("【Renraku】運営者アカウントのメールアドレスが変更されました");
        assertThat(changed.text()).contains("ユーザーID: ops-taro", "2026年11月27日 6:02に別のアドレスに変更されました")
                .doesNotContain("new-ops@", "{", "}");
        assertThat(removed.text()).contains("2026年11月27日 6:02に削除されました");
    }

    private static Operator operator() {
        Operator operator = new Operator(new UserId("ops-taro"), "運用 太郎", "hash", NOW);
        operator.changeEmail(EmailAddress.of("Ops@Renraku.Example.JP"));
        return operator;
    }
}
