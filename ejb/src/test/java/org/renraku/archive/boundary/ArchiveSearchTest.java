package org.renraku.archive.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArchiveSearchTest {

    @Test
    void wordsSplitAtAnySpaceAndAreCapped() {
        assertThat(Archive.words(null)).isEmpty();
        assertThat(Archive.words(" \u3000 ")).isEmpty();
        assertThat(Archive.words(" 運動会\u3000雨天  延期 ")).containsExactly("運動会", "雨天", "延期");
        assertThat(Archive.words("a b c d e f g")).hasSize(Archive.QUERY_WORDS);
        assertThat(Archive.words("x".repeat(500)).get(0)).hasSize(Archive.QUERY_MAX);
    }

    @Test
    void likeWildcardsAndTheEscapeCharacterMatchThemselves() {
        assertThat(Archive.likeEscaped("100%_!ok")).isEqualTo("100!%!_!!ok");
        assertThat(Archive.likeEscaped("普通")).isEqualTo("普通");
    }
}
