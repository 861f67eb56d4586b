package org.renraku.answers.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.renraku.answers.boundary.Answers.AnsweredRow;
import org.renraku.answers.entity.Answer;
import org.renraku.broadcasts.entity.AnswerKind;
import org.renraku.broadcasts.entity.Survey;

class AnswerCsvTest {

    private static final Instant AT = Instant.parse("2025-04-01T00:30:00Z");

    @Test
    void namesAndChoicesThatCouldStartAFormulaAreWrittenAsText() throws IOException {
        byte[] csv = AnswerCsv.export(AnswerKind.CHOICE, List.of(
                new AnsweredRow(1, "=cmd|' /C calc'!A0", "=x@example.jp", 1, "+1 参加", Answer.Via.LINK, AT),
                new AnsweredRow(2, "山田 花子", "hanako@example.jp", 2, "欠席", Answer.Via.MAIL, AT)),
                List.of("@SUM(1+1)", "佐藤 太郎"));

        List<CSVRecord> records = read(csv);

        assertThat(records.get(1).toList()).containsExactly("'=cmd|' /C calc'!A0", "'=x@example.jp", "'+1 参加",
                AnswerCsv.VIA_LINK, "2025-04-01 09:30");
        assertThat(records.get(2).toList()).containsExactly("山田 花子", "hanako@example.jp", "欠席",
                AnswerCsv.VIA_MAIL, "2025-04-01 09:30");
        assertThat(records.get(3).get(0)).isEqualTo("'@SUM(1+1)");
        assertThat(records.get(4).get(0)).isEqualTo("佐藤 太郎");
    }

    @Test
    void aSurveysQuestionsAndFreeTextsAreWrittenAsText() throws IOException {
        Survey.Question question = new Survey.Question("=1+1 何人?", Survey.Kind.TEXT, List.of(), false);
        byte[] csv = AnswerCsv.export(List.of(question),
                List.of(new AnsweredRow(7, "-ハナ", "hana@example.jp", null, null, Answer.Via.LINK, AT)),
                Map.of(7L, List.of(new Survey.Value(List.of(), "-2+3+cmd|' /C calc'!A0"))), List.of());

        List<CSVRecord> records = read(csv);

        assertThat(records.get(0).get(5)).isEqualTo("'=1+1 何人?");
        assertThat(records.get(1).get(0)).isEqualTo("'-ハナ");
        assertThat(records.get(1).get(5)).isEqualTo("'-2+3+cmd|' /C calc'!A0");
    }

    private static List<CSVRecord> read(byte[] csv) throws IOException {
        String text = new String(Arrays.copyOfRange(csv, 3, csv.length), StandardCharsets.UTF_8);
        return CSVFormat.EXCEL.parse(new StringReader(text)).getRecords();
    }
}
