package org.renraku.accounts.entity;

import java.util.regex.Pattern;

/**
 * A login name of an admin or operator. Half-width letters, digits and {@code . _ -}, 3 to 64 characters:
 * the seed's FAQ tells users that IDs are 半角英数字, and that is what the form accepts.
 */
public record UserId(String value) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,63}");

    public UserId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("A user ID is 3-64 half-width letters, digits, '.', '_' or '-'");
        }
    }

    public static boolean isValid(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches();
    }
}
