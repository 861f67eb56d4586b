package org.renraku.archive.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveTextsTest {

    private static final ArchiveTexts.Neutral JA = new ArchiveTexts.Neutral("会員", "（{0}）");

    @Test
    void nameAndAttributesBecomeNeutralWordsAndUnknownPlaceholdersStayAsTheMailHadThem() {
        ArchiveTexts texts = new ArchiveTexts(JA, List.of("学年", "クラス"));
        ArchiveTexts.Rendered r = texts.render("{name}様へ 運動会のお知らせ",
                "{name}様\n{学年}{ クラス }の保護者の皆様へ。{未知}はそのまま。{name}", null);
        assertThat(r.subject()).isEqualTo("会員様へ 運動会のお知らせ");
        assertThat(r.text()).isEqualTo("会員様\n（学年）（クラス）の保護者の皆様へ。{未知}はそのまま。会員");
        assertThat(r.html()).isNull();
    }

    @Test
    void theHtmlPartGetsEscapedNeutralWordsAndAnAttributeLabelledNameCannotReplaceTheNameWord() {
        ArchiveTexts texts = new ArchiveTexts(new ArchiveTexts.Neutral("<会員>", "[{0}]"), List.of("name", "<b>組</b>"));
        ArchiveTexts.Rendered r = texts.render("s", "t", "<p>{name} {<b>組</b>}</p>");
        assertThat(r.html()).isEqualTo("<p>&lt;会員&gt; [&lt;b&gt;組&lt;/b&gt;]</p>");
        assertThat(texts.values()).containsEntry("name", "<会員>");
    }

    @Test
    void aRenderedTextNeverContainsAnyMembersValueWhateverTheLabels() {
        // the archive has no member: only the neutral words can appear where the mail had a member's data
        ArchiveTexts texts = new ArchiveTexts(JA, List.of("学年"));
        assertThat(texts.values()).containsOnlyKeys("name", "学年").containsValues("会員", "（学年）");
        assertThat(texts.render("", "{name}", "  ").html()).isNull();
    }
}
