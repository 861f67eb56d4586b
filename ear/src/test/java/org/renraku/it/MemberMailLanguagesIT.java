package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.accounts.boundary.Accounts;
import org.renraku.accounts.boundary.AdminAccounts;
import org.renraku.accounts.boundary.Credentials;
import org.renraku.bounces.boundary.BounceDigest;
import org.renraku.bounces.boundary.SuppressionAdministration;
import org.renraku.inbound.control.InboundTexts;
import org.renraku.it.Fixtures.TestAdmin;
import org.renraku.mail.control.MailTexts;
import org.renraku.members.boundary.MemberProfile;
import org.renraku.members.boundary.Members;
import org.renraku.members.boundary.Registrations;
import org.renraku.members.control.MemberMails;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Language;
import org.renraku.networks.boundary.Networks;

/**
 * Both languages for mail: a member whose language is English gets every member mail in English — one
 * test per kind — written from the {@code _en} bundles (each mail is compared with the bundle's own text, never a
 * copy) with nothing of the Japanese text in it; a Japanese member still gets Japanese, and an address that is not
 * a member yet gets Japanese. Admins get their mail in the language of their account too.
 * <p>
 * The networks and members here have Latin names, so an English mail must contain no Japanese script at all.
 */
@ExtendWith(ArquillianExtension.class)
class MemberMailLanguagesIT {

    private static final Locale EN = Locale.ENGLISH;
    private static final Locale JA = Locale.JAPANESE;
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String JOIN_DOMAIN = "join.renraku.test";
    private static final Pattern JAPANESE_SCRIPT = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}【】「」]");
    private static final Pattern ENGLISH_TIME = Pattern.compile("[A-Z][a-z]{2} \\d{1,2}, \\d{4}, \\d{1,2}:\\d{2} JST");
    private static final String MARK = "\u0000";

    /** One of the mail bundles, read the way the application reads it. */
    @FunctionalInterface
    interface Bundle {
        String text(Locale language, String key, Object... arguments);
    }

    private static final Bundle MEMBER_MAILS = MemberMails::text;
    private static final Bundle MAIL_TEXTS = MailTexts::text;
    private static final Bundle JOIN_REPLIES = InboundTexts::text;

    @Inject
    Networks networks;
    @Inject
    Registrations registrations;
    @Inject
    Members members;
    @Inject
    SuppressionAdministration suppressions;
    @Inject
    Credentials credentials;
    @Inject
    Accounts accounts;
    @Inject
    BounceDigest bounceDigest;
    @Inject
    AdminAccounts adminAccounts;
    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource db;

    private record Net(long id, String name, String slug) {
    }

    private Net network() {
        String slug = Fixtures.unique("lang");
        return new Net(networks.create(slug, "Sakura PTA " + slug).id(), "Sakura PTA " + slug, slug);
    }

    // --- member mails, one test per kind

    @Test
    void theWelcomeOfAFormerEnglishMemberWhoJoinsAgainIsEnglish() throws Exception {
        Net net = network();
        String address = Fixtures.unique("welcome") + "@gmail.com";
        MemberProfile member = englishMember(net, address, "Emily Parker");
        members.leaveByLink(member.id(), member.signature());
        int seen = Mailbox.read(address).size();

        registrations.startByMail(net.id(), EmailAddress.of(address));
        String token = awaitMail(address, EN, MEMBER_MAILS, "registration.subject", seen, net.name())
                .token("/member/register.xhtml");
        members.register(token, "Emily Parker", Map.of(), true);

        Mailbox.Mail welcome = awaitMail(address, EN, MEMBER_MAILS, "welcome.subject", seen, net.name());
        assertWrittenIn(EN, MEMBER_MAILS, welcome, "welcome.subject", "welcome.body", net.name());
        assertThat(welcome.text()).contains("Dear Emily Parker", "/member/page.xhtml?m=" + member.id());
    }

    @Test
    void theRegistrationMailOfAMemberAnAdminRegisteredInEnglishIsEnglish() throws Exception {
        Net net = network();
        String address = Fixtures.unique("proxy") + "@au.com";
        int seen = Mailbox.read(address).size();

        members.proxyRegister(net.id(), address, "Grace Hopper", Map.of(), Language.EN, "admin", "127.0.0.1");

        Mailbox.Mail mail = awaitMail(address, EN, MEMBER_MAILS, "proxy.subject", seen, net.name());
        assertWrittenIn(EN, MEMBER_MAILS, mail, "proxy.subject", "proxy.body", net.name());
        assertThat(mail.text()).containsPattern(ENGLISH_TIME).contains("/member/register.xhtml?token=");
    }

    @Test
    void theRegistrationLinkOfAFormerEnglishMemberIsEnglishWithAnEnglishDate() throws Exception {
        Net net = network();
        String address = Fixtures.unique("again") + "@docomo.ne.jp";
        MemberProfile member = englishMember(net, address, "Tom Baker");
        members.leaveByLink(member.id(), member.signature());
        int seen = Mailbox.read(address).size();

        registrations.startByMail(net.id(), EmailAddress.of(address));

        Mailbox.Mail link = awaitMail(address, EN, MEMBER_MAILS, "registration.subject", seen, net.name());
        assertWrittenIn(EN, MEMBER_MAILS, link, "registration.subject", "registration.body", net.name());
        assertThat(link.text()).containsPattern(ENGLISH_TIME).contains("/member/register.xhtml?token=");
    }

    @Test
    void anActiveEnglishMemberWhoMailsTheJoinAddressAgainIsToldInEnglish() throws Exception {
        Net net = network();
        String address = Fixtures.unique("already") + "@icloud.com";
        englishMember(net, address, "Ann Lee");
        int seen = Mailbox.read(address).size();

        registrations.startByMail(net.id(), EmailAddress.of(address));

        Mailbox.Mail already = awaitMail(address, EN, MEMBER_MAILS, "already.subject", seen, net.name());
        assertWrittenIn(EN, MEMBER_MAILS, already, "already.subject", "already.body", net.name());
    }

    @Test
    void theAddressChangeConfirmationToTheNewAddressIsEnglish() throws Exception {
        Net net = network();
        MemberProfile member = englishMember(net, Fixtures.unique("from") + "@au.com", "Mia Brown");
        String next = Fixtures.unique("to") + "@gmail.com";

        members.requestAddressChange(member.id(), member.signature(), next);

        Mailbox.Mail confirm = awaitMail(next, EN, MEMBER_MAILS, "address.confirm.subject", 0, net.name());
        assertWrittenIn(EN, MEMBER_MAILS, confirm, "address.confirm.subject", "address.confirm.body", net.name());
        assertThat(confirm.text()).containsPattern(ENGLISH_TIME);
    }

    @Test
    void theMailThatAnAddressChangedIsEnglish() throws Exception {
        Net net = network();
        MemberProfile member = englishMember(net, Fixtures.unique("from") + "@au.com", "Mia Brown");
        String next = changeAddress(net, member);

        Mailbox.Mail changed = awaitMail(next, EN, MEMBER_MAILS, "address.changed.subject", 0, net.name());
        assertWrittenIn(EN, MEMBER_MAILS, changed, "address.changed.subject", "address.changed.body", net.name());
    }

    @Test
    void theNoticeToTheFormerAddressWithItsUndoLinkIsEnglish() throws Exception {
        Net net = network();
        String former = Fixtures.unique("former") + "@ezweb.ne.jp";
        MemberProfile member = englishMember(net, former, "Sam Wood");
        int seen = Mailbox.read(former).size();
        changeAddress(net, member);

        Mailbox.Mail notice = awaitMail(former, EN, MEMBER_MAILS, "address.notice.subject", seen, net.name());
        assertWrittenIn(EN, MEMBER_MAILS, notice, "address.notice.subject", "address.notice.body", net.name());
        assertThat(notice.text()).containsPattern(ENGLISH_TIME).contains("/member/undo-address.xhtml?token=");
    }

    @Test
    void theMailAfterAnUndoneAddressChangeIsEnglish() throws Exception {
        Net net = network();
        String former = Fixtures.unique("undo") + "@ezweb.ne.jp";
        MemberProfile member = englishMember(net, former, "Sam Wood");
        int seen = Mailbox.read(former).size();
        changeAddress(net, member);
        String undo = awaitMail(former, EN, MEMBER_MAILS, "address.notice.subject", seen, net.name())
                .token("/member/undo-address.xhtml");

        members.undoAddressChange(undo, "192.0.2.1");

        Mailbox.Mail restored = awaitMail(former, EN, MEMBER_MAILS, "address.restored.subject", seen, net.name());
        assertWrittenIn(EN, MEMBER_MAILS, restored, "address.restored.subject", "address.restored.body", net.name());
    }

    @Test
    void theLeaveConfirmationAfterATaikaiMailIsEnglish() throws Exception {
        Net net = network();
        String address = Fixtures.unique("leave") + "@softbank.ne.jp";
        englishMember(net, address, "Ken Smith");
        int seen = Mailbox.read(address).size();

        members.requestLeaveByMail(net.id(), EmailAddress.of(address));

        Mailbox.Mail confirm = awaitMail(address, EN, MEMBER_MAILS, "leave.confirm.subject", seen, net.name());
        assertWrittenIn(EN, MEMBER_MAILS, confirm, "leave.confirm.subject", "leave.confirm.body", net.name());
        assertThat(confirm.text()).containsPattern(ENGLISH_TIME).contains("/member/leave.xhtml?token=");
    }

    @Test
    void theMailAfterLeavingIsEnglish() throws Exception {
        Net net = network();
        String address = Fixtures.unique("left") + "@yahoo.co.jp";
        MemberProfile member = englishMember(net, address, "Lily Evans");
        int seen = Mailbox.read(address).size();

        members.leaveByLink(member.id(), member.signature());

        Mailbox.Mail left = awaitMail(address, EN, MEMBER_MAILS, "left.subject", seen, net.name());
        assertWrittenIn(EN, MEMBER_MAILS, left, "left.subject", "left.body", net.name());
    }

    @Test
    void theConfirmationToResumeMailAfterAnAdminsLiftIsEnglish() throws Exception {
        Net net = network();
        String address = Fixtures.unique("lift") + "@gmail.com";
        englishMember(net, address, "Jack Hill");
        int seen = Mailbox.read(address).size();
        Sql sql = new Sql(db);
        sql.update("INSERT INTO suppressions (network_id, email, reason, source, source_actor, created_at)"
                + " VALUES (?, ?, 'UNSUBSCRIBED', 'ADMIN', 'it', NOW(3))", net.id(), address);
        long suppression = Long.parseLong(sql.row("SELECT id FROM suppressions WHERE network_id = ? AND email = ?",
                net.id(), address).get(0));

        suppressions.lift(net.id(), suppression, "asked at the school gate", "it-admin", "127.0.0.1");

        Mailbox.Mail lift = awaitMail(address, EN, MEMBER_MAILS, "lift.confirm.subject", seen, net.name());
        assertWrittenIn(EN, MEMBER_MAILS, lift, "lift.confirm.subject", "lift.confirm.body", net.name());
    }

    @Test
    void theReplyToAnEnglishMembersMailWithoutTheJoinPasswordIsEnglish() throws Exception {
        Net net = network();
        String address = Fixtures.unique("pw") + "@i.softbank.jp";
        Sql sql = new Sql(db);
        sql.update("UPDATE networks SET join_password = 'sakura2026' WHERE id = ?", net.id());
        long member = sql.member(net.id(), "Ben Clark", address, "SOFTBANK", "LEFT");
        sql.update("UPDATE members SET language = 'en' WHERE id = ?", member);

        Mailbox.send(address, net.slug() + "@" + JOIN_DOMAIN, "", "", Map.of());

        Mailbox.Mail reply = awaitMail(address, EN, JOIN_REPLIES, "password.subject", 0, net.name());
        assertWrittenIn(EN, JOIN_REPLIES, reply, "password.subject", "password.body", net.name());
    }

    // --- Japanese stays the default

    @Test
    void aJapaneseMemberStillGetsJapanese() throws Exception {
        Net net = network();
        String address = Fixtures.unique("ja") + "@docomo.ne.jp";
        MemberProfile member = join(net, address, "Hanako Yamada");
        assertThat(member.language()).isEqualTo(Language.JA);
        int seen = Mailbox.read(address).size();

        members.requestLeaveByMail(net.id(), EmailAddress.of(address));

        Mailbox.Mail confirm = awaitMail(address, JA, MEMBER_MAILS, "leave.confirm.subject", seen, net.name());
        assertWrittenIn(JA, MEMBER_MAILS, confirm, "leave.confirm.subject", "leave.confirm.body", net.name());
        assertThat(confirm.text()).containsPattern("\\d{4}年\\d{1,2}月\\d{1,2}日");
    }

    @Test
    void anAddressThatIsNoMemberYetGetsJapaneseAndAMemberWhoJoinedByBlankMailIsJapanese() throws Exception {
        Net net = network();
        String address = Fixtures.unique("new") + "@gmail.com";

        registrations.startByMail(net.id(), EmailAddress.of(address));

        Mailbox.Mail link = awaitMail(address, JA, MEMBER_MAILS, "registration.subject", 0, net.name());
        assertWrittenIn(JA, MEMBER_MAILS, link, "registration.subject", "registration.body", net.name());
        MemberProfile member = members.register(link.token("/member/register.xhtml"), "New Parent", Map.of(), true);
        assertThat(member.language()).isEqualTo(Language.JA);
        assertWrittenIn(JA, MEMBER_MAILS, awaitMail(address, JA, MEMBER_MAILS, "welcome.subject", 0, net.name()),
                "welcome.subject", "welcome.body", net.name());
    }

    // --- admins

    @Test
    void anEnglishAdminGetsTheResetLinkAndThePasswordNoticeInEnglish() throws Exception {
        TestAdmin admin = admin(network().id(), "Grace Miller");
        assertThat(accounts.changeAdminLanguage(admin.id(), Language.EN)).isTrue();

        credentials.requestReset(admin.userId(), "192.0.2.10");

        Mailbox.Mail reset = awaitMail(admin.email(), EN, MAIL_TEXTS, "reset.subject", 0);
        assertWrittenIn(EN, MAIL_TEXTS, reset, "reset.subject", "reset.body");
        assertThat(reset.text()).contains("(user ID: " + admin.userId() + ")").containsPattern(ENGLISH_TIME);
        credentials.resetWithToken(reset.token("/reset.xhtml"), "new password " + Fixtures.unique("pw"), null);

        Mailbox.Mail changed = awaitMail(admin.email(), EN, MAIL_TEXTS, "passwordChanged.subject", 0);
        assertWrittenIn(EN, MAIL_TEXTS, changed, "passwordChanged.subject", "passwordChanged.body");
        assertThat(changed.text()).contains(MailTexts.text(EN, "passwordChanged.how.reset"));
    }

    @Test
    void theBounceDigestIsWrittenInEachAdminsLanguage() throws Exception {
        long network = network().id();
        TestAdmin english = admin(network, "Grace Miller");
        TestAdmin japanese = admin(network, "Yuki Sato");
        accounts.changeAdminLanguage(english.id(), Language.EN);
        Sql sql = new Sql(db);
        String address = Fixtures.unique("full") + "@docomo.ne.jp";
        long member = sql.member(network, "Bounced Parent", address, "DOCOMO", "SUSPENDED");
        sql.update("INSERT INTO bounce_events (network_id, member_id, email, kind, reason, source, outcome, occurred_at)"
                + " VALUES (?, ?, ?, 'HARD', 'mailboxfull', 'DSN', 'SUSPENDED', NOW(3))", network, member, address);

        assertThat(bounceDigest.digest(network, null, Instant.now().plusSeconds(1))).isEqualTo(1);

        String name = networkName(network);
        Mailbox.Mail en = awaitMail(english.email(), EN, MAIL_TEXTS, "bounceDigest.subject", 0, name, 1);
        assertThat(en.subject()).isEqualTo(MailTexts.text(EN, "bounceDigest.subject", name, 1));
        assertThat(en.text()).contains(MailTexts.text(EN, "bounceReason.mailboxfull"),
                MailTexts.text(EN, "bounceDigest.outcome.SUSPENDED")).containsPattern(ENGLISH_TIME)
                .doesNotContainPattern(JAPANESE_SCRIPT);
        assertContainsFixedParts(en.text(), MAIL_TEXTS.text(EN, "bounceDigest.body", marks()));
        assertNoFixedPartOf(en.text(), MAIL_TEXTS.text(JA, "bounceDigest.body", marks()));
        Mailbox.Mail ja = awaitMail(japanese.email(), JA, MAIL_TEXTS, "bounceDigest.subject", 0, name, 1);
        assertThat(ja.text()).contains(MailTexts.text(JA, "bounceReason.mailboxfull"));
        assertContainsFixedParts(ja.text(), MAIL_TEXTS.text(JA, "bounceDigest.body", marks()));
    }

    // --- helpers

    /** An admin with a Latin name who accepted the invitation (Japanese, the default) with a password. */
    private TestAdmin admin(long network, String name) throws Exception {
        String userId = Fixtures.unique("lang-admin");
        String email = userId + "@renraku.test";
        long id = adminAccounts.invite(network, userId, name, email, "it-setup", "127.0.0.1").id();
        String token = Mailbox.await(email, MailTexts.text(JA, "invitation.subject", networkName(network)))
                .token("/invitation.xhtml");
        String password = "pw " + Fixtures.unique("secret");
        adminAccounts.acceptInvitation(token, password);
        return new TestAdmin(network, id, userId, email, password);
    }

    private String networkName(long network) throws Exception {
        return new Sql(db).row("SELECT name FROM networks WHERE id = ?", network).get(0);
    }

    /** A member who joined by blank mail (Japanese, the default) and then chose English on their page. */
    private MemberProfile englishMember(Net net, String address, String name) throws Exception {
        MemberProfile member = join(net, address, name);
        MemberProfile english = members.changeLanguage(member.id(), member.signature(), "en");
        assertThat(english.language()).isEqualTo(Language.EN);
        return english;
    }

    private MemberProfile join(Net net, String address, String name) throws Exception {
        int seen = Mailbox.read(address).size();
        registrations.startByMail(net.id(), EmailAddress.of(address));
        String token = awaitMail(address, JA, MEMBER_MAILS, "registration.subject", seen, net.name())
                .token("/member/register.xhtml");
        members.register(token, name, Map.of(), true);
        MemberMail link = MemberMail.of(awaitMail(address, JA, MEMBER_MAILS, "welcome.subject", seen, net.name()));
        return members.byLink(link.memberId(), link.signature()).orElseThrow();
    }

    /** Changes the member's address through the confirmation mailed to the new one; returns the new address. */
    private String changeAddress(Net net, MemberProfile member) throws Exception {
        String next = Fixtures.unique("next") + "@gmail.com";
        members.requestAddressChange(member.id(), member.signature(), next);
        members.confirmAddressChange(awaitMail(next, EN, MEMBER_MAILS, "address.confirm.subject", 0, net.name())
                .token("/member/confirm-address.xhtml"));
        return next;
    }

    private static Mailbox.Mail awaitMail(String address, Locale language, Bundle bundle, String subjectKey,
                                          int seen, Object... subjectArguments) throws Exception {
        return Mailbox.await(address, bundle.text(language, subjectKey, subjectArguments), seen, WITHIN);
    }

    /**
     * The mail is the bundle's text in {@code language}: the subject exactly, the body with every fixed part of the
     * pattern (what lies between its arguments); and an English mail has no Japanese at all, and no fixed part of
     * the Japanese text.
     */
    private static void assertWrittenIn(Locale language, Bundle bundle, Mailbox.Mail mail, String subjectKey,
                                        String bodyKey, Object... subjectArguments) {
        assertThat(mail.subject()).isEqualTo(bundle.text(language, subjectKey, subjectArguments));
        assertContainsFixedParts(mail.text(), bundle.text(language, bodyKey, marks()));
        if (language.equals(EN)) {
            assertThat(mail.subject()).doesNotContainPattern(JAPANESE_SCRIPT);
            assertThat(mail.text()).as("an English mail").doesNotContainPattern(JAPANESE_SCRIPT);
            assertNoFixedPartOf(mail.text(), bundle.text(JA, bodyKey, marks()));
        } else {
            assertNoFixedPartOf(mail.text(), bundle.text(EN, bodyKey, marks()));
        }
    }

    private static void assertContainsFixedParts(String body, String markedText) {
        List<String> parts = fixedParts(markedText);
        assertThat(parts).isNotEmpty();
        for (String part : parts) {
            // the mail's final line break does not survive the trip through the relay
            assertThat(body).as("the mail has the bundle's text").contains(part.stripTrailing());
        }
    }

    private static void assertNoFixedPartOf(String body, String markedText) {
        for (String part : fixedParts(markedText)) {
            if (part.strip().length() > 3) { // "--\n" and the like are shared by both languages
                assertThat(body).as("nothing of the other language's text").doesNotContain(part.strip());
            }
        }
    }

    /** The text between the arguments of a pattern formatted with {@link #marks()}. */
    private static List<String> fixedParts(String markedText) {
        List<String> parts = new ArrayList<>();
        for (String part : markedText.split(MARK)) {
            if (!part.isBlank()) {
                parts.add(part);
            }
        }
        return parts;
    }

    private static Object[] marks() {
        Object[] marks = new Object[12];
        java.util.Arrays.fill(marks, MARK);
        return marks;
    }
}
