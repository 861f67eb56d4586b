package org.renraku.networks.boundary;

import jakarta.ejb.ApplicationException;

/**
 * A network could not be created as asked (a slug already in use, a malformed slug, no name): the caller shows
 * {@link #key()}, a key of the web module's message bundle, next to the form. Nothing is kept.
 */
@ApplicationException(rollback = true)
public class NetworkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public NetworkException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The bundle key of the text to show, e.g. {@code operator.error.slugTaken}. */
    public String key() {
        return key;
    }
}
