package org.renraku.answers.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.renraku.broadcasts.entity.Survey;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.renraku.answers.boundary.Answers.AnsweredRow;
import org.renraku.answers.entity.Answer;
import org.renraku.broadcasts.entity.AnswerKind;
import org.renraku.platform.control.CsvCells;

/**
 * The tally of one broadcast as CSV for Excel (Commons CSV, as {@code MemberCsv}): UTF-8 with a BOM, a header
 * line, one line per member who answered (name, address as the console shows it, answer, how, when in Japan time),
 * then one per member who has not (name only, 未回答). Names, choices, questions and free texts are the members' and
 * admins' own: every cell that could start a formula in a spreadsheet gets a leading {@code '}
 * ({@link CsvCells#neutralise}).
 */
public final class AnswerCsv {

    public static final String NAME = "名前";
    public static final String EMAIL = "メールアドレス";
    public static final String ANSWER = "回答";
    public static final String VIA = "方法";
    public static final String AT = "回答日時";
    public static final String CONFIRMED = "確認済み";
    public static final String NOT_ANSWERED = "未回答";
    public static final String SURVEY_ANSWERED = "回答済み";
    public static final String VIA_LINK = "リンク";
    public static final String VIA_MAIL = "返信メール";

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.of("Asia/Tokyo"));

    private AnswerCsv() {
    }

    public static byte[] export(AnswerKind kind, List<AnsweredRow> answered, List<String> unanswered) {
        return export(List.of(), answered, Map.of(), unanswered);
    }

    /**
     * A survey's CSV: the columns of {@link #export(AnswerKind, List, List)} (answer: 回答済み) and one per question,
     * headed by its text, the member's value ({@link Survey#display}: several choices joined with " / ").
     */
    public static byte[] export(List<Survey.Question> questions, List<AnsweredRow> answered,
                                Map<Long, List<Survey.Value>> values, List<String> unanswered) {
        boolean survey = !questions.isEmpty();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(BOM);
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (CSVPrinter printer = new CSVPrinter(writer, CSVFormat.EXCEL)) {
                List<String> header = new ArrayList<>(List.of(NAME, EMAIL, ANSWER, VIA, AT));
                questions.forEach(q -> header.add(q.text()));
                printer.printRecord(safe(header));
                for (AnsweredRow r : answered) {
                    List<String> row = new ArrayList<>(List.of(r.name(), r.email(),
                            survey ? SURVEY_ANSWERED : r.choiceText() == null ? CONFIRMED : r.choiceText(),
                            r.via() == Answer.Via.MAIL ? VIA_MAIL : VIA_LINK,
                            r.answeredAt() == null ? "" : TIME.format(r.answeredAt())));
                    List<Survey.Value> v = values.getOrDefault(r.memberId(), List.of());
                    for (int i = 0; i < questions.size(); i++) {
                        row.add(Survey.display(questions.get(i), i < v.size() ? v.get(i) : null));
                    }
                    printer.printRecord(safe(row));
                }
                for (String name : unanswered) {
                    List<String> row = new ArrayList<>(List.of(name, "", NOT_ANSWERED, "", ""));
                    questions.forEach(q -> row.add(""));
                    printer.printRecord(safe(row));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The cells as written: none of them can start a formula in a spreadsheet ({@link CsvCells#neutralise}). */
    private static List<String> safe(List<String> cells) {
        return cells.stream().map(CsvCells::neutralise).toList();
    }
}
