package org.renraku.mail.control;

import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import java.util.Properties;
import org.renraku.platform.control.ResourceProperties;

/**
 * The application's SMTP session, built from the mail resource {@code java:app/mail/renraku} with every
 * {@code ${ENV=NAME:default}} of its {@code <property>} values resolved. Payara substitutes these in the
 * resource's attributes (host, user, from) but not reliably in its properties: a full test run once sent a
 * test broadcast to port 25 instead of {@code RENRAKU_SMTP_PORT}, because {@code mail.smtp.port} still read
 * {@code ${ENV=RENRAKU_SMTP_PORT:25}}. Every sender of the application takes its session from here.
 */
public final class MailSessions {

    private MailSessions() {
    }

    /** A session with the resource's properties resolved (and its SMTP login, when auth is on). */
    public static Session resolved(Session resource) {
        Properties p = ResourceProperties.resolve(resource.getProperties(), System::getenv);
        String user = first(p, "mail.smtp.user", "mail.user");
        String password = first(p, "mail.smtp.password", "mail.password");
        if (Boolean.parseBoolean(p.getProperty("mail.smtp.auth")) && user != null && password != null) {
            return Session.getInstance(p, new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            });
        }
        return Session.getInstance(p);
    }

    private static String first(Properties properties, String... names) {
        for (String name : names) {
            String value = properties.getProperty(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
