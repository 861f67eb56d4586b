package org.renraku.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.chrome.ChromeDriver;
import org.renraku.it.Fixtures;

/**
 * Exports are safe to open: a member named {@code =cmd|' /C calc'!A0} and a choice that is a formula come
 * out of the console's downloads — the member list in UTF-8 and in Windows-31J, the answers' tally — with a leading
 * {@code '} (Excel shows them as text), while an ordinary Japanese name is written as it is.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CsvExportPagesIT {

    private static final String CALC = "=cmd|' /C calc'!A0";
    private static final String LINK = "=HYPERLINK(\"http://evil.example/\",\"詳細\")";

    private ChromeDriver browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aMemberNamedAsAFormulaIsExportedAsTextInEveryDownload() throws Exception {
        long network = TestDatabase.newNetwork("CSV確認PTA");
        String userId = TestDatabase.newAdmin(network, "山田 花子", Fixtures.unique("csv-admin") + "@renraku.test");
        String tag = Fixtures.unique("csv");
        String calcEmail = "calc-" + tag + "@example.jp";
        String plainName = "佐藤 花子" + tag;
        long calc = insert("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at) VALUES ("
                + network + ", '" + calcEmail + "', '" + CALC.replace("'", "''") + "', 'OTHER', 'ACTIVE', NOW(3), NOW(3))");
        long plain = insert("INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at) VALUES ("
                + network + ", 'plain-" + tag + "@example.jp', '" + plainName + "', 'OTHER', 'ACTIVE', NOW(3), NOW(3))");
        long broadcast = insert("INSERT INTO broadcasts (network_id, subject, body_text, status, answer_kind, answer_choices,"
                + " scheduled_at, started_at, finished_at, created_at, updated_at) VALUES (" + network + ", '出欠 " + tag
                + "', '本文', 'SENT', 'CHOICE', JSON_ARRAY(?, '×'), NOW(3), NOW(3), NOW(3), NOW(3), NOW(3))", LINK);
        for (long m : new long[] {calc, plain}) {
            insert("INSERT INTO deliveries (broadcast_id, member_id, email, carrier_group, status, attempts, created_at,"
                    + " updated_at) SELECT " + broadcast + ", id, email, 'OTHER', 'SENT', 1, NOW(3), NOW(3) FROM members"
                    + " WHERE id = " + m);
        }
        insert("INSERT INTO answers (network_id, broadcast_id, member_id, choice, via, answered_at, first_at) VALUES ("
                + network + ", " + broadcast + ", " + calc + ", 1, 'LINK', NOW(3), NOW(3))");

        browser = Browser.start("ja");
        ConsolePages.login(browser, userId);
        String token = FormPosts.token(browser);

        FormPosts.open(browser, token, "/console/members.xhtml", "");
        for (String[] download : new String[][] {{"members-addresses:exportUtf8", "utf-8"},
                {"members-addresses:exportSjis", "shift_jis"}}) {
            List<CSVRecord> rows = csv(FormPosts.postButton(browser, "members-addresses", download[0], "", download[1]));
            assertThat(rows.get(0).get(0)).isEqualTo("名前");
            assertThat(rows).as(download[0]).anySatisfy(r -> {
                assertThat(r.get(0)).isEqualTo("'" + CALC);
                assertThat(r.get(1)).isEqualTo(calcEmail);
            });
            assertThat(rows).as(download[0]).anySatisfy(r -> assertThat(r.get(0)).isEqualTo(plainName));
            FormPosts.open(browser, token, "/console/members.xhtml", ""); // a download is the view's last request
        }

        FormPosts.open(browser, token, "/console/answers.xhtml", "id=" + broadcast);
        List<CSVRecord> answers = csv(FormPosts.postButton(browser, "answers-form", "answers-form:answers-csv", "", "utf-8"));
        assertThat(answers).anySatisfy(r -> {
            assertThat(r.get(0)).isEqualTo("'" + CALC);
            assertThat(r.get(2)).isEqualTo("'" + LINK);
        });
        assertThat(answers).anySatisfy(r -> assertThat(r.get(0)).isEqualTo(plainName));
    }

    /** The records of a download ("status content-type" line, then the body); fails unless it is a CSV. */
    private static List<CSVRecord> csv(String response) throws Exception {
        int newline = response.indexOf('\n');
        assertThat(response.substring(0, newline)).startsWith("200 text/csv");
        String body = response.substring(newline + 1);
        if (body.startsWith("\uFEFF")) {
            body = body.substring(1);
        }
        return CSVFormat.EXCEL.parse(new StringReader(body)).getRecords();
    }

    private static long insert(String sql, String... parameters) throws Exception {
        try (Connection c = TestDatabase.connect();
             PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : 0;
            }
        }
    }
}
