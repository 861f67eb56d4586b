package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditEvent;
import org.renraku.audit.entity.AuditKind;
import org.renraku.members.boundary.MemberAdministration;
import org.renraku.members.boundary.MemberAttributes;
import org.renraku.members.boundary.MemberDirectory;
import org.renraku.members.boundary.MemberQuery;
import org.renraku.members.boundary.MemberQuery.Sort;
import org.renraku.members.boundary.MemberRow;
import org.renraku.members.control.AttributeIndex;
import org.renraku.members.control.MemberCsv;
import org.renraku.members.entity.MemberAttribute;

/**
 * The member table's read side against MariaDB: filters (name prefix and part, carrier, status, attribute
 * value as a string or in a list), sorting, paging and the count; addresses masked unless the network shows
 * them; another network's members never appear; suspend / reactivate / delete stay within the network.
 */
@ExtendWith(ArquillianExtension.class)
class MemberDirectoryIT {

    @Inject
    Fixtures fixtures;

    @Inject
    MemberDirectory directory;

    @Inject
    MemberAdministration administration;

    @Inject
    AuditLog auditLog;

    @Inject
    MemberAttributes attributes;

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Test
    void filtersSortsPagesAndMasks() throws Exception {
        long network = fixtures.network();
        long other = fixtures.network();
        long grade = attribute(network, "学年");
        insert(network, "髙橋 太郎", "taro.yamada@docomo.ne.jp", "DOCOMO", "ACTIVE", "{\"" + grade + "\": \"1年\"}", "2026-01-01 10:00:00");
        insert(network, "高橋 花子", "hanako@gmail.com", "GMAIL", "ACTIVE", "{\"" + grade + "\": [\"1年\", \"3年\"]}", "2026-01-02 10:00:00");
        insert(network, "佐藤 次郎", "jiro..sato.@docomo.ne.jp", "DOCOMO", "SUSPENDED", null, "2026-01-03 10:00:00");
        insert(network, "鈴木 100%_", "suzuki@ezweb.ne.jp", "AU", "LEFT", "{\"" + grade + "\": \"2年\"}", "2026-01-04 10:00:00");
        insert(other, "髙橋 よその人", "other@docomo.ne.jp", "DOCOMO", "ACTIVE", null, "2026-01-05 10:00:00");

        MemberQuery all = MemberQuery.all();
        assertThat(directory.count(network, all)).isEqualTo(4);
        List<MemberRow> newest = directory.page(network, all, 0, 25);
        assertThat(newest).extracting(MemberRow::name).containsExactly("鈴木 100%_", "佐藤 次郎", "高橋 花子", "髙橋 太郎");
        assertThat(newest.get(3).email()).isEqualTo("ta***@docomo.ne.jp");
        assertThat(newest).allMatch(MemberRow::emailMasked);

        // paging
        assertThat(directory.page(network, all.sortedBy(Sort.CREATED, false), 1, 2)).extracting(MemberRow::name)
                .containsExactly("高橋 花子", "佐藤 次郎");
        // name prefix, part, and LIKE wildcards taken literally
        assertThat(directory.page(network, all.withName("髙橋", false), 0, 25)).extracting(MemberRow::name)
                .containsExactly("髙橋 太郎");
        assertThat(directory.page(network, all.withName("太郎", false), 0, 25)).isEmpty();
        assertThat(directory.page(network, all.withName("太郎", true), 0, 25)).extracting(MemberRow::name)
                .containsExactly("髙橋 太郎");
        assertThat(directory.count(network, all.withName("%", true))).isEqualTo(1);
        assertThat(directory.count(network, all.withName("_", true))).isEqualTo(1);
        // carrier and status
        assertThat(directory.page(network, all.withCarrier("DOCOMO").sortedBy(Sort.NAME, false), 0, 25))
                .extracting(MemberRow::name).containsExactly("佐藤 次郎", "髙橋 太郎");
        assertThat(directory.count(network, all.withCarrier("DOCOMO").withStatus("ACTIVE"))).isEqualTo(1);
        assertThat(directory.count(network, all.withStatus("LEFT"))).isEqualTo(1);
        // attribute: a single value or one of a list
        assertThat(directory.page(network, all.withAttribute(grade, "1年").sortedBy(Sort.CREATED, false), 0, 25))
                .extracting(MemberRow::name).containsExactly("髙橋 太郎", "高橋 花子");
        assertThat(directory.count(network, all.withAttribute(grade, "3年"))).isEqualTo(1);
        assertThat(directory.count(network, all.withAttribute(grade, "4年"))).isZero();
        // sort by carrier, status
        assertThat(directory.page(network, all.sortedBy(Sort.CARRIER, false), 0, 1)).extracting(MemberRow::carrier)
                .containsExactly("AU");
        assertThat(directory.page(network, all.sortedBy(Sort.STATUS, true), 0, 1)).extracting(MemberRow::status)
                .containsExactly("SUSPENDED");
        assertThat(directory.attributes(network)).extracting(a -> a.label()).containsExactly("学年");

        // full addresses once the network shows them, and the switch is audited
        administration.showAddresses(network, true, "it-admin", "127.0.0.1");
        assertThat(directory.page(network, all.withName("佐藤", false), 0, 25)).extracting(MemberRow::email)
                .containsExactly("jiro..sato.@docomo.ne.jp");
        administration.showAddresses(network, false, "it-admin", "127.0.0.1");
        assertThat(directory.page(network, all.withName("佐藤", false), 0, 25)).extracting(MemberRow::email)
                .containsExactly("ji***@docomo.ne.jp");
        assertThat(auditLog.ofNetwork(network, 0, 10)).extracting(AuditEvent::kind)
                .contains(AuditKind.MEMBER_ADDRESSES_SHOWN, AuditKind.MEMBER_ADDRESSES_MASKED);
    }

    @Test
    void suspendReactivateAndDeleteStayWithinTheNetwork() throws Exception {
        long network = fixtures.network();
        long other = fixtures.network();
        long member = insert(network, "山田 一郎", "ichiro@docomo.ne.jp", "DOCOMO", "ACTIVE", null, "2026-02-01 10:00:00");
        long stranger = insert(other, "よその 人", "x@docomo.ne.jp", "DOCOMO", "ACTIVE", null, "2026-02-01 10:00:00");

        assertThat(administration.suspend(network, stranger, "it", "127.0.0.1")).isFalse();
        assertThat(administration.suspend(network, member, "it", "127.0.0.1")).isTrue();
        assertThat(directory.find(network, member).status()).isEqualTo("SUSPENDED");
        assertThat(administration.reactivate(network, member, "it", "127.0.0.1")).isTrue();
        assertThat(directory.find(network, member).status()).isEqualTo("ACTIVE");
        assertThat(administration.delete(network, stranger, "it", "127.0.0.1"))
                .isEqualTo(MemberAdministration.Deletion.NOT_FOUND);
        assertThat(administration.delete(network, member, "it", "127.0.0.1"))
                .isEqualTo(MemberAdministration.Deletion.DELETED);
        assertThat(directory.find(network, member)).isNull();
        assertThat(directory.find(other, stranger)).isNotNull();
        assertThat(auditLog.ofNetwork(network, 0, 10)).extracting(AuditEvent::kind)
                .contains(AuditKind.MEMBER_SUSPENDED, AuditKind.MEMBER_REACTIVATED, AuditKind.MEMBER_DELETED);
    }

    @Test
    void csvImportChangesNothingWithRefusedLinesUnlessOnlyTheValidOnesAreWanted() throws Exception {
        long network = fixtures.network();
        long grade = attributes.create(network, "学年", MemberAttribute.Kind.SINGLE, List.of("1年", "2年", "3年"), false,
                false).id();
        insert(network, "既存 会員", "existing@i.softbank.jp", "SOFTBANK", "ACTIVE", null, "2026-03-01 10:00:00");
        byte[] csv = ("名前,メールアドレス,学年\r\n髙橋 太郎,taro.yamada@docomo.ne.jp,1年\r\n山﨑 花子,hanako@gmail.com,\r\n"
                + "佐藤 次郎,jiro..sato.@docomo.ne.jp,2年\r\n,x@ezweb.ne.jp,\r\n既存,existing@i.softbank.jp,\r\n"
                + "伊藤 健,ken@au.com,4年\r\n")
                .getBytes(MemberCsv.WINDOWS_31J);
        MemberCsv.Parsed parsed = MemberCsv.parse(csv, MemberCsv.Encoding.WINDOWS_31J, directory.existingEmails(network),
                attributes.list(network));
        assertThat(parsed.valid()).hasSize(3);
        assertThat(parsed.problems()).extracting(MemberCsv.Problem::lineNumber, MemberCsv.Problem::reason)
                .containsExactly(tuple(5, "csv.error.nameRequired"), tuple(6, "csv.error.exists"),
                        tuple(7, "csv.error.attributeInvalid"));

        assertThat(administration.importMembers(network, parsed, false, "it", "127.0.0.1"))
                .isEqualTo(MemberAdministration.REFUSED);
        assertThat(directory.count(network, MemberQuery.all())).isEqualTo(1);

        assertThat(administration.importMembers(network, parsed, true, "it", "127.0.0.1")).isEqualTo(3);
        assertThat(directory.count(network, MemberQuery.all())).isEqualTo(4);
        assertThat(directory.page(network, MemberQuery.all().withAttribute(grade, "1年"), 0, 25))
                .extracting(MemberRow::name, MemberRow::carrier).containsExactly(tuple("髙橋 太郎", "DOCOMO"));
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM members WHERE network_id = ? AND joined_via = 'IMPORT'")) {
            s.setLong(1, network);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(3);
            }
        }
        // and back out: the export carries the full addresses and the attribute by label
        String exported = new String(MemberCsv.export(directory.exportRows(network, MemberQuery.all().withStatus("ACTIVE")
                .sortedBy(Sort.NAME, false)), List.of("学年"), MemberCsv.Encoding.UTF_8), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(exported).contains("jiro..sato.@docomo.ne.jp,DOCOMO,ACTIVE,2年").contains("髙橋 太郎");
        assertThat(auditLog.ofNetwork(network, 0, 10)).extracting(AuditEvent::kind).contains(AuditKind.MEMBERS_IMPORTED);
    }

    private long attribute(long network, String label) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO member_attributes (network_id, label, kind, created_at) VALUES (?, ?, 'MULTI', NOW(3))",
                Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, network);
            s.setString(2, label);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    @Test
    void membersAwaitingConfirmationShouldBeFoundByTheirStatus() throws Exception {
        long network = fixtures.network();
        insert(network, "代行 登録", "proxy@docomo.ne.jp", "DOCOMO", "PENDING", null, "2026-02-01 10:00:00");
        insert(network, "有効 会員", "active@gmail.com", "GMAIL", "ACTIVE", null, "2026-02-02 10:00:00");

        assertThat(directory.page(network, MemberQuery.all().withStatus("PENDING"), 0, 25))
                .extracting(MemberRow::name, MemberRow::status).containsExactly(tuple("代行 登録", "PENDING"));
        assertThat(directory.count(network, MemberQuery.all().withStatus("PENDING"))).isEqualTo(1);
    }

    private long insert(long network, String name, String email, String carrier, String status, String attributes,
                        String created) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO members (network_id, email, name, carrier, status, attributes, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, network);
            s.setString(2, email);
            s.setString(3, name);
            s.setString(4, carrier);
            s.setString(5, status);
            s.setString(6, attributes);
            s.setString(7, created);
            s.setString(8, created);
            s.executeUpdate();
            long id;
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            // what the application does after every write of attributes (AttributeIndex), here behind its back
            try (PreparedStatement index = c.prepareStatement(AttributeIndex.insertMemberSql())) {
                index.setLong(1, id);
                index.executeUpdate();
            }
            return id;
        }
    }
}
