package org.renraku.web.unsubscribe;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;
import java.util.Optional;
import org.renraku.bounces.boundary.Unsubscribes;
import org.renraku.broadcasts.control.ComposerSettings;
import org.renraku.web.i18n.Messages;

/**
 * One-click unsubscribe (RFC 8058) at {@code /unsubscribe/<token>}, the https URL of every broadcast's
 * {@code List-Unsubscribe} ({@link ComposerSettings#UNSUBSCRIBE_PATH}).
 * <ul>
 * <li>POST (the mail provider's one-click, body {@code List-Unsubscribe=One-Click}, or the button of the page):
 * no cookie, no session, no CSRF token — the signed token is the authority. The member is suppressed and
 * leaves at once; 200 with a short page. A repeated POST answers the same.</li>
 * <li>GET (a person who opened the link): a confirmation page with a button that POSTs; nothing changes.</li>
 * <li>A token that does not verify: 404 with a page saying the link is not valid; nothing changes.</li>
 * </ul>
 * Pages are Japanese unless the browser prefers English; texts from the message bundle.
 */
@RequestScoped
@Path("{token}")
public class UnsubscribeResource {

    @Inject
    Unsubscribes unsubscribes;

    @Context
    UriInfo uri;

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
    public Response confirm(@PathParam("token") String token, @HeaderParam("Accept-Language") String languages) {
        Locale locale = locale(languages);
        Optional<Unsubscribes.Target> target = unsubscribes.peek(token);
        if (target.isEmpty()) {
            return invalid(locale);
        }
        String title = Messages.text(locale, "unsubscribe.confirm.title");
        String body;
        if (target.get().alreadyLeft()) {
            body = "<p id=\"unsubscribe-done\">" + esc(Messages.text(locale, "unsubscribe.done.body",
                    target.get().networkName())) + "</p>";
        } else {
            body = "<p id=\"unsubscribe-question\">" + esc(Messages.text(locale, "unsubscribe.confirm.body",
                    target.get().networkName())) + "</p>"
                    + "<form method=\"post\" action=\"" + esc(uri.getAbsolutePath().getRawPath()) + "\">"
                    + "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                    + "<button id=\"unsubscribe-button\" type=\"submit\">"
                    + esc(Messages.text(locale, "unsubscribe.confirm.button")) + "</button></form>"
                    + "<p class=\"hint\">" + esc(Messages.text(locale, "unsubscribe.confirm.hint")) + "</p>";
        }
        return page(Response.Status.OK, locale, title, body);
    }

    @POST
    @Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
    public Response unsubscribe(@PathParam("token") String token, @HeaderParam("Accept-Language") String languages) {
        Locale locale = locale(languages);
        Optional<Unsubscribes.Target> done = unsubscribes.unsubscribe(token);
        if (done.isEmpty()) {
            return invalid(locale);
        }
        return page(Response.Status.OK, locale, Messages.text(locale, "unsubscribe.done.title"),
                "<p id=\"unsubscribe-done\">" + esc(Messages.text(locale, "unsubscribe.done.body",
                        done.get().networkName())) + "</p>");
    }

    private static Response invalid(Locale locale) {
        return page(Response.Status.NOT_FOUND, locale, Messages.text(locale, "unsubscribe.invalid.title"),
                "<p id=\"unsubscribe-invalid\">" + esc(Messages.text(locale, "unsubscribe.invalid.body")) + "</p>");
    }

    private static Response page(Response.Status status, Locale locale, String title, String body) {
        String html = "<!DOCTYPE html><html lang=\"" + locale.getLanguage() + "\"><head><meta charset=\"UTF-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex\"><title>" + esc(title) + "</title>"
                + "<style>body{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.6}"
                + "button{font-size:1.1rem;padding:.6rem 1.2rem}.hint{color:#555;font-size:.9rem}</style>"
                + "</head><body><h1>" + esc(title) + "</h1>" + body + "</body></html>";
        return Response.status(status).entity(html).type(MediaType.TEXT_HTML + ";charset=UTF-8")
                .header("Cache-Control", "no-store").build();
    }

    /** English when the browser's first choice is English; Japanese otherwise. */
    static Locale locale(String acceptLanguage) {
        if (acceptLanguage != null && acceptLanguage.strip().toLowerCase(Locale.ROOT).startsWith("en")) {
            return Locale.ENGLISH;
        }
        return Locale.JAPANESE;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
