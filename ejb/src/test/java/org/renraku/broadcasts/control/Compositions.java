package org.renraku.broadcasts.control;

import jakarta.mail.Session;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.renraku.broadcasts.entity.MailCharset;

/** A broadcast as the tests compose it: the service's settings and a network's Japanese notice. */
public final class Compositions {

    public static final byte[] TOKEN_KEY = "test-delivery-secret".getBytes(StandardCharsets.UTF_8);
    public static final Instant NOW = Instant.parse("2026-04-01T00:30:00Z");
    public static final Session SESSION = Session.getInstance(new Properties());

    public static final MessageComposer.Settings SETTINGS = new MessageComposer.Settings("sakura-pta@mail.renraku.test",
            "mail.renraku.test", "bounce.renraku.test", "bounce", "https://renraku.test/unsubscribe/", "unsubscribe",
            "lists.renraku.test", MessageComposer.DEFAULT_ATTACHMENT_LIMIT);

    public static final String TEXT = "{name} 様\n\n台風接近のため、明日は休校です。\n学年: {学年}\n\n"
            + "このメールに返信しても届きません。\n";

    private Compositions() {
    }

    public static MessageComposer.Content content(MailCharset charset, String html,
            List<MessageComposer.Attachment> attachments) {
        return new MessageComposer.Content(7, "sakura-pta", "さくら小学校PTA", 42, "【休校】{name}様 明日は休校です",
                TEXT, html, charset, "さくら小PTA 連絡係", "office@sakura.test", attachments);
    }

    public static MessageComposer composer(MailCharset charset, String html, List<MessageComposer.Attachment> attachments) {
        return new MessageComposer(SESSION, SETTINGS, content(charset, html, attachments), TOKEN_KEY,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    public static MessageComposer.Recipient recipient(String email, String name) {
        return new MessageComposer.Recipient(1001, email, Map.of("name", name, "学年", "3年"));
    }
}
