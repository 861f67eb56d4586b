package org.renraku.members.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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

class MemberCsvTest {

    private static final Set<String> EXISTING = Set.of("existing@i.softbank.jp");

    @ParameterizedTest
    @CsvSource({"members-utf8.csv, UTF_8", "members-utf8.csv, WINDOWS_31J", "members-windows31j.csv, WINDOWS_31J"})
    void fixturesAreReadLineByLine(String file, Encoding chosen) throws Exception {
        Parsed parsed = MemberCsv.parse(read(file), chosen, EXISTING, List.of("学年"));

        assertThat(parsed.valid()).extracting(Line::lineNumber, Line::name, l -> l.email().value(), Line::carrier)
                .containsExactly(
                        tuple(2, "髙橋 太郎", "taro.yamada@docomo.ne.jp", Carrier.DOCOMO),
                        tuple(3, "山﨑 花子", "hanako@gmail.com", Carrier.GMAIL),
                        tuple(4, "佐藤 次郎", "jiro..sato.@docomo.ne.jp", Carrier.DOCOMO));
        assertThat(parsed.valid().get(0).attributes()).isEqualTo(Map.of("学年", "1年"));
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

        Parsed parsed = MemberCsv.parse(csv, encoding, Set.of(), List.of("学年"));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.charset()).isEqualTo(encoding.charset);
        assertThat(parsed.valid()).extracting(Line::name, l -> l.email().value(), Line::attributes).containsExactly(
                tuple("髙橋 太郎", "taro.yamada@docomo.ne.jp", Map.of("学年", "1年")),
                tuple("山﨑 \"ハナ\", 花子", "hanako@gmail.com", Map.of()),
                tuple("佐藤 次郎", "jiro..sato.@docomo.ne.jp", Map.of("学年", "3年")));
    }

    @Test
    void missingHeaderColumnsAreOneProblem() {
        Parsed parsed = MemberCsv.parse("a,b\r\nx,y\r\n".getBytes(StandardCharsets.UTF_8), Encoding.UTF_8, Set.of(), List.of());
        assertThat(parsed.problems()).extracting(Problem::lineNumber, Problem::reason)
                .containsExactly(tuple(1, "csv.error.header"));
    }

    private static byte[] read(String name) throws Exception {
        try (InputStream in = MemberCsvTest.class.getResourceAsStream("/csv/" + name)) {
            return in.readAllBytes();
        }
    }
}
