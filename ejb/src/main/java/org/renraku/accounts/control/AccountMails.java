package org.renraku.accounts.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.renraku.accounts.entity.Admin;
import org.renraku.accounts.entity.Operator;
import org.renraku.mail.control.MailTexts;
import org.renraku.mail.control.OutgoingMail;
import org.renraku.members.entity.EmailAddress;
import org.renraku.tokens.entity.TokenPurpose;

/**
 * The mails about an admin's or the operator's account: reset link, invitation, notice of a changed password or
 * reset address. Texts come from {@code org/renraku/mail/texts_ja.properties} or {@code texts_en.properties}, in
 * the language the admin or operator chose in their console; links start with {@code renraku.base-url}.
 */
@ApplicationScoped
public class AccountMails {

    @Inject
    @ConfigProperty(name = "renraku.base-url", defaultValue = "http://localhost:8080")
    String baseUrl;

    public OutgoingMail reset(Admin admin, String networkName, String token, Instant expiresAt) {
        Locale l = admin.language().locale();
        long minutes = TokenPurpose.PASSWORD_RESET.validity().toMinutes();
        return new OutgoingMail(admin.email(), MailTexts.text(l, "reset.subject"),
                MailTexts.text(l, "reset.body", admin.displayName(), networkName, admin.userId(),
                        link("/reset.xhtml", token), minutes, MailTexts.time(l, expiresAt)),
                "password reset");
    }

    public OutgoingMail invitation(Admin admin, String networkName, String invitedByName, String token,
                                   Instant expiresAt) {
        Locale l = admin.language().locale();
        long days = TokenPurpose.ADMIN_INVITATION.validity().toDays();
        return new OutgoingMail(admin.email(), MailTexts.text(l, "invitation.subject", networkName),
                MailTexts.text(l, "invitation.body", admin.displayName(), invitedByName, networkName, admin.userId(),
                        link("/invitation.xhtml", token), days, MailTexts.time(l, expiresAt), base() + "/"),
                "admin invitation");
    }

    /** @param byReset true after a reset by mail, false after a change in the console */
    public OutgoingMail passwordChanged(Admin admin, String networkName, Instant at, boolean byReset) {
        Locale l = admin.language().locale();
        return new OutgoingMail(admin.email(), MailTexts.text(l, "passwordChanged.subject"),
                MailTexts.text(l, "passwordChanged.body", admin.displayName(), networkName, admin.userId(),
                        MailTexts.time(l, at),
                        MailTexts.text(l, byReset ? "passwordChanged.how.reset" : "passwordChanged.how.own"),
                        base() + "/forgot.xhtml"),
                "password changed");
    }

    /** The operator's reset link, to the operator's mail address (the caller checked there is one). */
    public OutgoingMail operatorReset(Operator operator, String token, Instant expiresAt) {
        Locale l = operator.language().locale();
        long minutes = TokenPurpose.PASSWORD_RESET.validity().toMinutes();
        return new OutgoingMail(operatorAddress(operator), MailTexts.text(l, "reset.subject"),
                MailTexts.text(l, "operatorReset.body", operator.displayName(), operator.userId(),
                        link("/reset.xhtml", token), minutes, MailTexts.time(l, expiresAt)),
                "operator password reset");
    }

    /** @param byReset true after a reset by mail, false after a change on the operator console */
    public OutgoingMail operatorPasswordChanged(Operator operator, Instant at, boolean byReset) {
        Locale l = operator.language().locale();
        return new OutgoingMail(operatorAddress(operator), MailTexts.text(l, "passwordChanged.subject"),
                MailTexts.text(l, "operatorPasswordChanged.body", operator.displayName(), operator.userId(),
                        MailTexts.time(l, at), MailTexts.text(l, byReset ? "passwordChanged.how.reset"
                                : "operatorPasswordChanged.how.own"), base() + "/forgot.xhtml"),
                "operator password changed");
    }

    /**
     * To the operator's former address when the reset address changed or was removed: if someone else did it,
     * the rightful operator learns of it while their old address still reads mail.
     */
    public OutgoingMail operatorEmailChanged(Operator operator, EmailAddress formerAddress, Instant at,
                                             boolean removed) {
        Locale l = operator.language().locale();
        return new OutgoingMail(formerAddress, MailTexts.text(l, "operatorEmailChanged.subject"),
                MailTexts.text(l, "operatorEmailChanged.body", operator.displayName(), operator.userId(),
                        MailTexts.time(l, at), MailTexts.text(l, removed ? "operatorEmailChanged.how.removed"
                                : "operatorEmailChanged.how.changed")),
                "operator reset address changed");
    }

    private static EmailAddress operatorAddress(Operator operator) {
        return operator.email().orElseThrow(() -> new IllegalStateException(
                "Operator " + operator.userId() + " has no mail address"));
    }

    private String link(String page, String token) {
        return base() + page + "?token=" + URLEncoder.encode(token, StandardCharsets.US_ASCII);
    }

    private String base() {
        String url = baseUrl.strip();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
