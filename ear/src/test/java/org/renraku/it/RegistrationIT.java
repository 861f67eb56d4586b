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
import org.renraku.members.boundary.RegistrationOutcome;
import org.renraku.members.boundary.Registrations;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Member;
import org.renraku.members.entity.MemberAttribute;
import org.renraku.members.entity.MemberAttribute.Kind;

/**
 * Joining by blank mail inside Payara, as the inbound reader drives it: the registration mail arrives with a
 * one-time link and the 指定受信 guidance, the form registers name and attributes, the welcome mail carries the
 * personal link, which opens the profile. Also the already-member answer, leaving by mail, 代行登録.
 */
@ExtendWith(ArquillianExtension.class)
class RegistrationIT {

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

    @Test
    void blankMailShouldLeadToARegisteredMemberWithAttributesAndAPersonalLink() throws Exception {
        long network = fixtures.network();
        MemberAttribute grade = attributes.create(network, "学年", Kind.SINGLE, List.of("1年", "2年", "3年"), true, false);
        MemberAttribute clubs = attributes.create(network, "部活", Kind.MULTI, List.of("野球", "吹奏楽"), false, false);
        MemberAttribute memo = attributes.create(network, "管理メモ", Kind.TEXT, null, false, true);
        String address = Fixtures.unique("parent") + "@docomo.ne.jp";

        assertThat(registrations.startByMail(network, EmailAddress.of(address))).isEqualTo(RegistrationOutcome.LINK_SENT);

        Mailbox.Mail invitation = Mailbox.await(address, "会員登録のご案内");
        assertThat(invitation.text()).contains("http://localhost:8080/member/register.xhtml?token=", "24時間",
                "指定受信");
        String token = invitation.token("/member/register.xhtml");
        assertThat(members.peekRegistration(token)).hasValueSatisfying(form -> {
            assertThat(form.email()).isEqualTo(address);
            assertThat(form.networkId()).isEqualTo(network);
        });
        assertThat(attributes.forMembers(network)).extracting(MemberAttribute::label).containsExactly("学年", "部活");

        assertThatThrownBy(() -> members.register(token, "山田 花子", Map.of(clubs.id(), List.of("野球")), true))
                .as("a required attribute is missing")
                .isInstanceOfSatisfying(MemberException.class, e -> {
                    assertThat(e.key()).isEqualTo(MemberException.ATTRIBUTE_REQUIRED);
                    assertThat(e.arguments()).containsExactly("学年");
                });
        assertThatThrownBy(() -> members.register(token, "あ".repeat(200), Map.of(grade.id(), List.of("2年")), true))
                .isInstanceOfSatisfying(MemberException.class,
                        e -> assertThat(e.key()).isEqualTo(MemberException.NAME_TOO_LONG));
        assertThatThrownBy(() -> members.register(token, "<script>alert(1)</script>", Map.of(grade.id(), List.of("2年")), true))
                .isInstanceOfSatisfying(MemberException.class,
                        e -> assertThat(e.key()).isEqualTo(MemberException.NAME_MARKUP));
        assertThatThrownBy(() -> members.register(token, "山田 花子", Map.of(grade.id(), List.of("2年")), false))
                .isInstanceOfSatisfying(MemberException.class,
                        e -> assertThat(e.key()).isEqualTo(MemberException.CONSENT_MISSING));
        assertThat(members.peekRegistration(token)).as("refusals do not spend the link").isPresent();

        MemberProfile registered = members.register(token, "山田\r\n 花子\t",
                Map.of(grade.id(), List.of("2年"), clubs.id(), List.of("吹奏楽", "野球"), memo.id(), List.of("forged")),
                true);
        assertThat(registered.name()).isEqualTo("山田 花子");
        assertThat(registered.status()).isEqualTo(Member.Status.ACTIVE);
        assertThat(members.peekRegistration(token)).as("the link works once").isEmpty();
        assertThatThrownBy(() -> members.register(token, "二度目", Map.of(grade.id(), List.of("1年")), true))
                .isInstanceOfSatisfying(MemberException.class,
                        e -> assertThat(e.key()).isEqualTo(MemberException.LINK_INVALID));

        Mailbox.Mail welcome = Mailbox.await(address, "ご登録ありがとうございます");
        assertThat(welcome.text()).contains("山田 花子", "http://localhost:8080/member/page.xhtml?m=");
        MemberMail link = MemberMail.of(welcome);
        assertThat(link.memberId()).isEqualTo(registered.id());

        MemberProfile profile = members.byLink(link.memberId(), link.signature()).orElseThrow();
        assertThat(profile.email()).isEqualTo(address);
        assertThat(profile.attributes()).containsEntry(grade.id(), List.of("2年"))
                .containsEntry(clubs.id(), List.of("野球", "吹奏楽")).doesNotContainKey(memo.id());
        assertThat(members.byLink(link.memberId(), link.signature() + "x")).isEmpty();
        assertThat(members.byLink(link.memberId() + 1, link.signature())).isEmpty();

        assertThat(column("SELECT attributes FROM members WHERE id = ?", registered.id()))
                .contains("\"" + grade.id() + "\"", "2年", "[").doesNotContain("forged");
        assertThat(column("SELECT joined_via FROM members WHERE id = ?", registered.id())).isEqualTo("MAIL");
    }

    @Test
    void blankMailFromAnActiveMemberShouldAnswerWithThePersonalLink() throws Exception {
        long network = fixtures.network();
        String address = Fixtures.unique("member") + "@ezweb.ne.jp";
        registrations.startByMail(network, EmailAddress.of(address));
        String token = Mailbox.await(address, "会員登録のご案内").token("/member/register.xhtml");
        MemberProfile member = members.register(token, "佐藤 太郎", Map.of(), true);
        Mailbox.await(address, "ご登録ありがとうございます");

        assertThat(registrations.startByMail(network, EmailAddress.of(address.toUpperCase())))
                .isEqualTo(RegistrationOutcome.ALREADY_MEMBER);

        Mailbox.Mail already = Mailbox.await(address, "すでにご登録済み");
        assertThat(MemberMail.of(already).memberId()).isEqualTo(member.id());
        assertThat(already.text()).doesNotContain("register.xhtml");
    }

    @Test
    void leaveByMailShouldEndTheMembershipWithAConfirmationAndAllowJoiningAgain() throws Exception {
        long network = fixtures.network();
        String address = Fixtures.unique("leaver") + "@gmail.com";
        registrations.startByMail(network, EmailAddress.of(address));
        MemberProfile member = members.register(Mailbox.await(address, "会員登録のご案内").token("/member/register.xhtml"),
                "鈴木 一郎", Map.of(), true);
        MemberMail link = MemberMail.of(Mailbox.await(address, "ご登録ありがとうございます"));

        // 「退会」 by mail only mails the confirmation link; its button leaves
        assertThat(members.requestLeaveByMail(network, EmailAddress.of(address)))
                .isEqualTo(Members.LeaveRequest.CONFIRMATION_SENT);
        assertThat(column("SELECT status FROM members WHERE id = ?", member.id())).isEqualTo("ACTIVE");
        String leave = Mailbox.await(address, "退会の確認").token("/member/leave.xhtml");
        assertThat(members.peekLeave(leave)).isPresent();
        members.confirmLeave(leave);
        assertThat(Mailbox.await(address, "退会しました").text()).contains("鈴木 一郎");
        assertThat(column("SELECT status FROM members WHERE id = ?", member.id())).isEqualTo("LEFT");
        assertThat(members.byLink(link.memberId(), link.signature())).as("old links stop working").isEmpty();
        assertThatThrownBy(() -> members.confirmLeave(leave)).as("spent").isInstanceOf(MemberException.class);
        assertThat(members.requestLeaveByMail(network, EmailAddress.of(address))).as("no active member any more")
                .isEqualTo(Members.LeaveRequest.NOT_A_MEMBER);
        assertThat(members.requestLeaveByMail(network, EmailAddress.of(Fixtures.unique("nobody") + "@gmail.com")))
                .isEqualTo(Members.LeaveRequest.NOT_A_MEMBER);

        // joining again reuses the row
        assertThat(registrations.startByMail(network, EmailAddress.of(address))).isEqualTo(RegistrationOutcome.LINK_SENT);
        String again = Mailbox.await(address, "会員登録のご案内", 2, Duration.ofSeconds(20)).token("/member/register.xhtml");
        MemberProfile back = members.register(again, "鈴木 一郎", Map.of(), true);
        assertThat(back.id()).isEqualTo(member.id());
        assertThat(back.status()).isEqualTo(Member.Status.ACTIVE);
    }

    @Test
    void closedJoiningShouldSendNothing() throws Exception {
        long network = fixtures.network();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE networks SET joining_open = FALSE WHERE id = ?")) {
            s.setLong(1, network);
            s.executeUpdate();
        }
        String address = Fixtures.unique("closed") + "@gmail.com";
        assertThat(registrations.startByMail(network, EmailAddress.of(address))).isEqualTo(RegistrationOutcome.JOINING_CLOSED);
        assertThat(registrations.startByMail(-1, EmailAddress.of(address))).isEqualTo(RegistrationOutcome.JOINING_CLOSED);
        Thread.sleep(1_500);
        assertThat(Mailbox.read(address)).isEmpty();
    }

    @Test
    void proxyRegistrationShouldStayPendingUntilTheMemberConfirms() throws Exception {
        long network = fixtures.network();
        MemberAttribute grade = attributes.create(network, "学年", Kind.SINGLE, List.of("1年", "2年"), true, false);
        String address = Fixtures.unique("proxy") + "@softbank.ne.jp";

        MemberProfile pending = members.proxyRegister(network, address, "代行 花子", Map.of(grade.id(), List.of("1年")),
                "it-admin", "127.0.0.1");
        assertThat(pending.status()).isEqualTo(Member.Status.PENDING);
        assertThat(column("SELECT joined_via FROM members WHERE id = ?", pending.id())).isEqualTo("PROXY");
        assertThatThrownBy(() -> members.proxyRegister(network, address, "二重", Map.of(grade.id(), List.of("1年")), "it",
                "127.0.0.1"))
                .isInstanceOfSatisfying(MemberException.class,
                        e -> assertThat(e.key()).isEqualTo(MemberException.EMAIL_TAKEN));

        String token = Mailbox.await(address, "会員登録の確認").token("/member/register.xhtml");
        assertThat(members.peekRegistration(token)).hasValueSatisfying(form -> {
            assertThat(form.name()).isEqualTo("代行 花子");
            assertThat(form.attributes()).containsEntry(grade.id(), List.of("1年"));
        });
        MemberProfile confirmed = members.register(token, "代行 花子", Map.of(grade.id(), List.of("2年")), true);
        assertThat(confirmed.id()).isEqualTo(pending.id());
        assertThat(confirmed.status()).isEqualTo(Member.Status.ACTIVE);
        Mailbox.await(address, "ご登録ありがとうございます");
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
