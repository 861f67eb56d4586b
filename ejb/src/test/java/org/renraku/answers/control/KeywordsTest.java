package org.renraku.answers.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.renraku.answers.control.Keywords.Match;
import org.renraku.broadcasts.entity.AnswerChoices;
import org.renraku.broadcasts.entity.AnswerKind;

class KeywordsTest {

    private static final List<String> PRESET = AnswerChoices.PRESET;
    private static final List<String> CUSTOM = List.of("参加", "参加しない", "Bコース", "お弁当あり");

    private static Optional<Match> confirm(String text) {
        return Keywords.read(AnswerKind.CONFIRM, List.of(), "Re: 【連絡】明日の予定", text);
    }

    private static Optional<Integer> choice(List<String> choices, String text) {
        return Keywords.read(AnswerKind.CHOICE, choices, "Re: 出欠", text).flatMap(Match::choice);
    }

    @Test
    void confirmationKeywords() {
        for (String t : List.of("了解", "了解しました", "確認", "確認しました。", "りょうかいです", "ＯＫ", "ok!", "はい",
                " 了解 ", "了解です！", "承知しました")) {
            assertThat(confirm(t)).as(t).contains(Match.confirmed());
        }
        assertThat(confirm("欠席します")).isEmpty();
        assertThat(confirm("")).isEmpty();
        assertThat(confirm(null)).isEmpty();
    }

    @Test
    void presetChoicesInTheirPhoneSpellings() {
        assertThat(choice(PRESET, "○")).contains(1);
        assertThat(choice(PRESET, "〇")).contains(1);
        assertThat(choice(PRESET, "◯")).contains(1);
        assertThat(choice(PRESET, "まる")).contains(1);
        assertThat(choice(PRESET, "×")).contains(2);
        assertThat(choice(PRESET, "✕")).contains(2);
        assertThat(choice(PRESET, "X")).contains(2);
        assertThat(choice(PRESET, "ｘ")).contains(2); // full-width x
        assertThat(choice(PRESET, "ばつ")).contains(2);
        assertThat(choice(PRESET, "未定")).contains(3);
        assertThat(choice(PRESET, "未定です。")).contains(3);
        assertThat(choice(PRESET, "○ 参加します")).contains(1);
        assertThat(choice(PRESET, "×、欠席です")).contains(2);
        assertThat(choice(PRESET, "よろしくお願いします")).isEmpty();
    }

    @Test
    void customChoicesFullAndHalfWidth() {
        assertThat(choice(CUSTOM, "参加")).contains(1);
        assertThat(choice(CUSTOM, "参加しない")).contains(2); // not the shorter 参加
        assertThat(choice(CUSTOM, "参加しないです")).contains(2);
        assertThat(choice(CUSTOM, "参加 よろしくお願いします")).contains(1);
        assertThat(choice(CUSTOM, "Ｂコース")).contains(3); // full-width B
        assertThat(choice(CUSTOM, "bコース")).contains(3);
        assertThat(choice(CUSTOM, "ｵ弁当あり")).isEmpty(); // half-width kana is different kana here: お ≠ オ
        assertThat(choice(CUSTOM, "お弁当 あり")).contains(4); // spaces do not matter
        assertThat(choice(CUSTOM, "参加するかも")).isEmpty();
    }

    @Test
    void halfWidthKanaBecomeFullWidth() {
        assertThat(choice(List.of("オンライン", "会場"), "ｵﾝﾗｲﾝ")).contains(1);
    }

    @Test
    void quotedTextBelowIsIgnored() {
        String reply = "×\r\n\r\n2026/11/27 10:00、さくら小PTA <noreply@example.jp> のメッセージ:\r\n> ○ 参加\r\n> × 不参加\r\n";
        assertThat(choice(PRESET, reply)).contains(2);
        String quoteFirst = "> ○ 参加\n> × 不参加\n\n";
        assertThat(choice(PRESET, quoteFirst)).isEmpty();
        String outlook = "\n-----Original Message-----\nFrom: PTA\n○\n";
        assertThat(choice(PRESET, outlook)).isEmpty();
        String gmail = "了解\n\nOn Fri, Nov 27, 2026 at 10:00 AM PTA <noreply@example.jp> wrote:\n> 了解 と返信\n";
        assertThat(confirm(gmail)).contains(Match.confirmed());
    }

    @Test
    void subjectIsReadWhenTheBodyIsEmpty() {
        assertThat(Keywords.read(AnswerKind.CHOICE, PRESET, "Re: ○", "")).contains(Match.choice(1));
        assertThat(Keywords.read(AnswerKind.CONFIRM, List.of(), "RE: 了解", "\n> quoted\n")).contains(Match.confirmed());
        // the subject of a plain reply is the broadcast's, which is no keyword
        assertThat(Keywords.read(AnswerKind.CHOICE, PRESET, "Re: 運動会の出欠", "")).isEmpty();
    }

    @Test
    void aBroadcastWithoutAnswersTakesNoKeyword() {
        assertThat(Keywords.read(AnswerKind.NONE, List.of(), "Re: x", "了解")).isEmpty();
        assertThat(Keywords.read(AnswerKind.CHOICE, PRESET, "Re: x", "了解")).isEmpty();
    }
}
