package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditEvent;
import org.renraku.audit.entity.AuditKind;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.members.boundary.EditRefused;
import org.renraku.members.boundary.MemberAdministration;
import org.renraku.members.boundary.MemberAttributes;
import org.renraku.members.boundary.MemberDirectory;
import org.renraku.members.boundary.MemberEditing;
import org.renraku.members.boundary.MemberEditing.EditForm;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.control.ImportPlan;
import org.renraku.members.control.MemberCsv;
import org.renraku.members.entity.Carrier;
import org.renraku.members.entity.MemberAttribute;
import org.renraku.members.entity.MemberAttribute.Kind;

/**
 * Member editing by an admin through {@link MemberEditing}, and the CSV import that updates existing
 * members: an edited attribute changes the live count of the compose page and the sending job's recipients alike
 * (the same {@link RecipientFilter}); every field is stored and audited; another network's member is not found;
 * refusals come together and change nothing; a CSV update applies what its preview showed, in one audit entry.
 */
@ExtendWith(ArquillianExtension.class)
class MemberEditIT {

    @Inject
    Fixtures fixtures;
    @Inject
    MemberEditing editing;
    @Inject
    MemberAttributes attributes;
    @Inject
    MemberDirectory directory;
    @Inject
    MemberAdministration administration;
    @Inject
    Broadcasts broadcasts;
    @Inject
    AuditLog auditLog;
    @Inject
    BroadcastJobs jobs;

    @Test
    void anEditedAttributeShouldChangeTheLiveCountAndTheJobsRecipientsAlike() throws Exception {
        long network = fixtures.network();
        MemberAttribute grade = attributes.create(network, "学年", Kind.SINGLE, List.of("1年", "2年", "3年"), false, false);
        String tag = Fixtures.unique("edit");
        long first = member(network, tag + "-1@example.jp", "一年 一郎", grade, "1年");
        long second = member(network, tag + "-2@example.jp", "一年 二郎", grade, "1年");
        long edited = member(network, tag + "-3@example.jp", "二年 三郎", grade, "2年");
        member(network, tag + "-4@example.jp", "三年 四郎", grade, "3年");
        RecipientFilter firstGrade = new RecipientFilter(List.of(), Map.of(grade.id(), List.of("1年")));
        assertThat(broadcasts.countRecipients(network, firstGrade)).isEqualTo(2);

        MemberEditing.MemberEdit before = editing.load(network, edited).orElseThrow();
        editing.save(network, edited, new EditForm(before.name(), Map.of(grade.id(), List.of("1年")), before.carrier(),
                before.language(), before.memo()), "it-admin", "127.0.0.1");

        assertThat(broadcasts.countRecipients(network, firstGrade)).isEqualTo(3);
        long broadcast = jobs.draft(network, "1年のお知らせ " + tag, "{name} さん", firstGrade.toJson());
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(rcpt -> null)) {
            jobs.sendTo(smtp, network, broadcast);
            assertThat(smtp.received()).extracting(ScriptedSmtpServer.Received::rcptTo).containsExactlyInAnyOrder(
                    tag + "-1@example.jp", tag + "-2@example.jp", tag + "-3@example.jp");
        }
        assertThat(jobs.rows("SELECT member_id, status FROM deliveries WHERE broadcast_id = " + broadcast
                + " ORDER BY member_id")).containsExactly(List.of(String.valueOf(first), "SENT"),
                List.of(String.valueOf(second), "SENT"), List.of(String.valueOf(edited), "SENT"));
        // the member table's index follows the edit too
        assertThat(jobs.rows("SELECT value FROM member_attribute_values WHERE member_id = " + edited))
                .containsExactly(List.of("1年"));
    }

    @Test
    void nameMemoCarrierAndLanguageShouldBeStoredAndAuditedWithoutTheMemosText() throws Exception {
        long network = fixtures.network();
        MemberAttribute note = attributes.create(network, "連絡事項", Kind.TEXT, null, false, true);
        long id = member(network, Fixtures.unique("m") + "@forward.example.jp", "山田 花", null, null);
        MemberEditing.MemberEdit before = editing.load(network, id).orElseThrow();
        assertThat(before.carrier()).isEqualTo(Carrier.OTHER);
        assertThat(before.language()).isEqualTo("ja");
        assertThat(before.memo()).isNull();

        var changes = editing.save(network, id, new EditForm("  山田 花子\t", Map.of(note.id(), List.of("祖母がお迎え")),
                Carrier.DOCOMO, "en", "兄が3年\r\nアレルギー: そば\u0007"), "it-admin", "192.0.2.7");

        assertThat(changes).hasSize(5);
        assertThat(jobs.rows("SELECT name, carrier, language, admin_memo FROM members WHERE id = " + id))
                .containsExactly(List.of("山田 花子", "DOCOMO", "en", "兄が3年\nアレルギー: そば"));
        MemberEditing.MemberEdit after = editing.load(network, id).orElseThrow();
        assertThat(after.attributes()).isEqualTo(Map.of(note.id(), List.of("祖母がお迎え")));
        assertThat(after.classified()).isEqualTo(Carrier.OTHER); // what the address alone says, shown as a hint

        AuditEvent event = auditLog.ofNetwork(network, 0, 10).get(0);
        assertThat(event.kind()).isEqualTo(AuditKind.MEMBER_EDITED);
        assertThat(event.subject()).isEqualTo("山田 花子 (#" + id + ")");
        assertThat(event.detail()).isEqualTo("name: 山田 花 → 山田 花子; 連絡事項: - → 祖母がお迎え; carrier: OTHER → DOCOMO;"
                + " language: ja → en; memo: changed");
        assertThat(event.detail()).doesNotContain("アレルギー");

        // the same form again changes nothing and records nothing
        long entries = auditLog.countOfNetwork(network);
        assertThat(editing.save(network, id, new EditForm("山田 花子", Map.of(note.id(), List.of("祖母がお迎え")),
                Carrier.DOCOMO, "en", "兄が3年\nアレルギー: そば"), "it-admin", "192.0.2.7")).isEmpty();
        assertThat(auditLog.countOfNetwork(network)).isEqualTo(entries);
        // the memo is the admins' own: the CSV export does not carry it
        assertThat(new String(MemberCsv.export(directory.exportRows(network,
                org.renraku.members.boundary.MemberQuery.all()), List.of("連絡事項"), MemberCsv.Encoding.UTF_8),
                StandardCharsets.UTF_8)).contains("山田 花子").doesNotContain("アレルギー");
    }

    @Test
    void anotherNetworksMemberShouldNotBeFoundNorChanged() throws Exception {
        long mine = fixtures.network();
        long theirs = fixtures.network();
        long theirMember = member(theirs, Fixtures.unique("t") + "@gmail.com", "よその 会員", null, null);
        long mineEntries = auditLog.countOfNetwork(mine);
        long theirEntries = auditLog.countOfNetwork(theirs);

        assertThat(editing.load(mine, theirMember)).isEmpty();
        assertThatThrownBy(() -> editing.save(mine, theirMember, new EditForm("乗っ取り", Map.of(), Carrier.AU, "en",
                "x"), "it-admin", "127.0.0.1")).isInstanceOf(MemberException.class)
                .extracting(e -> ((MemberException) e).key()).isEqualTo(MemberException.MEMBER_UNKNOWN);
        assertThat(jobs.rows("SELECT name, carrier, language, admin_memo FROM members WHERE id = " + theirMember))
                .containsExactly(java.util.Arrays.asList("よその 会員", "GMAIL", "ja", null));
        assertThat(auditLog.countOfNetwork(mine)).isEqualTo(mineEntries);
        assertThat(auditLog.countOfNetwork(theirs)).isEqualTo(theirEntries);
    }

    @Test
    void everyRefusedFieldShouldBeNamedAtOnceAndNothingStored() throws Exception {
        long network = fixtures.network();
        MemberAttribute klass = attributes.create(network, "クラス", Kind.SINGLE, List.of("1組", "2組"), true, false);
        long id = member(network, Fixtures.unique("r") + "@ezweb.ne.jp", "佐藤 次郎", klass, "1組");
        long entries = auditLog.countOfNetwork(network);

        assertThatThrownBy(() -> editing.save(network, id, new EditForm(" ", Map.of(klass.id(), List.of("9組")),
                Carrier.AU, "fr", "長".repeat(2001)), "it-admin", "127.0.0.1"))
                .isInstanceOfSatisfying(EditRefused.class, refused -> assertThat(refused.refusals())
                        .extracting(EditRefused.Refusal::field, EditRefused.Refusal::key).containsExactly(
                                org.assertj.core.groups.Tuple.tuple("name", MemberException.NAME_INVALID),
                                org.assertj.core.groups.Tuple.tuple("attribute-" + klass.id(), MemberException.ATTRIBUTE_INVALID),
                                org.assertj.core.groups.Tuple.tuple("memo", MemberException.MEMO_TOO_LONG),
                                org.assertj.core.groups.Tuple.tuple("language", MemberException.LANGUAGE_INVALID)));
        assertThat(jobs.rows("SELECT name, JSON_UNQUOTE(JSON_EXTRACT(attributes, '$.\"" + klass.id() + "\"')), language FROM members WHERE id = " + id))
                .containsExactly(List.of("佐藤 次郎", "1組", "ja"));
        assertThat(auditLog.countOfNetwork(network)).isEqualTo(entries);
    }

    @Test
    void aCsvUpdateShouldApplyWhatItsPreviewShowedAndRecordOneImport() throws Exception {
        long network = fixtures.network();
        MemberAttribute grade = attributes.create(network, "学年", Kind.SINGLE, List.of("1年", "2年", "3年"), false, false);
        MemberAttribute clubs = attributes.create(network, "部活", Kind.MULTI, List.of("野球", "吹奏楽"), false, false);
        String tag = Fixtures.unique("csv");
        long hanako = member(network, tag + "-hanako@gmail.com", "山﨑 花子", grade, "1年");
        long taro = member(network, tag + "-taro@docomo.ne.jp", "髙橋 太郎", grade, "2年");
        byte[] csv = ("名前,メールアドレス,学年,部活\r\n"
                + "山﨑 花子," + tag + "-HANAKO@gmail.com,2年,野球、吹奏楽\r\n"
                + "," + tag + "-taro@docomo.ne.jp,,\r\n"
                + "新人 三郎," + tag + "-saburo@ezweb.ne.jp,1年,\r\n"
                + "誤り 四郎," + tag + "-shiro@gmail.com,4年,\r\n").getBytes(StandardCharsets.UTF_8);

        List<MemberAttribute> definitions = attributes.list(network);
        Map<String, MemberCsv.Existing> existing = directory.importTargets(network);
        ImportPlan plan = ImportPlan.of(MemberCsv.parseForUpdate(csv, MemberCsv.Encoding.UTF_8, existing, definitions),
                existing, definitions);
        assertThat(plan.rows()).extracting(ImportPlan.Row::outcome).containsExactly(ImportPlan.Outcome.UPDATE,
                ImportPlan.Outcome.UNCHANGED, ImportPlan.Outcome.NEW, ImportPlan.Outcome.REFUSED);

        // a refused line without 「正しい行だけ取り込む」: nothing changes
        assertThat(administration.importUpdating(network, plan, false, "it-admin", "127.0.0.1").applied()).isFalse();
        assertThat(jobs.rows("SELECT COUNT(*) FROM members WHERE network_id = " + network)).containsExactly(List.of("2"));

        MemberAdministration.ImportResult result = administration.importUpdating(network, plan, true, "it-admin",
                "127.0.0.1");
        assertThat(result).isEqualTo(new MemberAdministration.ImportResult(true, 1, 1, 1, 1));
        assertThat(jobs.rows("SELECT name, JSON_UNQUOTE(JSON_EXTRACT(attributes, '$.\"" + grade.id() + "\"')), status FROM members WHERE id = " + hanako))
                .containsExactly(List.of("山﨑 花子", "2年", "ACTIVE"));
        assertThat(jobs.rows("SELECT value FROM member_attribute_values WHERE member_id = " + hanako))
                .containsExactlyInAnyOrder(List.of("2年"), List.of("吹奏楽"), List.of("野球"));
        assertThat(jobs.rows("SELECT name, JSON_UNQUOTE(JSON_EXTRACT(attributes, '$.\"" + grade.id() + "\"')) FROM members WHERE id = " + taro))
                .containsExactly(List.of("髙橋 太郎", "2年"));
        assertThat(jobs.rows("SELECT name, joined_via FROM members WHERE email = '" + tag + "-saburo@ezweb.ne.jp'"))
                .containsExactly(List.of("新人 三郎", "IMPORT"));
        assertThat(broadcasts.countRecipients(network, new RecipientFilter(List.of(), Map.of(grade.id(), List.of("2年")))))
                .isEqualTo(2);
        List<AuditEvent> imports = auditLog.ofNetwork(network, 0, 10).stream()
                .filter(e -> e.kind() == AuditKind.MEMBERS_IMPORTED).toList();
        assertThat(imports).hasSize(1); // the refused attempt recorded nothing
        assertThat(imports.get(0).detail()).isEqualTo("added 1, updated 1, unchanged 1, refused 1 / 4");
    }

    /** An active member (carrier from the address) with one attribute value, or none; returns its id. */
    private long member(long network, String email, String name, MemberAttribute attribute, String value)
            throws Exception {
        String carrier = org.renraku.members.control.CarrierClassifier.classify(
                org.renraku.members.entity.EmailAddress.of(email)).name();
        String json = attribute == null ? null : "{\"" + attribute.id() + "\": \"" + value + "\"}";
        jobs.exec("INSERT INTO members (network_id, email, name, carrier, status, attributes, created_at, updated_at)"
                + " VALUES (" + network + ", '" + email + "', '" + name + "', '" + carrier + "', 'ACTIVE', "
                + (json == null ? "NULL" : "'" + json + "'") + ", NOW(3), NOW(3))");
        long id = Long.parseLong(jobs.value("SELECT id FROM members WHERE network_id = " + network + " AND email = '"
                + email + "'"));
        jobs.exec("INSERT INTO member_attribute_values (member_id, attribute_id, value) SELECT " + id + ", a.id, '"
                + value + "' FROM member_attributes a WHERE " + (attribute == null ? "FALSE" : "a.id = " + attribute.id()));
        return id;
    }
}
