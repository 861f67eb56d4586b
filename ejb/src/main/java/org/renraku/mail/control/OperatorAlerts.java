package org.renraku.mail.control;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Language;

/**
 * A mail to every operator of the service (carrier group slowed or paused, a DNS check that regressed): subject and
 * body from the mail bundles in each operator's language, each with the operator's display name as its first
 * argument, sent after the caller's
 * transaction commits ({@link OutgoingMail}). Operators without a valid address are left out.
 */
@Dependent
public class OperatorAlerts {

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<OutgoingMail> mail;

    /** {@code subjectKey} with {@code subjectArgs} and {@code bodyKey} with {@code bodyArgs}, after the name. */
    public void send(String subjectKey, Object[] subjectArgs, String bodyKey, Object[] bodyArgs, String purpose) {
        send(subjectKey, bodyKey, language -> subjectArgs, language -> bodyArgs, purpose);
    }

    /**
     * The same mail in each operator's language: {@code subjectArgs} and {@code bodyArgs} give the arguments in a
     * language (texts and times they contain are written in it), after the operator's name.
     */
    public void send(String subjectKey, String bodyKey, Function<Locale, Object[]> subjectArgs,
                     Function<Locale, Object[]> bodyArgs, String purpose) {
        @SuppressWarnings("unchecked")
        List<Object[]> operators = em.createNativeQuery("SELECT email, display_name, language FROM operators"
                + " WHERE email IS NOT NULL ORDER BY id").getResultList();
        for (Object[] o : operators) {
            String to = (String) o[0];
            if (EmailAddress.isValid(to)) {
                Locale language = Language.of((String) o[2]).locale();
                mail.fire(new OutgoingMail(EmailAddress.of(to),
                        MailTexts.text(language, subjectKey, named(o[1], subjectArgs.apply(language))),
                        MailTexts.text(language, bodyKey, named(o[1], bodyArgs.apply(language))), purpose));
            }
        }
    }

    /** A console page's address below {@code renraku.base-url}: {@code page} without a leading slash. */
    public static String consoleUrl(String page) {
        String base = ConfigProvider.getConfig().getOptionalValue("renraku.base-url", String.class)
                .orElse("http://localhost:8080").strip().replaceAll("/+$", "");
        return base + "/" + page;
    }

    private static Object[] named(Object name, Object[] args) {
        Object[] all = new Object[args.length + 1];
        all[0] = name;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }
}
