package org.renraku.accounts.control;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a new password of an admin must be, checked before it is hashed (password reset, invitation, own
 * change). The rules follow NIST SP 800-63B: length matters, composition rules do not.
 * <ul>
 *   <li>{@value #MIN_LENGTH} to {@value #MAX_LENGTH} characters (counted as Unicode code points; any
 *       character is allowed, spaces and Japanese included);</li>
 *   <li>not the user ID, and not containing it (ignoring case);</li>
 *   <li>not one character repeated ({@code aaaaaaaaaa});</li>
 *   <li>not one of a small list of very common passwords (ignoring case).</li>
 * </ul>
 * Each broken rule is a {@link Violation} whose {@link Violation#key() key} names its text in the web
 * module's message bundle; the page shows the whole policy with {@code password.policy.*}.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 128;

    /** Very common passwords of the allowed length (from public breach top lists), lower case. */
    static final Set<String> COMMON = Set.of(
            "1234567890", "0123456789", "0987654321", "12345678910", "123456789a", "a123456789",
            "1234567890a", "123456789abc", "12345qwert", "1q2w3e4r5t", "1q2w3e4r5t6y", "1qaz2wsx3edc",
            "zaq12wsxcde3", "qwertyuiop", "qwerty1234", "qwerty12345", "qwerty123456", "asdfghjkl;",
            "asdfghjkl1", "zxcvbnm123", "password12", "password123", "password1234", "password!!!",
            "passw0rd12", "p@ssw0rd12", "p@ssword123", "iloveyou12", "iloveyou123", "password01",
            "abcdefghij", "abcd123456", "abc1234567", "abc123456789", "letmein123", "welcome123",
            "welcome1234", "admin12345", "admin123456", "administrator", "changeme123", "sunshine12",
            "princess12", "football12", "baseball12", "dragon1234", "monkey1234", "trustno1234",
            "11111111111", "1111111111", "1212121212", "1234512345", "1122334455", "9876543210",
            "pokemon1234", "doraemon123", "sakura12345", "naruto12345", "tokyo12345", "nippon1234",
            "renraku123", "renraku1234", "renrakumou");

    private PasswordPolicy() {
    }

    /** A broken rule and the bundle key that explains it. */
    public enum Violation {
        TOO_SHORT("password.policy.error.tooShort"),
        TOO_LONG("password.policy.error.tooLong"),
        CONTAINS_USER_ID("password.policy.error.containsUserId"),
        ONE_CHARACTER("password.policy.error.oneCharacter"),
        COMMON("password.policy.error.common");

        private final String key;

        Violation(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /**
     * The first rule the password breaks, or empty when it may be used.
     *
     * @param userId the user ID of the account the password is for (may be null when unknown)
     */
    public static Optional<Violation> check(String password, String userId) {
        if (password == null) {
            return Optional.of(Violation.TOO_SHORT);
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of(Violation.TOO_SHORT);
        }
        if (length > MAX_LENGTH) {
            return Optional.of(Violation.TOO_LONG);
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (userId != null && !userId.isBlank() && lower.contains(userId.strip().toLowerCase(Locale.ROOT))) {
            return Optional.of(Violation.CONTAINS_USER_ID);
        }
        if (password.codePoints().distinct().count() == 1) {
            return Optional.of(Violation.ONE_CHARACTER);
        }
        if (COMMON.contains(lower)) {
            return Optional.of(Violation.COMMON);
        }
        return Optional.empty();
    }

    public static boolean isAcceptable(String password, String userId) {
        return check(password, userId).isEmpty();
    }
}
