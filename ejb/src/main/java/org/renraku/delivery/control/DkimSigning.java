package org.renraku.delivery.control;

import org.renraku.broadcasts.control.MailHeaders;
import org.renraku.broadcasts.control.MessageTemplate;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * DKIM signatures (RFC 6376: rsa-sha256, relaxed/relaxed, no l=) over a message's bytes, covering the
 * {@link MailHeaders#SIGNED} headers the message has (RFC 8058 wants List-Unsubscribe and -Post signed).
 * <p>
 * Written here rather than taken from {@code org.simplejavamail:utils-mail-dkim}, which the service used before:
 * that library signs only a {@code MimeMessage} it wraps ({@code DkimMessage}) and re-serialises while it is
 * written, which cost a fifth of the sending time and would undo {@link MessageTemplate}'s composing once per
 * broadcast. What DKIM needs over bytes is small — the relaxed canonicalisations of §3.4.2 (header: lower-case
 * name, unfolded, runs of white space as one space, none at the ends or around the colon) and §3.4.4 (body: runs
 * of white space as one space, none at line ends, no empty lines at the end, CRLF after the last line), the
 * SHA-256 body hash, and one RSA signature over the canonical headers and the signature header with an empty
 * {@code b=} (§3.7). Independent verification is in the tests (dkimpy, Debian's python3-dkim).
 * <p>
 * The RSA signature is one per message and most of the cost of a signed broadcast. RSA-2048 signatures per CPU
 * second on the benchmark machine (AVX-512 IFMA): the JDK about 1 050, Conscrypt (BoringSSL) and the Amazon
 * Corretto Crypto Provider 2.4.1 about 1 700, ACCP 2.5.0 (AWS-LC) about 3 170 — as fast as {@code openssl speed}.
 * So the Signature comes from ACCP, for this Signature only (not installed as a JCA provider of the server),
 * when its native library loads on this platform (Linux x86-64); otherwise from the JDK, with a log line saying so.
 * <p>
 * A signer keeps a {@link Signature} and a {@link MessageDigest}: not thread-safe, so each sending thread makes its
 * own (cheap: no key parsing). It never looks up DNS.
 */
public final class DkimSigning {

    private static final Logger LOG = Logger.getLogger(DkimSigning.class.getName());
    private static final byte[] CRLF = {'\r', '\n'};

    /** The native RSA provider, looked up once; null when it does not load here. */
    static final class Rsa {
        static final Provider NATIVE = load();

        private static Provider load() {
            try {
                AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
                if (accp.getLoadingError() == null) {
                    Signature.getInstance("SHA256withRSA", accp);
                    LOG.info(() -> "DKIM signatures with " + accp.getName() + " " + accp.getVersionStr());
                    return accp;
                }
                LOG.warning(() -> "DKIM signatures with the JDK's RSA (slower): the native provider did not load: "
                        + accp.getLoadingError());
            } catch (LinkageError | RuntimeException | NoSuchAlgorithmException e) {
                LOG.log(Level.WARNING, "DKIM signatures with the JDK's RSA (slower): the native provider did not load", e);
            }
            return null;
        }

        private Rsa() {
        }
    }

    private final String domain;
    private final String selector;
    private final Signature rsa;
    private final MessageDigest sha256;
    private final byte[] line = new byte[1024];

    public DkimSigning(String domain, String selector, RSAPrivateKey key) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.selector = Objects.requireNonNull(selector, "selector");
        try {
            rsa = Rsa.NATIVE == null ? Signature.getInstance("SHA256withRSA")
                    : Signature.getInstance("SHA256withRSA", Rsa.NATIVE);
            rsa.initSign(key);
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot sign for " + domain + " with selector " + selector, e);
        }
    }

    /** The message with a DKIM-Signature header in front. */
    public byte[] sign(byte[] message) {
        int bodyStart = bodyStart(message);
        List<String> fields = headerFields(message, bodyStart < 0 ? message.length : bodyStart);

        sha256.reset();
        if (bodyStart >= 0) {
            relaxedBody(message, bodyStart, sha256);
        }
        String bodyHash = Base64.getEncoder().encodeToString(sha256.digest());

        List<String> signed = new ArrayList<>();
        StringBuilder canonical = new StringBuilder(1024);
        for (String name : MailHeaders.SIGNED) {
            String field = last(fields, name);
            if (field != null) {
                signed.add(name.toLowerCase(Locale.ROOT));
                canonical.append(relaxedHeader(field)).append("\r\n");
            }
        }
        StringBuilder header = new StringBuilder(512).append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; s=")
                .append(selector).append("; d=").append(domain).append(";\r\n\tt=")
                .append(Instant.now().getEpochSecond()).append("; h=");
        int column = 14;
        for (int i = 0; i < signed.size(); i++) {
            String name = signed.get(i) + (i + 1 < signed.size() ? ":" : ";");
            if (column + name.length() > 76) {
                header.append("\r\n\t");
                column = 1;
            }
            header.append(name);
            column += name.length();
        }
        header.append("\r\n\tbh=").append(bodyHash).append(";\r\n\tb=");
        canonical.append(relaxedHeader(header.toString()));
        String signature;
        try {
            rsa.update(canonical.toString().getBytes(StandardCharsets.ISO_8859_1));
            signature = Base64.getEncoder().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA signing failed for " + domain, e);
        }
        for (int i = 0; i < signature.length(); i += 72) {
            header.append(i == 0 ? "" : "\r\n\t").append(signature, i, Math.min(signature.length(), i + 72));
        }
        header.append("\r\n");
        byte[] head = header.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + message.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(message, 0, out, head.length, message.length);
        return out;
    }

    /**
     * The message (as it would be written, changes saved) signed, as a message that keeps the original's
     * Message-ID and envelope sender (VERP).
     */
    public SMTPMessage sign(MimeMessage message) throws MessagingException {
        message.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            message.writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("Writing the message to sign failed", e);
        }
        String envelopeFrom = message instanceof SMTPMessage smtp ? smtp.getEnvelopeFrom() : null;
        return PrecomposedMessage.parsed(message.getSession(),
                sign(MessageTemplate.canonicalLineEnds(out.toByteArray())), envelopeFrom);
    }

    /** Where the body starts (after the first empty line), or -1 when there is no empty line. */
    private static int bodyStart(byte[] m) {
        for (int i = 0; i < m.length; i++) {
            if (m[i] == '\n' && (i == 0 || m[i - 1] == '\n' || (m[i - 1] == '\r' && i >= 2 && m[i - 2] == '\n'))) {
                return i + 1;
            }
        }
        return -1;
    }

    /**
     * The header fields, each with its folding line breaks, without the final line break. Lines end with LF or
     * CRLF; a line that starts with white space continues the field before it. (A loop, not a regex split: this
     * runs for every message a lane signs.)
     */
    private static List<String> headerFields(byte[] m, int end) {
        String block = new String(m, 0, end, StandardCharsets.ISO_8859_1);
        List<String> fields = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        while (start <= block.length()) {
            int lf = block.indexOf('\n', start);
            int next = lf < 0 ? block.length() + 1 : lf + 1;
            int stop = lf < 0 ? block.length() : lf > start && block.charAt(lf - 1) == '\r' ? lf - 1 : lf;
            if (stop > start) {
                char first = block.charAt(start);
                if ((first == ' ' || first == '\t') && current != null) {
                    current.append("\r\n").append(block, start, stop);
                } else {
                    if (current != null) {
                        fields.add(current.toString());
                    }
                    current = new StringBuilder(stop - start + 64).append(block, start, stop);
                }
            }
            start = next;
        }
        if (current != null) {
            fields.add(current.toString());
        }
        return fields;
    }

    /** The last field of that name (§5.4.2: instances are signed from the bottom up; ours have one each). */
    private static String last(List<String> fields, String name) {
        for (int i = fields.size() - 1; i >= 0; i--) {
            String f = fields.get(i);
            int colon = f.indexOf(':');
            if (colon > 0 && f.substring(0, colon).strip().equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }

    /**
     * RFC 6376 §3.4.2, without the final CRLF: the name in lower case, the value unfolded (CR and LF removed), each
     * run of WSP (space, tab) one space, none before or after the value or around the colon.
     */
    static String relaxedHeader(String field) {
        int colon = field.indexOf(':');
        StringBuilder out = new StringBuilder(field.length());
        out.append(field.substring(0, colon).strip().toLowerCase(Locale.ROOT)).append(':');
        int valueStart = out.length();
        boolean space = false;
        for (int i = colon + 1; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\r' || c == '\n') {
                continue;
            }
            if (c == ' ' || c == '\t') {
                space = true;
                continue;
            }
            if (space && out.length() > valueStart) {
                out.append(' ');
            }
            space = false;
            out.append(c);
        }
        return out.toString();
    }

    /** RFC 6376 §3.4.4 of the body from {@code start}, into the digest; CR, LF and CRLF all end a line. */
    void relaxedBody(byte[] m, int start, MessageDigest digest) {
        int emptyLines = 0;
        int i = start;
        while (i < m.length) {
            int end = i;
            while (end < m.length && m[end] != '\n' && m[end] != '\r') {
                end++;
            }
            byte[] buffer = end - i <= line.length ? line : new byte[end - i];
            int length = 0;
            boolean space = false;
            for (int k = i; k < end; k++) {
                byte b = m[k];
                if (b == ' ' || b == '\t') {
                    space = true;
                } else {
                    if (space) {
                        buffer[length++] = ' ';
                        space = false;
                    }
                    buffer[length++] = b;
                }
            }
            if (length == 0) {
                emptyLines++;
            } else {
                for (; emptyLines > 0; emptyLines--) {
                    digest.update(CRLF);
                }
                digest.update(buffer, 0, length);
                digest.update(CRLF);
            }
            i = end < m.length && m[end] == '\r' && end + 1 < m.length && m[end + 1] == '\n' ? end + 2 : end + 1;
        }
    }
}
