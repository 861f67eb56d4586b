package org.renraku.inbound.boundary;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JoiningTest {

    @Test
    void aJoinPasswordShorterThanSixCharactersShouldBeRefusedWithItsMessage() {
        Joining joining = new Joining(); // refused before anything is stored: no database needed
        for (String password : new String[] {"2026", "12345", " ａｂｃ ", "五文字です"}) {
            assertThatThrownBy(() -> joining.configure(1L, true, password, "admin", "127.0.0.1")).as(password)
                    .isInstanceOf(JoiningException.class).hasMessage("join.settings.error.passwordShort");
        }
    }

    @Test
    void aJoinPasswordWithSpacesOrTooLongShouldStillBeRefused() {
        Joining joining = new Joining();
        assertThatThrownBy(() -> joining.configure(1L, true, "tsuku shi", "admin", "127.0.0.1"))
                .hasMessage("join.settings.error.passwordSpace");
        assertThatThrownBy(() -> joining.configure(1L, true, "x".repeat(65), "admin", "127.0.0.1"))
                .hasMessage("join.settings.error.passwordLong");
    }
}
