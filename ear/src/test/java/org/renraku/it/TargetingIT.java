package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.answers.control.AnswerStatus;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.control.RecipientFilter.MemberMode;
import org.renraku.broadcasts.entity.MailCharset;
import org.renraku.members.boundary.MemberDirectory;
import org.renraku.members.boundary.MemberRow;
import org.renraku.members.control.AttributeIndex;

/**
 * Targeting as people think, against the database and the sending job: 「学年 1年 or 2年, and クラス
 * 2組」 counts exactly the members it sends to (a member with two 学年 values — siblings — included; suspended,
 * suppressed, other classes and other networks not); hand-picked members are added ("also these") or are the only
 * candidates ("only these"), never a suspended or another network's member; a saved group gives back its whole
 * filter; the compose page's value lists and member search.
 */
@ExtendWith(ArquillianExtension.class)
class TargetingIT {

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Inject
    Broadcasts broadcasts;

    @Inject
    BroadcastJobs jobs;

    @Inject
    MemberDirectory directory;

    /** A school: 学年 (1年–3年) and クラス (1組, 2組), and members in and out of 「1年 or 2年, 2組」. */
    record School(long network, long admin, long grade, long klass, String tag, long a, long b, long siblings,
                  long thirdGrade, long firstClass, long suspended, long suppressed, long noClass, long picked,
                  long elsewhere) {
        String email(String who) {
            return who + "." + tag + "@example.jp";
        }
    }

    private School school() throws Exception {
        long network = fixtures.network();
        Fixtures.TestAdmin admin = fixtures.invited(network);
        String tag = Fixtures.unique("t");
        long grade = attribute(network, "学年", "MULTI", "1年\n2年\n3年", 1);
        long klass = attribute(network, "クラス", "SINGLE", "1組\n2組", 2);
        long a = member(network, "一年 二組", "a." + tag + "@example.jp", "DOCOMO", "ACTIVE",
                "{\"" + grade + "\": [\"1年\"], \"" + klass + "\": \"2組\"}");
        long b = member(network, "二年 二組", "b." + tag + "@example.jp", "AU", "ACTIVE",
                "{\"" + grade + "\": [\"2年\"], \"" + klass + "\": \"2組\"}");
        long siblings = member(network, "兄弟 あり", "s." + tag + "@example.jp", "GMAIL", "ACTIVE",
                "{\"" + grade + "\": [\"3年\", \"1年\"], \"" + klass + "\": \"2組\"}");
        long third = member(network, "三年 二組", "c." + tag + "@example.jp", "DOCOMO", "ACTIVE",
                "{\"" + grade + "\": [\"3年\"], \"" + klass + "\": \"2組\"}");
        long first = member(network, "一年 一組", "d." + tag + "@example.jp", "DOCOMO", "ACTIVE",
                "{\"" + grade + "\": [\"1年\"], \"" + klass + "\": \"1組\"}");
        long suspended = member(network, "停止 中", "e." + tag + "@example.jp", "DOCOMO", "SUSPENDED",
                "{\"" + grade + "\": [\"2年\"], \"" + klass + "\": \"2組\"}");
        long suppressed = member(network, "配信 停止", "f." + tag + "@example.jp", "DOCOMO", "ACTIVE",
                "{\"" + grade + "\": [\"1年\"], \"" + klass + "\": \"2組\"}");
        exec("INSERT INTO suppressions (network_id, email, reason, created_at) VALUES (?, ?, 'UNSUBSCRIBED', NOW(3))",
                network, "f." + tag + "@example.jp");
        long noClass = member(network, "組 なし", "g." + tag + "@example.jp", "DOCOMO", "ACTIVE",
                "{\"" + grade + "\": [\"2年\"]}");
        long picked = member(network, "役員 三年", "h." + tag + "@example.jp", "OTHER", "ACTIVE",
                "{\"" + grade + "\": [\"3年\"], \"" + klass + "\": \"1組\"}");
        long otherNetwork = fixtures.network();
        long otherGrade = attribute(otherNetwork, "学年", "MULTI", "1年\n2年", 1);
        long elsewhere = member(otherNetwork, "他校 会員", "x." + tag + "@example.jp", "DOCOMO", "ACTIVE",
                "{\"" + otherGrade + "\": [\"1年\"], \"" + grade + "\": [\"1年\"], \"" + klass + "\": \"2組\"}");
        return new School(network, admin.id(), grade, klass, tag, a, b, siblings, third, first, suspended, suppressed,
                noClass, picked, elsewhere);
    }

    private static RecipientFilter firstOrSecondGradeClassTwo(School s) {
        return new RecipientFilter(List.of(), Map.of(s.grade(), List.of("1年", "2年"), s.klass(), List.of("2組")));
    }

    @Test
    void firstOrSecondGradeInClassTwoCountsAndSendsToExactlyTheSameMembers() throws Exception {
        School s = school();
        RecipientFilter f = firstOrSecondGradeClassTwo(s);
        assertThat(broadcasts.countRecipients(s.network(), f)).isEqualTo(3);

        Set<String> sent = send(s, f, "学年 1年 or 2年, 2組");
        assertThat(sent).containsExactlyInAnyOrder(s.email("a"), s.email("b"), s.email("s"));
        assertThat(deliveredMembers(lastBroadcast)).containsExactlyInAnyOrder(s.a(), s.b(), s.siblings());

        // OR within an attribute, AND across: one grade is fewer, a carrier narrows further
        assertThat(broadcasts.countRecipients(s.network(),
                new RecipientFilter(List.of(), Map.of(s.grade(), List.of("1年"), s.klass(), List.of("2組"))))).isEqualTo(2);
        assertThat(broadcasts.countRecipients(s.network(), new RecipientFilter(List.of("DOCOMO", "AU"),
                Map.of(s.grade(), List.of("1年", "2年"), s.klass(), List.of("2組"))))).isEqualTo(2);
    }

    @Test
    void handPickedMembersAlsoReceiveOrAreTheOnlyOnesAsChosen() throws Exception {
        School s = school();
        // also these: 役員 三年 besides the three; the suspended one and another network's member never
        RecipientFilter also = firstOrSecondGradeClassTwo(s)
                .withMembers(List.of(s.picked(), s.suspended(), s.elsewhere()), MemberMode.ALSO);
        assertThat(broadcasts.countRecipients(s.network(), also)).isEqualTo(4);
        assertThat(send(s, also, "also these")).containsExactlyInAnyOrder(s.email("a"), s.email("b"), s.email("s"),
                s.email("h"));

        // only these: the picked ones that match the conditions
        RecipientFilter only = firstOrSecondGradeClassTwo(s)
                .withMembers(List.of(s.a(), s.thirdGrade(), s.picked(), s.suppressed()), MemberMode.ONLY);
        assertThat(broadcasts.countRecipients(s.network(), only)).isEqualTo(1);
        assertThat(send(s, only, "only these")).containsExactly(s.email("a"));

        // without conditions both modes are just the picked (active, unsuppressed) members
        for (MemberMode mode : MemberMode.values()) {
            RecipientFilter alone = RecipientFilter.all()
                    .withMembers(List.of(s.thirdGrade(), s.picked(), s.suspended(), s.elsewhere()), mode);
            assertThat(broadcasts.countRecipients(s.network(), alone)).as(mode.name()).isEqualTo(2);
        }
        assertThat(send(s, RecipientFilter.all().withMembers(List.of(s.thirdGrade(), s.picked()), MemberMode.ALSO),
                "picked alone")).containsExactlyInAnyOrder(s.email("c"), s.email("h"));
    }

    @Test
    void aSavedGroupGivesBackItsWholeFilter() throws Exception {
        School s = school();
        long asked = jobs.draft(s.network(), "出欠", "本文");
        RecipientFilter whole = new RecipientFilter(List.of("DOCOMO", "AU"),
                Map.of(s.grade(), List.of("1年", "2年"), s.klass(), List.of("2組")),
                new AnswerStatus(asked, AnswerStatus.Status.ANSWERED, null), List.of(s.picked(), s.a()), MemberMode.ALSO);
        Broadcasts.Group saved = broadcasts.saveGroup(s.network(), s.admin(), "1・2年2組と役員", whole);

        assertThat(broadcasts.groups(s.network())).singleElement().satisfies(g -> {
            assertThat(g.id()).isEqualTo(saved.id());
            assertThat(g.filter()).isEqualTo(whole);
            assertThat(g.filter().toJson()).isEqualTo(whole.toJson());
        });
        // answered nobody yet: only the picked ones (ALSO)
        assertThat(broadcasts.countRecipients(s.network(), broadcasts.groups(s.network()).get(0).filter())).isEqualTo(2);
    }

    @Test
    void theComposePageOffersEachAttributesValuesAndFindsMembersByNameOrAddress() throws Exception {
        School s = school();
        exec("UPDATE members SET attributes = ? WHERE id = ?",
                "{\"" + s.grade() + "\": [\"2年\"], \"" + s.klass() + "\": \"特別組\"}", s.noClass());
        reindex(s.noClass());
        Map<Long, List<String>> values = directory.targetValues(s.network());
        assertThat(values.keySet()).containsExactly(s.grade(), s.klass());
        assertThat(values.get(s.grade())).containsExactly("1年", "2年", "3年");
        assertThat(values.get(s.klass())).containsExactly("1組", "2組", "特別組"); // choices, then others in use

        assertThat(directory.search(s.network(), "二組")).extracting(MemberRow::id)
                .containsExactlyInAnyOrder(s.a(), s.b(), s.thirdGrade());
        assertThat(directory.search(s.network(), "H." + s.tag().toUpperCase())).extracting(MemberRow::id)
                .containsExactly(s.picked());
        assertThat(directory.search(s.network(), "x." + s.tag())).isEmpty(); // another network's member
        assertThat(directory.search(s.network(), "%")).isEmpty(); // a wildcard is a character
        assertThat(directory.rows(s.network(), List.of(s.b(), s.elsewhere(), s.a()))).extracting(MemberRow::id)
                .containsExactly(s.b(), s.a());
    }

    // --- helpers

    /** Saves a draft to {@code f} as the compose page does and runs the job; the addresses it sent to. */
    private Set<String> send(School s, RecipientFilter f, String subject) throws Exception {
        long id = broadcasts.save(s.network(), s.admin(), new Broadcasts.Draft(null, subject + " " + s.tag(), "本文",
                MailCharset.UTF_8, "PTA", null, f, null, List.of()));
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(rcpt -> null)) {
            jobs.sendTo(smtp, s.network(), id);
            lastBroadcast = id;
            return smtp.received().stream().map(ScriptedSmtpServer.Received::rcptTo).collect(Collectors.toSet());
        }
    }

    private long lastBroadcast;

    private List<Long> deliveredMembers(long broadcast) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT member_id FROM deliveries WHERE broadcast_id = ?")) {
            p.setLong(1, broadcast);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getLong(1));
                }
            }
        }
        return ids;
    }

    private long attribute(long network, String label, String kind, String choices, int position) throws Exception {
        return insert("INSERT INTO member_attributes (network_id, label, kind, choices, position, created_at)"
                + " VALUES (?, ?, ?, ?, ?, NOW(3))", network, label, kind, choices, position);
    }

    private long member(long network, String name, String email, String carrier, String status, String attributes)
            throws Exception {
        long id = insert("INSERT INTO members (network_id, email, name, carrier, status, attributes, created_at,"
                + " updated_at) VALUES (?, ?, ?, ?, ?, ?, NOW(3), NOW(3))", network, email, name, carrier, status,
                attributes);
        reindex(id);
        return id;
    }

    /** What the application does after every write of attributes (AttributeIndex), here behind its back. */
    private void reindex(long member) throws Exception {
        exec("DELETE FROM member_attribute_values WHERE member_id = ?", member);
        exec(AttributeIndex.insertMemberSql(), member);
    }

    private long insert(String sql, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < params.length; i++) {
                p.setObject(i + 1, params[i]);
            }
            p.executeUpdate();
            try (ResultSet k = p.getGeneratedKeys()) {
                k.next();
                return k.getLong(1);
            }
        }
    }

    private void exec(String sql, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                p.setObject(i + 1, params[i]);
            }
            p.executeUpdate();
        }
    }
}
