package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditEvent;
import org.renraku.audit.entity.AuditKind;
import org.renraku.members.boundary.MemberAttributes;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.boundary.RollOver;
import org.renraku.members.control.RollOverPlan;
import org.renraku.members.control.RollOverPlan.Change;
import org.renraku.members.entity.MemberAttribute;

/**
 * The yearly roll-over against MariaDB, with members in 1年, 2年 and 3年: the preview counts and lists who would
 * change and writes nothing; applying changes every member by the value they had before (1年→2年 with 2年→3年
 * never makes a 1年 member 3年, and a swap works), 退会 and 停止 as the member table's own actions do, in one
 * transaction that is refused when the members changed since the preview; the audit log records it. Members who
 * left, members of other networks, other attributes and a look-alike value (「１年」) are never touched.
 */
@ExtendWith(ArquillianExtension.class)
class RollOverIT {

    @Inject
    Fixtures fixtures;

    @Inject
    RollOver rollOver;

    @Inject
    MemberAttributes memberAttributes;

    @Inject
    AuditLog auditLog;

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    /** A network with 学年 (1年/2年/3年) and クラス, and its members. */
    private final class School {
        final long network = fixtures.network();
        final long grade = memberAttributes.create(network, "学年", MemberAttribute.Kind.SINGLE,
                List.of("1年", "2年", "3年"), true, false).id();
        final long klass = memberAttributes.create(network, "クラス", MemberAttribute.Kind.SINGLE,
                List.of("A組", "B組"), false, false).id();

        long member(String name, String email, String status, String grade) throws Exception {
            String json = grade == null ? null : "{\"" + this.grade + "\": \"" + grade + "\", \"" + klass + "\": \"A組\"}";
            return insert(network, name, email, status, json);
        }
    }

    @Test
    void previewCountsAndListsWhoChangesAndWritesNothing() throws Exception {
        School school = new School();
        long ichiro = school.member("青木 一郎", "ichiro.aoki@docomo.ne.jp", "ACTIVE", "1年");
        school.member("井上 二葉", "futaba@ezweb.ne.jp", "ACTIVE", "1年");
        school.member("上田 三咲", "misaki@i.softbank.jp", "SUSPENDED", "1年");
        school.member("江藤 四郎", "shiro@gmail.com", "ACTIVE", "2年");
        school.member("大野 五月", "satsuki@docomo.ne.jp", "PENDING", "2年");
        school.member("加藤 六花", "rikka@au.com", "ACTIVE", "3年");
        school.member("木村 七海", "nanami@docomo.ne.jp", "SUSPENDED", "3年");
        school.member("工藤 八重", "yae@docomo.ne.jp", "LEFT", "1年");
        school.member("小林 九", "kyu@docomo.ne.jp", "ACTIVE", null);
        school.member("佐々木 十", "ju@docomo.ne.jp", "ACTIVE", "１年");
        String before = attributes(ichiro);

        assertThat(rollOver.attributes(school.network)).extracting(RollOver.Attribute::label)
                .containsExactly("学年", "クラス");
        assertThat(rollOver.values(school.network, school.grade))
                .extracting(RollOver.Value::value, RollOver.Value::members, RollOver.Value::choice)
                .containsExactly(tuple("1年", 3L, true), tuple("2年", 2L, true), tuple("3年", 2L, true),
                        tuple("１年", 1L, false));

        RollOverPlan plan = rollOver.plan(school.network, school.grade, mapping(
                "1年", Change.to("2年"), "2年", Change.to("3年"), "3年", Change.leave()));
        assertThat(rollOver.preview(school.network, plan))
                .containsExactly(entry("1年", 3L), entry("2年", 2L), entry("3年", 2L));
        List<RollOver.Row> first = rollOver.previewPage(school.network, plan, 0, 4);
        assertThat(first).extracting(RollOver.Row::name, RollOver.Row::email, RollOver.Row::status, RollOver.Row::from)
                .containsExactly(
                        tuple("上田 三咲", "mi***@i.softbank.jp", "SUSPENDED", "1年"),
                        tuple("井上 二葉", "fu***@ezweb.ne.jp", "ACTIVE", "1年"),
                        tuple("青木 一郎", "ic***@docomo.ne.jp", "ACTIVE", "1年"),
                        tuple("大野 五月", "sa***@docomo.ne.jp", "PENDING", "2年"));
        // by old value in the plan's order, then by name (kanji in code point order: 上 < 井 < 青, 大 < 江, 加 < 木)
        assertThat(rollOver.previewPage(school.network, plan, 4, 4)).extracting(RollOver.Row::name, RollOver.Row::from)
                .containsExactly(tuple("江藤 四郎", "2年"), tuple("加藤 六花", "3年"), tuple("木村 七海", "3年"));

        // nothing written
        assertThat(attributes(ichiro)).isEqualTo(before);
        assertThat(count("SELECT COUNT(*) FROM members WHERE network_id = ? AND status = 'LEFT'", school.network))
                .isEqualTo(1);
        assertThat(auditLog.ofNetwork(school.network, 0, 10)).extracting(AuditEvent::kind)
                .doesNotContain(AuditKind.MEMBERS_ROLLED_OVER);
    }

    @Test
    void appliesEveryChangeByTheOldValueAtOnceLeavingAndAuditing() throws Exception {
        School school = new School();
        long other = fixtures.network();
        long a = school.member("青木 一郎", "ichiro.aoki@docomo.ne.jp", "ACTIVE", "1年");
        long b = school.member("上田 三咲", "misaki@i.softbank.jp", "SUSPENDED", "1年");
        long c = school.member("江藤 四郎", "shiro@gmail.com", "ACTIVE", "2年");
        long d = school.member("大野 五月", "satsuki@docomo.ne.jp", "PENDING", "2年");
        long e = school.member("加藤 六花", "rikka@au.com", "ACTIVE", "3年");
        long f = school.member("木村 七海", "nanami@docomo.ne.jp", "SUSPENDED", "3年");
        long gone = school.member("工藤 八重", "yae@docomo.ne.jp", "LEFT", "1年");
        long lookAlike = school.member("佐々木 十", "ju@docomo.ne.jp", "ACTIVE", "１年");
        long stranger = insert(other, "よその 人", "x@docomo.ne.jp", "ACTIVE", "{\"" + school.grade + "\": \"1年\"}");
        int linkVersionOfE = linkVersion(e);

        RollOverPlan plan = rollOver.plan(school.network, school.grade, mapping(
                "1年", Change.to("2年"), "2年", Change.to("3年"), "3年", Change.leave()));
        Map<String, Long> previewed = rollOver.preview(school.network, plan);
        RollOver.Result result = rollOver.apply(school.network, plan, previewed, "it-admin", "127.0.0.1");

        assertThat(result.changed()).isEqualTo(4);
        assertThat(result.left()).isEqualTo(2);
        assertThat(result.suspended()).isZero();
        assertThat(result.counts()).containsExactly(entry("1年", 2L), entry("2年", 2L), entry("3年", 2L));
        // simultaneous: the 1年 members are 2年, not 3年; the 2年 members 3年, and still members
        assertThat(grade(school, a)).isEqualTo("2年");
        assertThat(grade(school, b)).isEqualTo("2年");
        assertThat(grade(school, c)).isEqualTo("3年");
        assertThat(grade(school, d)).isEqualTo("3年");
        assertThat(status(a)).isEqualTo("ACTIVE");
        assertThat(status(b)).isEqualTo("SUSPENDED");
        assertThat(status(c)).isEqualTo("ACTIVE");
        assertThat(status(d)).isEqualTo("PENDING");
        // 3年 left as leaving does: LEFT, personal links revoked, the value kept
        assertThat(status(e)).isEqualTo("LEFT");
        assertThat(status(f)).isEqualTo("LEFT");
        assertThat(linkVersion(e)).isEqualTo(linkVersionOfE + 1);
        assertThat(grade(school, e)).isEqualTo("3年");
        // the other attribute, former members, look-alikes and other networks are untouched
        assertThat(value(a, school.klass)).isEqualTo("A組");
        assertThat(grade(school, gone)).isEqualTo("1年");
        assertThat(grade(school, lookAlike)).isEqualTo("１年");
        assertThat(value(stranger, school.grade)).isEqualTo("1年");

        AuditEvent event = auditLog.ofNetwork(school.network, 0, 10).stream()
                .filter(ev -> ev.kind() == AuditKind.MEMBERS_ROLLED_OVER).findFirst().orElseThrow();
        assertThat(event.actor()).isEqualTo("it-admin");
        assertThat(event.subject()).isEqualTo("学年");
        assertThat(event.detail()).isEqualTo("1年→2年 2, 2年→3年 2, 3年→LEFT 2");
        assertThat(event.clientAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void aSwapWorksBecauseEveryMemberIsChosenByTheValueBeforeTheRollOver() throws Exception {
        School school = new School();
        long one = school.member("青木 一郎", "ichiro.aoki@docomo.ne.jp", "ACTIVE", "1年");
        long two = school.member("江藤 四郎", "shiro@gmail.com", "ACTIVE", "2年");

        RollOverPlan plan = rollOver.plan(school.network, school.grade, mapping("1年", Change.to("2年"), "2年", Change.to("1年")));
        rollOver.apply(school.network, plan, rollOver.preview(school.network, plan), "it-admin", "127.0.0.1");

        assertThat(grade(school, one)).isEqualTo("2年");
        assertThat(grade(school, two)).isEqualTo("1年");
    }

    @Test
    void suspendStopsOnlyActiveMembersAndKeepsTheirValue() throws Exception {
        School school = new School();
        long active = school.member("加藤 六花", "rikka@au.com", "ACTIVE", "3年");
        long suspended = school.member("木村 七海", "nanami@docomo.ne.jp", "SUSPENDED", "3年");
        long pending = school.member("大野 五月", "satsuki@docomo.ne.jp", "PENDING", "3年");
        long first = school.member("青木 一郎", "ichiro.aoki@docomo.ne.jp", "ACTIVE", "1年");

        RollOverPlan plan = rollOver.plan(school.network, school.grade, mapping("1年", Change.to("2年"), "3年", Change.suspend()));
        Map<String, Long> previewed = rollOver.preview(school.network, plan);
        assertThat(previewed).containsExactly(entry("1年", 1L), entry("3年", 1L));
        RollOver.Result result = rollOver.apply(school.network, plan, previewed, "it-admin", "127.0.0.1");

        assertThat(result.suspended()).isEqualTo(1);
        assertThat(result.changed()).isEqualTo(1);
        assertThat(status(active)).isEqualTo("SUSPENDED");
        assertThat(grade(school, active)).isEqualTo("3年");
        assertThat(status(suspended)).isEqualTo("SUSPENDED");
        assertThat(status(pending)).isEqualTo("PENDING");
        assertThat(grade(school, first)).isEqualTo("2年");
        assertThat(auditLog.ofNetwork(school.network, 0, 10)).filteredOn(ev -> ev.kind() == AuditKind.MEMBERS_ROLLED_OVER)
                .extracting(AuditEvent::detail).containsExactly("1年→2年 1, 3年→SUSPENDED 1");
    }

    @Test
    void refusedWithNothingWrittenWhenTheMembersChangedSinceThePreview() throws Exception {
        School school = new School();
        long member = school.member("青木 一郎", "ichiro.aoki@docomo.ne.jp", "ACTIVE", "1年");
        RollOverPlan plan = rollOver.plan(school.network, school.grade, mapping("1年", Change.to("2年")));
        Map<String, Long> previewed = rollOver.preview(school.network, plan);

        school.member("井上 二葉", "futaba@ezweb.ne.jp", "ACTIVE", "1年");

        assertThatThrownBy(() -> rollOver.apply(school.network, plan, previewed, "it-admin", "127.0.0.1"))
                .isInstanceOf(MemberException.class).hasMessage(RollOver.CHANGED);
        assertThat(grade(school, member)).isEqualTo("1年");
        assertThat(auditLog.ofNetwork(school.network, 0, 10)).extracting(AuditEvent::kind)
                .doesNotContain(AuditKind.MEMBERS_ROLLED_OVER);
    }

    @Test
    void refusesANewValueThatIsNoChoiceAndAnAttributeOfAnotherNetwork() {
        School school = new School();
        long other = fixtures.network();
        long text = memberAttributes.create(school.network, "メモ", MemberAttribute.Kind.TEXT, List.of(), false, true).id();

        assertThatThrownBy(() -> rollOver.plan(school.network, school.grade, mapping("3年", Change.to("卒業"))))
                .isInstanceOf(MemberException.class).hasMessage(RollOverPlan.TARGET_INVALID);
        assertThatThrownBy(() -> rollOver.plan(other, school.grade, mapping("1年", Change.to("2年"))))
                .isInstanceOf(MemberException.class).hasMessage(MemberException.ATTRIBUTE_UNKNOWN);
        assertThatThrownBy(() -> rollOver.plan(school.network, text, mapping("a", Change.leave())))
                .isInstanceOf(MemberException.class).hasMessage(MemberException.ATTRIBUTE_UNKNOWN);
    }

    private static Map<String, Change> mapping(Object... pairs) {
        Map<String, Change> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Change) pairs[i + 1]);
        }
        return map;
    }

    private String grade(School school, long member) throws Exception {
        return value(member, school.grade);
    }

    private String value(long member, long attribute) throws Exception {
        return text("SELECT JSON_UNQUOTE(JSON_EXTRACT(attributes, '$.\"" + attribute + "\"')) FROM members WHERE id = ?", member);
    }

    private String attributes(long member) throws Exception {
        return text("SELECT attributes FROM members WHERE id = ?", member);
    }

    private String status(long member) throws Exception {
        return text("SELECT status FROM members WHERE id = ?", member);
    }

    private int linkVersion(long member) throws Exception {
        return (int) count("SELECT link_version FROM members WHERE id = ?", member);
    }

    private String text(String sql, long id) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    private long count(String sql, long id) throws Exception {
        return Long.parseLong(text(sql, id));
    }

    private long insert(long network, String name, String email, String status, String attributes) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO members (network_id, email, name, carrier, status, attributes, created_at, updated_at)"
                        + " VALUES (?, ?, ?, 'OTHER', ?, ?, NOW(3), NOW(3))", Statement.RETURN_GENERATED_KEYS)) {
            s.setLong(1, network);
            s.setString(2, email);
            s.setString(3, name);
            s.setString(4, status);
            s.setString(5, attributes);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }
}
