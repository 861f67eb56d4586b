package org.renraku.broadcasts.entity;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The charset a broadcast is written in. UTF-8 is the default; ISO-2022-JP (JIS) is what older Japanese phones
 * and mail programs expect, but it has no emoji, no half-width kana and no characters outside JIS X 0208 (髙, 﨑,
 * ①…): a message whose text does not fit goes out in UTF-8 instead, and the composer says so.
 */
public enum MailCharset {
    UTF_8("UTF-8", StandardCharsets.UTF_8),
    ISO_2022_JP("ISO-2022-JP", Charset.forName("ISO-2022-JP"));

    private final String mimeName;
    private final Charset charset;

    MailCharset(String mimeName, Charset charset) {
        this.mimeName = mimeName;
        this.charset = charset;
    }

    /** The name in MIME headers and in {@code broadcasts.mail_charset}. */
    public String mimeName() {
        return mimeName;
    }

    public Charset charset() {
        return charset;
    }

    public static MailCharset ofMimeName(String name) {
        for (MailCharset c : values()) {
            if (c.mimeName.equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("Not a broadcast charset: " + name);
    }
}
