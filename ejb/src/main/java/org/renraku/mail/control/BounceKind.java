package org.renraku.mail.control;

/** What a bounce means for the address: a hard bounce (the address is dead), a soft one, or no bounce at all. */
public enum BounceKind {
    HARD, SOFT, NONE
}
