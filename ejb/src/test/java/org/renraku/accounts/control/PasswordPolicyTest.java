package org.renraku.accounts.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.renraku.accounts.control.PasswordPolicy.Violation;

class PasswordPolicyTest {

    private static final String USER = "sakura-pta";

    @ParameterizedTest
    @ValueSource(strings = {"correct horse battery", "Tr0ub4dor&3x", "さくら小学校の連絡網2026", "aaaaaaaaab",
            "0123456789x"})
    void shouldAcceptLongEnoughUncommonPasswords(String password) {
        assertThat(PasswordPolicy.check(password, USER)).isEmpty();
        assertThat(PasswordPolicy.isAcceptable(password, USER)).isTrue();
    }

    @Test
    void shouldAcceptExactlyTheMinimumAndTheMaximumLength() {
        assertThat(PasswordPolicy.check("k7#Qm2vLx9", USER)).isEmpty();
        assertThat(PasswordPolicy.check("k7#Qm2vLx9".repeat(12) + "ab3Zk7#Q", USER)).as("128 characters").isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "short", "k7#Qm2vLx"})
    void shouldRefuseShorterThanTenCharacters(String password) {
        assertThat(PasswordPolicy.check(password, USER)).contains(Violation.TOO_SHORT);
    }

    @Test
    void shouldCountCharactersNotUtf16Units() {
        // 5 emoji are 10 UTF-16 units but only 5 characters
        assertThat(PasswordPolicy.check("🌀📣🌸🎒🏫", USER)).contains(Violation.TOO_SHORT);
        // ten kanji are ten characters
        assertThat(PasswordPolicy.check("台風接近のため臨時休校", USER)).isEmpty();
    }

    @Test
    void shouldRefuseLongerThan128Characters() {
        assertThat(PasswordPolicy.check("k7#Qm2vLx9".repeat(13), USER)).contains(Violation.TOO_LONG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sakura-pta", "Sakura-PTA", "sakura-pta2026!", "my-SAKURA-pta-password"})
    void shouldRefuseTheUserIdOrAPasswordContainingIt(String password) {
        assertThat(PasswordPolicy.check(password, USER)).contains(Violation.CONTAINS_USER_ID);
    }

    @Test
    void shouldNotCheckTheUserIdWhenItIsUnknown() {
        assertThat(PasswordPolicy.check("sakura-pta-password", null)).isEmpty();
        assertThat(PasswordPolicy.check("sakura-pta-password", " ")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"aaaaaaaaaa", "0000000000000", "            ", "ああああああああああ"})
    void shouldRefuseOneCharacterRepeated(String password) {
        assertThat(PasswordPolicy.check(password, USER)).contains(Violation.ONE_CHARACTER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890", "password123", "PASSWORD123", "qwertyuiop", "1q2w3e4r5t", "Iloveyou12"})
    void shouldRefuseVeryCommonPasswordsIgnoringCase(String password) {
        assertThat(PasswordPolicy.check(password, USER)).contains(Violation.COMMON);
    }

    @Test
    void everyCommonPasswordShouldBeLongEnoughToReachTheList() {
        assertThat(PasswordPolicy.COMMON).allSatisfy(common -> {
            assertThat(common.length()).as(common).isBetween(PasswordPolicy.MIN_LENGTH, PasswordPolicy.MAX_LENGTH);
            assertThat(common).as(common).isLowerCase();
        });
    }

    @Test
    void everyViolationShouldNameABundleKeyOfThePasswordPolicy() {
        for (Violation violation : Violation.values()) {
            assertThat(violation.key()).startsWith("password.policy.error.");
        }
    }
}
