package org.renraku.accounts.boundary;

import jakarta.ejb.ApplicationException;
import java.util.Objects;

/**
 * A request about an account that the rules refuse: a user ID already taken, an invalid mail address, a
 * password that breaks the policy, a link that is no longer valid, removing the last admin, …
 * <p>
 * It carries a key of the web module's message bundle ({@link #key()}, e.g. {@code admins.error.userIdTaken}),
 * so any page can say what went wrong in the visitor's language; the exception message (the key, unless one
 * is given) never contains a password, a token or other secret. The transaction rolls back. It is an
 * {@link IllegalArgumentException}: callers that only care about "invalid input" can catch that.
 */
@ApplicationException(rollback = true)
public class AccountException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    // --- keys: the texts are in web/src/main/resources/org/renraku/web/i18n/messages_*.properties
    public static final String USER_ID_INVALID = "admins.error.userIdInvalid";
    public static final String USER_ID_TAKEN = "admins.error.userIdTaken";
    public static final String DISPLAY_NAME_INVALID = "admins.error.displayNameInvalid";
    public static final String EMAIL_INVALID = "admins.error.emailInvalid";
    public static final String NETWORK_UNKNOWN = "admins.error.networkUnknown";
    public static final String ADMIN_NOT_FOUND = "admins.error.notFound";
    public static final String REMOVE_SELF = "admins.error.removeSelf";
    public static final String LAST_ADMIN = "admins.error.lastAdmin";
    public static final String INVITATION_INVALID = "invitation.error.invalidLink";
    public static final String RESET_INVALID = "reset.error.invalidLink";
    public static final String CURRENT_PASSWORD_WRONG = "password.error.currentWrong";
    public static final String SAME_PASSWORD = "password.error.sameAsCurrent";

    private final String key;

    public AccountException(String key) {
        super(Objects.requireNonNull(key, "key"));
        this.key = key;
    }

    /** With a message for logs; it must not contain a password, a token or other secret. */
    public AccountException(String key, String message) {
        super(message);
        this.key = Objects.requireNonNull(key, "key");
    }

    /** With a message for logs and a cause; neither may carry a password, a token or other secret. */
    public AccountException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The bundle key of the text that explains the refusal. */
    public String key() {
        return key;
    }
}
