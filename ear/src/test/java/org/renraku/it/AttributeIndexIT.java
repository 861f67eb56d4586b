package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.nio.charset.StandardCharsets;
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
import org.renraku.members.boundary.MemberAdministration;
import org.renraku.members.boundary.MemberAttributes;
import org.renraku.members.boundary.MemberDirectory;
import org.renraku.members.boundary.MemberProfile;
import org.renraku.members.boundary.MemberQuery;
import org.renraku.members.boundary.MemberRow;
import org.renraku.members.boundary.Members;
import org.renraku.members.boundary.Registrations;
import org.renraku.members.control.AttributeIndex;
import org.renraku.members.control.MemberCsv;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.MemberAttribute;
import org.renraku.members.entity.MemberAttribute.Kind;

/**
 * The attribute-value index (member_attribute_values) that the member table filters by follows every write of
 * members' attributes — registration, profile edit, 代行登録, CSV import, a bulk change with a network reindex —
 * and goes with a deleted member or attribute; a value too long for the index is still found (through the JSON).
 */
@ExtendWith(ArquillianExtension.class)
class AttributeIndexIT {

    @Inject
    Fixtures fixtures;
    @Inject
    Registrations registrations;
    @Inject
    Members members;
    @Inject
    MemberAttributes attributes;
    @Inject
    MemberDirectory directory;
    @Inject
    MemberAdministration administration;
    @Inject
    AttributeIndex index;
    @Resource
    UserTransaction transaction;
    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Test
    void registrationProfileEditAndProxyRegistrationShouldKeepTheIndex() throws Exception {
        long network = fixtures.network();
        MemberAttribute grade = attributes.create(network, "学年", Kind.SINGLE, List.of("1年", "2年", "3年"), false, false);
        MemberAttribute clubs = attributes.create(network, "部活", Kind.MULTI, List.of("野球", "吹奏楽", "美術"), false, false);

        String address = Fixtures.unique("idx") + "@docomo.ne.jp";
        registrations.startByMail(network, EmailAddress.of(address));
        String token = Mailbox.await(address, "会員登録のご案内", 0, Duration.ofSeconds(20)).token("/member/register.xhtml");
        members.register(token, "山田 花子", Map.of(grade.id(), List.of("1年"), clubs.id(), List.of("野球", "美術")), true);
        assertThat(names(network, grade.id(), "1年")).containsExactly("山田 花子");
        assertThat(names(network, clubs.id(), "美術")).containsExactly("山田 花子");

        MemberMail link = MemberMail.of(Mailbox.await(address, "ご登録ありがとうございます", 0, Duration.ofSeconds(20)));
        members.updateProfile(link.memberId(), link.signature(), "山田 花子",
                Map.of(grade.id(), List.of("2年"), clubs.id(), List.of("吹奏楽")));
        assertThat(names(network, grade.id(), "1年")).isEmpty();
        assertThat(names(network, grade.id(), "2年")).containsExactly("山田 花子");
        assertThat(names(network, clubs.id(), "野球")).isEmpty();
        assertThat(names(network, clubs.id(), "吹奏楽")).containsExactly("山田 花子");
        assertThat(rows(link.memberId())).isEqualTo(2);

        MemberProfile proxy = members.proxyRegister(network, Fixtures.unique("proxy") + "@gmail.com", "佐藤 一郎",
                Map.of(grade.id(), List.of("2年"), clubs.id(), List.of("野球", "吹奏楽")), "it-admin", "127.0.0.1");
        assertThat(names(network, grade.id(), "2年")).containsExactlyInAnyOrder("山田 花子", "佐藤 一郎");
        assertThat(names(network, clubs.id(), "野球")).containsExactly("佐藤 一郎");
        assertThat(rows(proxy.id())).isEqualTo(3);

        // deleting the member or the attribute takes the rows with it
        assertThat(administration.delete(network, proxy.id(), "it", "127.0.0.1"))
                .isEqualTo(MemberAdministration.Deletion.DELETED);
        assertThat(rows(proxy.id())).isZero();
        attributes.delete(network, clubs.id());
        assertThat(rows(link.memberId())).isEqualTo(1);
        assertThat(names(network, grade.id(), "2年")).containsExactly("山田 花子");
    }

    @Test
    void csvImportAndABulkChangeShouldKeepTheIndexAndLongValuesShouldStillBeFound() throws Exception {
        long network = fixtures.network();
        long grade = attributes.create(network, "学年", Kind.MULTI, List.of("1年", "2年", "3年"), false, false).id();
        long note = attributes.create(network, "メモ", Kind.TEXT, null, false, true).id();
        String hanako = "hanako." + Fixtures.unique("h") + "@gmail.com";
        byte[] csv = ("名前,メールアドレス,学年,メモ\r\n髙橋 太郎,taro." + Fixtures.unique("t") + "@docomo.ne.jp,1年、3年,短い\r\n"
                + "山﨑 花子," + hanako + ",2年,\r\n").getBytes(StandardCharsets.UTF_8);
        MemberCsv.Parsed parsed = MemberCsv.parse(csv, MemberCsv.Encoding.UTF_8, directory.existingEmails(network),
                attributes.list(network));
        assertThat(administration.importMembers(network, parsed, false, "it", "127.0.0.1")).isEqualTo(2);

        assertThat(names(network, grade, "3年")).containsExactly("髙橋 太郎");
        assertThat(names(network, grade, "2年")).containsExactly("山﨑 花子");
        assertThat(names(network, note, "短い")).containsExactly("髙橋 太郎");

        // a bulk change behind the entities (as a yearly roll-over might make it), then one reindex of the network
        String longNote = "長".repeat(AttributeIndex.VALUE_MAX + 1);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("UPDATE members SET attributes = JSON_SET(attributes, ?,"
                    + " JSON_ARRAY('2年')) WHERE network_id = ? AND JSON_CONTAINS(attributes, '\"1年\"', ?)")) {
                s.setString(1, "$.\"" + grade + "\"");
                s.setLong(2, network);
                s.setString(3, "$.\"" + grade + "\"");
                assertThat(s.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE members SET attributes = JSON_SET(attributes, ?, ?) WHERE network_id = ? AND email = ?")) {
                s.setString(1, "$.\"" + note + "\"");
                s.setString(2, longNote);
                s.setLong(3, network);
                s.setString(4, hanako);
                assertThat(s.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(names(network, note, longNote)).as("a value longer than the index takes").containsExactly("山﨑 花子");
        assertThat(names(network, grade, "2年")).as("not yet reindexed").containsExactly("山﨑 花子");
        transaction.begin();
        try {
            assertThat(index.reindexNetwork(network)).isEqualTo(3); // 2年 twice, 短い; not the long note
            transaction.commit();
        } catch (RuntimeException | Error e) {
            transaction.rollback();
            throw e;
        }
        assertThat(names(network, grade, "2年")).containsExactlyInAnyOrder("髙橋 太郎", "山﨑 花子");
        assertThat(names(network, grade, "1年")).isEmpty();
        assertThat(directory.count(network, MemberQuery.all().withAttribute(grade, "3年"))).isZero();
    }

    private List<String> names(long network, long attribute, String value) {
        MemberQuery query = MemberQuery.all().withAttribute(attribute, value);
        List<String> names = directory.page(network, query, 0, 50).stream().map(MemberRow::name).toList();
        assertThat(directory.count(network, query)).isEqualTo(names.size());
        return names;
    }

    private long rows(long memberId) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM member_attribute_values WHERE member_id = ?")) {
            s.setLong(1, memberId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
