package org.renraku.members.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.renraku.members.control.TestAttributes.attribute;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.renraku.members.control.MemberCsv.Encoding;
import org.renraku.members.control.MemberCsv.ExportRow;
import org.renraku.members.control.MemberCsv.Line;
import org.renraku.members.control.MemberCsv.Parsed;
import org.renraku.members.control.MemberCsv.Problem;
import org.renraku.members.entity.Carrier;
import org.renraku.members.entity.MemberAttribute;
import org.renraku.members.entity.MemberAttribute.Kind;

class MemberCsvTest {

    private static final Set<String> EXISTING = Set.of("existing@i.softbank.jp");
    private static final MemberAttribute GRADE = attribute(1, "学年", Kind.SINGLE, List.of("1年", "2年", "3年"), false, false);
    private static final List<MemberAttribute> GRADE_ONLY = List.of(GRADE);

    @ParameterizedTest
    @CsvSource({"members-utf8.csv, UTF_8", "members-utf8.csv, WINDOWS_31J", "members-windows31j.csv, WINDOWS_31J"})
    void fixturesAreReadLineByLine(String file, Encoding chosen) throws Exception {
        Parsed parsed = MemberCsv.parse(read(file), chosen, EXISTING, GRADE_ONLY);

        assertThat(parsed.valid()).extracting(Line::lineNumber, Line::name, l -> l.email().value(), Line::carrier)
                .containsExactly(
                        tuple(2, "髙橋 太郎", "taro.yamada@docomo.ne.jp", Carrier.DOCOMO),
                        tuple(3, "山﨑 花子", "hanako@gmail.com", Carrier.GMAIL),
                        tuple(4, "佐藤 次郎", "jiro..sato.@docomo.ne.jp", Carrier.DOCOMO));
        assertThat(parsed.valid().get(0).attributes()).isEqualTo(Map.of(1L, List.of("1年")));
        assertThat(parsed.problems()).extracting(Problem::lineNumber, Problem::reason).containsExactly(
                tuple(5, "csv.error.nameRequired"),
                tuple(6, "csv.error.emailInvalid"),
                tuple(7, "csv.error.duplicateInFile"),
                tuple(8, "csv.error.emailRequired"),
                tuple(9, "csv.error.nameControl"),
                tuple(11, "csv.error.exists"));
        assertThat(parsed.problems().get(2).detail()).isEqualTo("2");
        assertThat(parsed.clean()).isFalse();
    }

    @Test
    void utf8WithoutBomReadAsWindows31jIsRefusedAsUndecodableOrGarbled() throws Exception {
        byte[] utf8 = read("members-utf8.csv");
        byte[] noBom = java.util.Arrays.copyOfRange(utf8, 3, utf8.length);
        Parsed asUtf8 = MemberCsv.parse(noBom, Encoding.UTF_8, EXISTING, List.of());
        assertThat(asUtf8.valid()).hasSize(3);
        Parsed wrong = MemberCsv.parse(read("members-windows31j.csv"), Encoding.UTF_8, EXISTING, List.of());
        assertThat(wrong.valid()).isEmpty();
        assertThat(wrong.problems()).extracting(Problem::reason).containsExactly("csv.error.encoding");
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void exportThenImportGivesTheSameMembers(Encoding encoding) {
        List<ExportRow> rows = List.of(
                new ExportRow("髙橋 太郎", "taro.yamada@docomo.ne.jp", "DOCOMO", "ACTIVE", Map.of("学年", "1年")),
                new ExportRow("山﨑 \"ハナ\", 花子", "hanako@gmail.com", "GMAIL", "SUSPENDED", Map.of()),
                new ExportRow("佐藤 次郎", "jiro..sato.@docomo.ne.jp", "DOCOMO", "ACTIVE", Map.of("学年", "3年")));
        byte[] csv = MemberCsv.export(rows, List.of("学年"), encoding);
        if (encoding == Encoding.UTF_8) {
            assertThat(csv).startsWith(0xEF, 0xBB, 0xBF);
        } else {
            assertThat(new String(csv, MemberCsv.WINDOWS_31J)).startsWith("名前,メールアドレス,携帯会社,状態,学年\r\n");
        }

        Parsed parsed = MemberCsv.parse(csv, encoding, Set.of(), GRADE_ONLY);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.charset()).isEqualTo(encoding.charset);
        assertThat(parsed.valid()).extracting(Line::name, l -> l.email().value(), Line::attributes).containsExactly(
                tuple("髙橋 太郎", "taro.yamada@docomo.ne.jp", Map.of(1L, List.of("1年"))),
                tuple("山﨑 \"ハナ\", 花子", "hanako@gmail.com", Map.of()),
                tuple("佐藤 次郎", "jiro..sato.@docomo.ne.jp", Map.of(1L, List.of("3年"))));
    }

    @Test
    void cellsThatCouldStartAFormulaAreExportedWithALeadingQuote() {
        List<ExportRow> rows = List.of(
                new ExportRow("=cmd|' /C calc'!A0", "=x@example.jp", "OTHER", "ACTIVE", Map.of("@学年", "+1")),
                new ExportRow("山田 花子", "hanako@gmail.com", "GMAIL", "ACTIVE", Map.of("@学年", "1年")));

        String csv = new String(MemberCsv.export(rows, List.of("@学年"), Encoding.UTF_8), StandardCharsets.UTF_8);

        assertThat(csv).isEqualTo("\uFEFF名前,メールアドレス,携帯会社,状態,'@学年\r\n"
                + "'=cmd|' /C calc'!A0,'=x@example.jp,OTHER,ACTIVE,'+1\r\n"
                + "山田 花子,hanako@gmail.com,GMAIL,ACTIVE,1年\r\n");
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void namesAndAddressesThatStartWithAFormulaCharacterSurviveExportAndImport(Encoding encoding) {
        MemberAttribute plus = attribute(2, "+メモ", Kind.TEXT, List.of(), false, false);
        List<ExportRow> rows = List.of(
                new ExportRow("-ハナ", "-hana@example.jp", "OTHER", "ACTIVE", Map.of("+メモ", "=1+1")),
                new ExportRow("'=引用済み", "quote@example.jp", "OTHER", "ACTIVE", Map.of("+メモ", "'quoted")),
                new ExportRow("O'Brien", "obrien@example.jp", "OTHER", "ACTIVE", Map.of()));

        Parsed parsed = MemberCsv.parse(MemberCsv.export(rows, List.of("+メモ"), encoding), encoding, Set.of(),
                List.of(plus));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.valid()).extracting(Line::name, l -> l.email().value(), Line::attributes).containsExactly(
                tuple("-ハナ", "-hana@example.jp", Map.of(2L, List.of("=1+1"))),
                tuple("'=引用済み", "quote@example.jp", Map.of(2L, List.of("'quoted"))),
                tuple("O'Brien", "obrien@example.jp", Map.of()));
    }

    @Test
    void missingHeaderColumnsAreOneProblem() {
        Parsed parsed = MemberCsv.parse("a,b\r\nx,y\r\n".getBytes(StandardCharsets.UTF_8), Encoding.UTF_8, Set.of(), List.of());
        assertThat(parsed.problems()).extracting(Problem::lineNumber, Problem::reason)
                .containsExactly(tuple(1, "csv.error.header"));
    }

    @Test
    void aChoiceThatIsNotDefinedRefusesItsLineNamingAttributeValueAndChoices() {
        MemberAttribute clubs = attribute(2, "部活", Kind.MULTI, List.of("野球", "サッカー", "吹奏楽"), false, false);
        Parsed parsed = MemberCsv.parse(utf8("名前,メールアドレス,学年,部活",
                        "髙橋 太郎,taro@docomo.ne.jp,2年,吹奏楽、野球",
                        "山﨑 花子,hanako@gmail.com,4年,",
                        "佐藤 次郎,jiro@au.com,1年,野球、卓球",
                        "鈴木 三郎,saburo@i.softbank.jp, 3年 ,"),
                Encoding.UTF_8, Set.of(), List.of(GRADE, clubs));

        assertThat(parsed.valid()).extracting(Line::lineNumber, Line::attributes).containsExactly(
                tuple(2, Map.of(1L, List.of("2年"), 2L, List.of("野球", "吹奏楽"))),
                tuple(5, Map.of(1L, List.of("3年"))));
        assertThat(parsed.problems()).extracting(Problem::lineNumber, Problem::reason, Problem::details).containsExactly(
                tuple(3, "csv.error.attributeInvalid", List.of("学年", "4年", "1年、2年、3年")),
                tuple(4, "csv.error.attributeInvalid", List.of("部活", "卓球", "野球、サッカー、吹奏楽")));
    }

    @Test
    void aRequiredAttributeWithoutValueOrWithoutColumnRefusesTheLine() {
        MemberAttribute klass = attribute(3, "クラス", Kind.SINGLE, List.of("A組", "B組"), true, false);
        MemberAttribute memo = attribute(4, "管理メモ", Kind.TEXT, null, true, true);
        Parsed withColumn = MemberCsv.parse(utf8("名前,メールアドレス,クラス,管理メモ",
                        "髙橋 太郎,taro@docomo.ne.jp,A組,兄が3年",
                        "山﨑 花子,hanako@gmail.com,,メモ",
                        "佐藤 次郎,jiro@au.com,B組,"),
                Encoding.UTF_8, Set.of(), List.of(klass, memo));
        assertThat(withColumn.valid()).extracting(Line::lineNumber).containsExactly(2);
        assertThat(withColumn.problems()).extracting(Problem::lineNumber, Problem::reason, Problem::details)
                .containsExactly(
                        tuple(3, "csv.error.attributeRequired", List.of("クラス")),
                        tuple(4, "csv.error.attributeRequired", List.of("管理メモ")));

        Parsed withoutColumn = MemberCsv.parse(utf8("名前,メールアドレス", "髙橋 太郎,taro@docomo.ne.jp"),
                Encoding.UTF_8, Set.of(), List.of(klass));
        assertThat(withoutColumn.valid()).isEmpty();
        assertThat(withoutColumn.problems()).extracting(Problem::reason, Problem::detail)
                .containsExactly(tuple("csv.error.attributeRequired", "クラス"));
    }

    @Test
    void aTooLongTextAndAListOfManyChoicesAreNamedInTheReason() {
        MemberAttribute note = attribute(5, "備考", Kind.TEXT, null, false, false);
        List<String> rooms = java.util.stream.IntStream.rangeClosed(1, 12).mapToObj(i -> i + "組").toList();
        MemberAttribute room = attribute(6, "組", Kind.SINGLE, rooms, false, false);
        Parsed parsed = MemberCsv.parse(utf8("名前,メールアドレス,備考,組",
                        "髙橋 太郎,taro@docomo.ne.jp," + "あ".repeat(AttributeValues.TEXT_MAX + 1) + ",",
                        "山﨑 花子,hanako@gmail.com,,13組"),
                Encoding.UTF_8, Set.of(), List.of(note, room));
        assertThat(parsed.problems()).extracting(Problem::reason, Problem::details).containsExactly(
                tuple("csv.error.attributeTooLong", List.of("備考", String.valueOf(AttributeValues.TEXT_MAX))),
                tuple("csv.error.attributeInvalid", List.of("組", "13組", String.join("、", rooms.subList(0, 10)) + "、…")));
    }

    private static byte[] utf8(String... lines) {
        return (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(String name) throws Exception {
        try (InputStream in = MemberCsvTest.class.getResourceAsStream("/csv/" + name)) {
            return in.readAllBytes();
        }
    }
}
