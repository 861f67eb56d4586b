package org.renraku.inbound.boundary;

import jakarta.ejb.ApplicationException;

/** The join settings were refused as entered; {@link #key()} is the web bundle's text for the form. Nothing kept. */
@ApplicationException(rollback = true)
public class JoiningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public JoiningException(String key) {
        super(key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
