package org.renraku.web.security;

/** The two roles of the console; the identity store returns them as groups of the same names. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";

    private Roles() {
    }
}
