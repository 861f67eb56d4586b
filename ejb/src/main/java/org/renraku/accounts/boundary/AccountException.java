package org.renraku.accounts.boundary;

import jakarta.ejb.ApplicationException;

/**
 * An account operation refused because of what was asked (a user ID already taken, a mail address that is
 * not one): the caller shows {@link #key()}, a key of the web module's message bundle, next to the form.
 * Everything the operation did so far is rolled back.
 */
@ApplicationException(rollback = true)
public class AccountException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public AccountException(String key, String message) {
        super(message);
        this.key = key;
    }

    public AccountException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The bundle key of the text to show, e.g. {@code operator.error.userIdTaken}. */
    public String key() {
        return key;
    }
}
