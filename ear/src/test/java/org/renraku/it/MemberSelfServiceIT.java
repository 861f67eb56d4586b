package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.members.boundary.MemberAttributes;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.boundary.MemberProfile;
import org.renraku.members.boundary.Members;
import org.renraku.members.boundary.Registrations;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.MemberAttribute;
import org.renraku.members.entity.MemberAttribute.Kind;

/**
 * A member's own page through the signed personal link: profile edits, an address change that waits for the
 * new address to confirm, duplicates refused, and links revoked by raising link_version.
 */
@ExtendWith(ArquillianExtension.class)
class MemberSelfServiceIT {

    @Inject
    Fixtures fixtures;
    @Inject
    Registrations registrations;
    @Inject
    Members members;
    @Inject
    MemberAttributes attributes;
    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    private MemberProfile join(long network, String address, String name) throws Exception {
        int seen = Mailbox.read(address).size(); // the address may have joined another network before
        registrations.startByMail(network, EmailAddress.of(address));
        String token = Mailbox.await(address, "会員登録のご案内", seen, Duration.ofSeconds(20)).token("/member/register.xhtml");
        members.register(token, name, Map.of(), true);
        MemberMail link = MemberMail.of(Mailbox.await(address, "ご登録ありがとうございます", seen, Duration.ofSeconds(20)));
        return members.byLink(link.memberId(), link.signature()).orElseThrow();
    }

    @Test
    void addressChangeShouldWaitForTheNewAddressToConfirm() throws Exception {
        long network = fixtures.network();
        String old = Fixtures.unique("old") + "@docomo.ne.jp";
        String next = Fixtures.unique("new") + "@gmail.com";
        MemberProfile member = join(network, old, "高橋 次郎");

        members.requestAddressChange(member.id(), member.signature(), next);

        assertThat(email(member.id())).as("nothing changes before the confirmation").isEqualTo(old);
        Mailbox.Mail confirm = Mailbox.await(next, "メールアドレス変更の確認");
        assertThat(confirm.text()).contains("高橋 次郎", "/member/confirm-address.xhtml?token=");
        String token = confirm.token("/member/confirm-address.xhtml");

        MemberProfile changed = members.confirmAddressChange(token);
        assertThat(changed.email()).isEqualTo(next);
        assertThat(email(member.id())).isEqualTo(next);
        assertThat(carrier(member.id())).isEqualTo("GMAIL");
        assertThat(members.byLink(member.id(), member.signature())).as("old links are revoked").isEmpty();
        MemberMail link = MemberMail.of(Mailbox.await(next, "メールアドレスを変更しました"));
        assertThat(members.byLink(link.memberId(), link.signature())).isPresent();
        assertThatThrownBy(() -> members.confirmAddressChange(token))
                .isInstanceOfSatisfying(MemberException.class, e -> assertThat(e.key()).isEqualTo(MemberException.LINK_INVALID));
    }

    @Test
    void addressChangeMailsShouldBeLimitedPerMemberAnHour() throws Exception {
        long network = fixtures.network();
        MemberProfile member = join(network, Fixtures.unique("limited") + "@docomo.ne.jp", "小林 五郎");
        for (int i = 0; i < 3; i++) {
            members.requestAddressChange(member.id(), member.signature(), Fixtures.unique("to" + i) + "@gmail.com");
        }
        String fourth = Fixtures.unique("to4") + "@gmail.com";
        assertThatThrownBy(() -> members.requestAddressChange(member.id(), member.signature(), fourth))
                .isInstanceOfSatisfying(MemberException.class,
                        e -> assertThat(e.key()).isEqualTo(MemberException.ADDRESS_CHANGES_LIMITED));
        assertThat(Mailbox.read(fourth)).as("no confirmation beyond the limit").isEmpty();
        // another member of the network is not held up by it
        MemberProfile other = join(network, Fixtures.unique("other") + "@docomo.ne.jp", "小林 六郎");
        members.requestAddressChange(other.id(), other.signature(), Fixtures.unique("to5") + "@gmail.com");
    }

    @Test
    void duplicateAddressShouldBeRefusedClearly() throws Exception {
        long network = fixtures.network();
        String first = Fixtures.unique("first") + "@au.com";
        String second = Fixtures.unique("second") + "@au.com";
        join(network, first, "一人目");
        MemberProfile other = join(network, second, "二人目");

        assertThatThrownBy(() -> members.requestAddressChange(other.id(), other.signature(), first.toUpperCase()))
                .isInstanceOfSatisfying(MemberException.class, e -> assertThat(e.key()).isEqualTo(MemberException.EMAIL_TAKEN));
        assertThatThrownBy(() -> members.requestAddressChange(other.id(), other.signature(), second))
                .isInstanceOfSatisfying(MemberException.class, e -> assertThat(e.key()).isEqualTo(MemberException.EMAIL_SAME));
        assertThatThrownBy(() -> members.requestAddressChange(other.id(), other.signature(), "not an address"))
                .isInstanceOfSatisfying(MemberException.class, e -> assertThat(e.key()).isEqualTo(MemberException.EMAIL_INVALID));

        // the address is free when asked, taken by the time the link is opened
        String contested = Fixtures.unique("contested") + "@au.com";
        members.requestAddressChange(other.id(), other.signature(), contested);
        String token = Mailbox.await(contested, "メールアドレス変更の確認").token("/member/confirm-address.xhtml");
        join(network, contested, "三人目");
        assertThatThrownBy(() -> members.confirmAddressChange(token))
                .isInstanceOfSatisfying(MemberException.class, e -> assertThat(e.key()).isEqualTo(MemberException.EMAIL_TAKEN));
        assertThat(email(other.id())).isEqualTo(second);

        // another network may have the same address
        join(fixtures.network(), first, "別の連絡網");
    }

    @Test
    void raisingTheLinkVersionShouldRevokeOldLinks() throws Exception {
        long network = fixtures.network();
        MemberProfile member = join(network, Fixtures.unique("revoke") + "@icloud.com", "伊藤 三郎");
        assertThat(members.byLink(member.id(), member.signature())).isPresent();

        String fresh = members.revokeLinks(network, member.id(), "admin-it", "127.0.0.1");

        assertThat(members.byLink(member.id(), member.signature())).isEmpty();
        assertThatThrownBy(() -> members.updateProfile(member.id(), member.signature(), "乗っ取り", Map.of()))
                .isInstanceOfSatisfying(MemberException.class, e -> assertThat(e.key()).isEqualTo(MemberException.LINK_INVALID));
        String signature = fresh.substring(fresh.indexOf("&s=") + 3);
        assertThat(members.byLink(member.id(), signature)).isPresent();
        assertThat(members.leaveByLink(member.id(), member.signature())).isFalse();
        assertThatThrownBy(() -> members.revokeLinks(fixtures.network(), member.id(), "admin-it", "127.0.0.1"))
                .as("another network's member")
                .isInstanceOf(MemberException.class);
    }

    @Test
    void profileShouldBeUpdatedThroughTheLinkAndLeavingShouldEndIt() throws Exception {
        long network = fixtures.network();
        MemberAttribute klass = attributes.create(network, "クラス", Kind.SINGLE, List.of("A組", "B組"), false, false);
        MemberProfile member = join(network, Fixtures.unique("edit") + "@yahoo.co.jp", "渡辺 四郎");

        MemberProfile updated = members.updateProfile(member.id(), member.signature(), " 渡辺\n四郎 ",
                Map.of(klass.id(), List.of("B組")));
        assertThat(updated.name()).isEqualTo("渡辺四郎");
        assertThat(updated.attributes()).containsEntry(klass.id(), List.of("B組"));
        assertThatThrownBy(() -> members.updateProfile(member.id(), member.signature(), "", Map.of()))
                .isInstanceOfSatisfying(MemberException.class, e -> assertThat(e.key()).isEqualTo(MemberException.NAME_INVALID));
        assertThatThrownBy(() -> members.updateProfile(member.id(), member.signature(), "x",
                Map.of(klass.id(), List.of("Z組"))))
                .isInstanceOfSatisfying(MemberException.class, e -> assertThat(e.key()).isEqualTo(MemberException.ATTRIBUTE_INVALID));

        assertThat(members.leaveByLink(member.id(), member.signature())).isTrue();
        assertThat(Mailbox.await(member.email(), "退会しました")).isNotNull();
        assertThat(members.byLink(member.id(), member.signature())).isEmpty();
    }

    @Test
    void attributesShouldBeReorderedWithinTheirNetwork() {
        long network = fixtures.network();
        MemberAttribute a = attributes.create(network, "学年", Kind.TEXT, null, false, false);
        MemberAttribute b = attributes.create(network, "クラス", Kind.TEXT, null, false, false);
        MemberAttribute c = attributes.create(network, "係", Kind.MULTI, List.of("会計", "書記"), false, true);
        attributes.move(network, c.id(), -1);
        assertThat(attributes.list(network)).extracting(MemberAttribute::label).containsExactly("学年", "係", "クラス");
        attributes.reorder(network, List.of(b.id(), a.id()));
        assertThat(attributes.list(network)).extracting(MemberAttribute::label).containsExactly("クラス", "学年", "係");
        attributes.update(network, c.id(), "担当", Kind.SINGLE, List.of("会計"), true, true);
        assertThat(attributes.list(network).get(2).label()).isEqualTo("担当");
        assertThatThrownBy(() -> attributes.delete(fixtures.network(), a.id())).isInstanceOf(MemberException.class);
        assertThatThrownBy(() -> attributes.create(network, "選択", Kind.SINGLE, List.of(), false, false))
                .isInstanceOfSatisfying(MemberException.class, e -> assertThat(e.key()).isEqualTo("attributes.error.choicesMissing"));
        attributes.delete(network, a.id());
        assertThat(attributes.list(network)).hasSize(2);
    }

    private String email(long id) throws Exception {
        return column("SELECT email FROM members WHERE id = ?", id);
    }

    private String carrier(long id) throws Exception {
        return column("SELECT carrier FROM members WHERE id = ?", id);
    }

    private String column(String sql, long id) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
