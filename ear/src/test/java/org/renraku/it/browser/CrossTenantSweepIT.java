package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.renraku.it.Fixtures;
import org.renraku.members.control.AttributeIndex;

/**
 * Cross-tenant isolation: the admin of network A puts network B's ids into every id parameter of the
 * console's pages and into every postback that acts on an id taken from the request. Each page says the thing is
 * not found (or refuses), shows none of B's data (B's subjects, member names, addresses, choices, inquiry, group
 * and suppression all carry unique markers) and nothing of B changes (B's rows are compared before and after).
 * <p>
 * The id parameters are the table {@link #ID_PARAMETERS}: one row per page, parameter and kind of B's object put in.
 * {@link #everyIdParameterOfTheConsoleIsInTheSweep} finds the parameters mechanically in the sources
 * ({@code f:viewParam} in {@code console/*.xhtml}, request parameters read by the console's view beans), so a new
 * parameter fails the build until a row is added here. The postbacks are the table {@link #POSTBACKS}.
 * <p>
 * Not in the postback table, on purpose: the row actions of the console's tables (members' suspend / reactivate /
 * delete / detail, hygiene, inquiries, attributes, admins, repeats) and the selects (groups, attributes, asked
 * broadcasts) take their id from the rows and choices the server itself loaded for the admin's network; the request
 * carries only a row index or a choice that Faces checks against those choices. One forged choice is swept anyway
 * (the members' attribute filter) to keep that so.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CrossTenantSweepIT {

    /** What the console says for a broadcast that is not the admin's network's (broadcast.error.unknown). */
    static final String BROADCAST_NOT_FOUND = "この配信は見つかりません。";

    /** What the member edit page says for a member that is not the admin's network's (members.notFound). */
    static final String MEMBER_NOT_FOUND = "その会員は見つかりません。";

    /** The kinds of objects whose ids the sweep puts into the pages. */
    enum Kind { SENT_BROADCAST, SCHEDULED_BROADCAST, DRAFT_BROADCAST, MEMBER }

    /**
     * A page's id parameter, the kind of B's object put into it and what the page says for it ({@code null}: the page
     * has no state of its own for the id — it shows the admin's own list as without it). To extend the sweep
     * (a new page or parameter): add a row; a new kind of object: add it to {@link Kind} and seed it in
     * {@link #tenant}.
     */
    record IdParameter(String page, String parameter, Kind kind, String refusal) {
    }

    static final List<IdParameter> ID_PARAMETERS = List.of(
            new IdParameter("/console/broadcast.xhtml", "id", Kind.SENT_BROADCAST, BROADCAST_NOT_FOUND),
            new IdParameter("/console/broadcast.xhtml", "id", Kind.SCHEDULED_BROADCAST, BROADCAST_NOT_FOUND),
            new IdParameter("/console/broadcast.xhtml", "id", Kind.DRAFT_BROADCAST, BROADCAST_NOT_FOUND),
            new IdParameter("/console/answers.xhtml", "id", Kind.SENT_BROADCAST, BROADCAST_NOT_FOUND),
            new IdParameter("/console/answers.xhtml", "id", Kind.SCHEDULED_BROADCAST, BROADCAST_NOT_FOUND),
            new IdParameter("/console/answers.xhtml", "id", Kind.DRAFT_BROADCAST, BROADCAST_NOT_FOUND),
            // the history page's BroadcastArchiveView (public marks) reads the request's id too
            new IdParameter("/console/broadcasts.xhtml", "id", Kind.SENT_BROADCAST, null),
            new IdParameter("/console/broadcasts.xhtml", "id", Kind.SCHEDULED_BROADCAST, null),
            new IdParameter("/console/member.xhtml", "id", Kind.MEMBER, MEMBER_NOT_FOUND));

    /** A postback that acts on an id taken from the request, sent with B's id; returns what the admin sees after. */
    @FunctionalInterface
    interface Attempt {
        String run(ChromeDriver browser, String token, Tenant a, Tenant b) throws Exception;
    }

    record Postback(String name, Attempt attempt) {
    }

    static final List<Postback> POSTBACKS = List.of(
            new Postback("broadcast.xhtml: cancel, the form's id changed to B's scheduled broadcast", (browser, token, a, b) -> {
                FormPosts.open(browser, token, "/console/broadcast.xhtml", "id=" + a.id(Kind.SCHEDULED_BROADCAST));
                FormPosts.addToFormAddress(browser, "progress-form", "id", String.valueOf(b.id(Kind.SCHEDULED_BROADCAST)));
                browser.findElement(By.id("progress-form:cancel")).click();
                Browser.waitFor(browser, java.time.Duration.ofSeconds(20)).until(d -> d.findElement(
                        By.id("progress-form:confirmYes")).isDisplayed());
                browser.findElement(By.id("progress-form:confirmYes")).click();
                FormPosts.awaitAjax(browser);
                assertThat(browser.findElement(By.id("messages")).getText()).contains(BROADCAST_NOT_FOUND);
                assertThat(ConsolePages.query("SELECT status FROM broadcasts WHERE id = ?", a.id(Kind.SCHEDULED_BROADCAST)))
                        .as("the cancel went to B's id (A's own broadcast is untouched)").isEqualTo("SCHEDULED");
                return browser.getPageSource();
            }),
            new Postback("broadcast.xhtml: make public / private, the form's id changed to B's sent broadcast", (browser, token, a, b) -> {
                FormPosts.open(browser, token, "/console/broadcast.xhtml", "id=" + a.id(Kind.SCHEDULED_BROADCAST));
                FormPosts.addToFormAddress(browser, "archive-form", "id", String.valueOf(b.id(Kind.SENT_BROADCAST)));
                browser.findElement(By.id("archive-form:archive-toggle")).click();
                FormPosts.awaitAjax(browser);
                return browser.getPageSource();
            }),
            new Postback("answers.xhtml: re-send now, the form's id changed to B's sent broadcast", (browser, token, a, b) -> {
                FormPosts.open(browser, token, "/console/answers.xhtml", "id=" + a.id(Kind.SENT_BROADCAST));
                FormPosts.addToFormAddress(browser, "answers-form", "id", String.valueOf(b.id(Kind.SENT_BROADCAST)));
                browser.findElement(By.id("answers-form:answers-resend")).click();
                Browser.waitFor(browser, java.time.Duration.ofSeconds(20)).until(d -> d.findElement(
                        By.id("answers-form:resendYes")).isDisplayed());
                browser.findElement(By.id("answers-form:resendYes")).click();
                FormPosts.awaitAjax(browser);
                assertThat(browser.findElement(By.id("messages")).getText()).as("refused").isNotBlank();
                assertThat(ConsolePages.query("SELECT resends_done FROM broadcasts WHERE id = ?", a.id(Kind.SENT_BROADCAST)))
                        .as("the re-send went to B's id (A's own broadcast is untouched)").isEqualTo("0");
                return browser.getPageSource();
            }),
            new Postback("answers.xhtml: CSV download, the form's id changed to B's sent broadcast", (browser, token, a, b) -> {
                FormPosts.open(browser, token, "/console/answers.xhtml", "id=" + a.id(Kind.SENT_BROADCAST));
                String own = FormPosts.postButton(browser, "answers-form", "answers-form:answers-csv", "", "utf-8");
                assertThat(own).as("the download works for A's own broadcast").startsWith("200 text/csv")
                        .contains(a.memberName());
                FormPosts.open(browser, token, "/console/answers.xhtml", "id=" + a.id(Kind.SENT_BROADCAST));
                String other = FormPosts.postButton(browser, "answers-form", "answers-form:answers-csv",
                        "id=" + b.id(Kind.SENT_BROADCAST), "utf-8");
                assertThat(other).doesNotStartWith("200 text/csv").doesNotStartWith("500");
                return other;
            }),
            new Postback("members.xhtml: the attribute filter's choice changed to B's attribute", (browser, token, a, b) -> {
                FormPosts.open(browser, token, "/console/members.xhtml", "");
                browser.executeScript("""
                        var select = document.getElementById('members-filter:attribute');
                        select.options[1].value = arguments[0];
                        select.selectedIndex = 1;
                        document.getElementById('members-filter:attributeValue').value = arguments[1];""",
                        String.valueOf(b.attribute()), b.attributeValue());
                browser.findElement(By.id("members-filter:apply")).click();
                FormPosts.awaitAjax(browser);
                return browser.getPageSource();
            }));

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anotherNetworksIdsInEveryPageParameterAndPostbackShowNothingOfItAndChangeNothing() throws Exception {
        Tenant a = tenant("A");
        Tenant b = tenant("B");
        String before = snapshot(b.network());

        browser = Browser.start("ja");
        ConsolePages.login(browser, a.adminUserId());
        String token = FormPosts.token(browser);
        SoftAssertions softly = new SoftAssertions();

        for (IdParameter p : ID_PARAMETERS) {
            String what = p.page() + "?" + p.parameter() + "= " + p.kind();
            if (p.refusal() != null) {
                FormPosts.open(browser, token, p.page(), p.parameter() + "=" + a.id(p.kind()));
                softly.assertThat(text()).as(what + " with A's own id (control)").doesNotContain(p.refusal());
            }
            FormPosts.open(browser, token, p.page(), p.parameter() + "=" + b.id(p.kind()));
            if (p.refusal() != null) {
                softly.assertThat(text()).as(what + " with B's id").contains(p.refusal());
            }
            softly.assertThat(browser.findElements(By.id("error-heading"))).as(what + ": not an error page").isEmpty();
            b.assertNoneIn(softly, browser.getPageSource(), what);
        }

        // and no console page shows anything of B, whatever id it is given
        for (String page : consolePages()) {
            FormPosts.open(browser, token, page, "id=" + b.id(Kind.SENT_BROADCAST));
            b.assertNoneIn(softly, browser.getPageSource(), page);
        }

        for (Postback p : POSTBACKS) {
            try {
                b.assertNoneIn(softly, p.attempt().run(browser, token, a, b), p.name());
            } catch (AssertionError | RuntimeException failed) {
                softly.fail(p.name() + ": " + failed.getMessage(), failed); // reported with the others below
            }
        }
        softly.assertAll();

        assertThat(snapshot(b.network())).as("nothing of B changed").isEqualTo(before);
    }

    @Test
    void everyIdParameterOfTheConsoleIsInTheSweep() throws IOException {
        Set<String> swept = new LinkedHashSet<>();
        ID_PARAMETERS.forEach(p -> swept.add(p.page() + "?" + p.parameter()));

        Set<String> found = new LinkedHashSet<>();
        Pattern viewParam = Pattern.compile("<f:viewParam\\s+name=\"([^\"]+)\"");
        for (String page : consolePages()) {
            Matcher m = viewParam.matcher(Files.readString(WEBAPP.resolve(page.substring(1))));
            while (m.find()) {
                found.add(page + "?" + m.group(1));
            }
        }
        // request parameters a view bean reads itself: on every console page that uses the bean
        Pattern read = Pattern.compile("getRequestParameter(?:Map\\(\\)\\.get|Values?Map\\(\\)\\.get)?\\(\"([^\"]+)\"");
        try (Stream<Path> beans = Files.list(CONSOLE_BEANS)) {
            for (Path bean : beans.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = read.matcher(Files.readString(bean));
                String name = bean.getFileName().toString().replace(".java", "");
                String el = "#{" + Character.toLowerCase(name.charAt(0)) + name.substring(1) + ".";
                while (m.find()) {
                    for (String page : consolePages()) {
                        if (Files.readString(WEBAPP.resolve(page.substring(1))).contains(el)) {
                            found.add(page + "?" + m.group(1));
                        }
                    }
                }
            }
        }

        assertThat(found).as("the id parameters in the sources").isNotEmpty();
        assertThat(swept).as("every page parameter of the console is swept with another network's ids: add a row"
                + " to CrossTenantSweepIT.ID_PARAMETERS").containsAll(found);
    }

    // --- the two networks

    private static final Path WEBAPP = Path.of("..", "web", "src", "main", "webapp");
    private static final Path CONSOLE_BEANS = Path.of("..", "web", "src", "main", "java", "org", "renraku", "web", "console");

    /** Every console page, as /console/name.xhtml, from the sources. */
    private static List<String> consolePages() throws IOException {
        try (Stream<Path> files = Files.list(WEBAPP.resolve("console"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".xhtml")).sorted()
                    .map(n -> "/console/" + n).toList();
        }
    }

    /**
     * One network as the sweep needs it: an admin, two members (one who answered), an attribute, a saved group, an
     * inquiry, a suppression, and a broadcast of each {@link Kind}; every text carries the network's marker.
     */
    record Tenant(long network, String adminUserId, Map<Kind, Long> ids, long attribute, String attributeValue,
                  String memberName, List<String> markers) {

        long id(Kind kind) {
            return ids.get(kind);
        }

        void assertNoneIn(SoftAssertions softly, String page, String where) {
            for (String marker : markers) {
                softly.assertThat(page).as(where + ": shows B's " + marker).doesNotContain(marker);
            }
        }
    }

    private static Tenant tenant(String letter) throws Exception {
        String tag = Fixtures.unique(letter.toLowerCase()).replace("-", "");
        long network = TestDatabase.newNetwork("網" + letter + tag);
        String admin = TestDatabase.newAdmin(network, "管理者" + letter + tag, "admin-" + tag + "@renraku.test");
        List<String> markers = new ArrayList<>();
        String answered = "回答者" + tag;
        String unanswered = "未回答者" + tag;
        String answeredEmail = "ans-" + tag + "@example.jp";
        String unansweredEmail = "unans-" + tag + "@example.jp";
        String attributeValue = "属性値" + tag;
        long attribute = insert("INSERT INTO member_attributes (network_id, label, kind, position, created_at)"
                + " VALUES (" + network + ", '属性" + tag + "', 'TEXT', 1, NOW(3))");
        long m1 = insert("INSERT INTO members (network_id, email, name, carrier, status, attributes, created_at, updated_at)"
                + " VALUES (" + network + ", '" + answeredEmail + "', '" + answered + "', 'OTHER', 'ACTIVE', '{\""
                + attribute + "\": \"" + attributeValue + "\"}', NOW(3), NOW(3))");
        long m2 = insert("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                + " VALUES (" + network + ", '" + unansweredEmail + "', '" + unanswered + "', 'OTHER', 'ACTIVE', NOW(3),"
                + " NOW(3))");
        ConsolePages.update(AttributeIndex.insertMemberSql(), m1); // what the application does after a write of attributes
        Map<Kind, Long> ids = new EnumMap<>(Kind.class);
        String sent = "配信済み件名" + tag;
        long sentId = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, answer_kind, answer_choices,"
                + " scheduled_at, started_at, finished_at, created_at, updated_at) VALUES (" + network + ", '" + sent
                + "', '本文" + tag + "', 'SENT', 'CHOICE', '[\"選択肢" + tag + "\", \"×\"]', NOW(3) - INTERVAL 6 MINUTE,"
                + " NOW(3) - INTERVAL 6 MINUTE, NOW(3) - INTERVAL 5 MINUTE, NOW(3) - INTERVAL 10 MINUTE, NOW(3))");
        for (long m : new long[] {m1, m2}) {
            insert("INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, status, attempts, created_at,"
                    + " updated_at) SELECT " + sentId + ", id, email, 'OTHER', 'SENT', 1, NOW(3), NOW(3) FROM members"
                    + " WHERE id = " + m);
        }
        insert("INSERT INTO answers (network_id, broadcast_id, member_id, choice, via, answered_at, first_at) VALUES ("
                + network + ", " + sentId + ", " + m1 + ", 1, 'LINK', NOW(3), NOW(3))");
        ids.put(Kind.SENT_BROADCAST, sentId);
        ids.put(Kind.MEMBER, m1);
        String scheduled = "予約件名" + tag;
        ids.put(Kind.SCHEDULED_BROADCAST, insert("INSERT INTO broadcasts (network_id, subject, body_text, status,"
                + " scheduled_at, created_at, updated_at) VALUES (" + network + ", '" + scheduled + "', '本文" + tag
                + "', 'SCHEDULED', NOW(3) + INTERVAL 30 DAY, NOW(3), NOW(3))"));
        String draft = "下書き件名" + tag;
        ids.put(Kind.DRAFT_BROADCAST, insert("INSERT INTO broadcasts (network_id, subject, body_text, status, created_at,"
                + " updated_at) VALUES (" + network + ", '" + draft + "', '本文" + tag + "', 'DRAFT', NOW(3), NOW(3))"));
        insert("INSERT INTO target_groups (network_id, name, filter, created_at, updated_at) VALUES (" + network
                + ", 'グループ" + tag + "', '{}', NOW(3), NOW(3))");
        insert("INSERT INTO inquiries (network_id, from_address, subject, body_text, received_at) VALUES (" + network
                + ", 'inq-" + tag + "@example.jp', '問い合わせ" + tag + "', '本文" + tag + "', NOW(3))");
        insert("INSERT INTO suppressions (network_id, email, reason, created_at) VALUES (" + network + ", 'supp-" + tag
                + "@example.jp', 'HARD_BOUNCE', NOW(3))");
        markers.add(tag); // every text of the network: subjects, bodies, names, addresses, choices, group, inquiry
        markers.add(answered);
        markers.add(answeredEmail);
        markers.add(sent);
        return new Tenant(network, admin, ids, attribute, attributeValue, answered, markers);
    }

    /** Everything of the network that an action could change, as text: compared before and after the sweep. */
    private static String snapshot(long network) throws Exception {
        StringBuilder all = new StringBuilder();
        for (String sql : List.of(
                "SELECT * FROM networks WHERE id = ?",
                "SELECT * FROM broadcasts WHERE network_id = ? ORDER BY id",
                "SELECT * FROM members WHERE network_id = ? ORDER BY id",
                "SELECT d.* FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id WHERE b.network_id = ? ORDER BY d.id",
                "SELECT * FROM answers WHERE network_id = ? ORDER BY id",
                "SELECT * FROM member_attributes WHERE network_id = ? ORDER BY id",
                "SELECT * FROM target_groups WHERE network_id = ? ORDER BY id",
                "SELECT * FROM inquiries WHERE network_id = ? ORDER BY id",
                "SELECT * FROM suppressions WHERE network_id = ? ORDER BY id",
                "SELECT * FROM admins WHERE network_id = ? ORDER BY id",
                "SELECT * FROM audit_events WHERE network_id = ? ORDER BY id")) {
            try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(sql)) {
                s.setLong(1, network);
                try (ResultSet r = s.executeQuery()) {
                    ResultSetMetaData meta = r.getMetaData();
                    all.append(sql).append('\n');
                    while (r.next()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            all.append(meta.getColumnLabel(i)).append('=').append(r.getString(i)).append(' ');
                        }
                        all.append('\n');
                    }
                }
            }
        }
        return all.toString();
    }

    private String text() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private static long insert(String sql) throws Exception {
        try (Connection c = TestDatabase.connect();
             PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : 0;
            }
        }
    }
}
