package org.renraku.web.member;

import jakarta.inject.Inject;
import java.io.Serializable;
import java.util.Optional;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.entity.Language;
import org.renraku.web.i18n.LocaleView;

/**
 * A page behind a one-time link mailed to a member (leave, undo an address change, resume mail after a lift):
 * opening the link only shows what would happen ({@link #peek}, nothing spent), and its one button — a POST —
 * acts ({@link #act}). So a mail scanner that fetches links changes nothing. The page shows {@code form},
 * {@code done} or {@code invalid} ({@link #getState}).
 *
 * @param <F> what the page shows before the button
 * @param <D> what the button's act returns, shown after it
 */
public abstract class OneTimeLinkPage<F, D> implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    LocaleView localeView;

    private String token;
    private F form;
    private D done;

    /** What the link would do, without spending it; empty for a spent, expired or unknown link. */
    protected abstract Optional<F> peek(String token);

    /** Spends the link and acts; empty (or a {@link MemberException}, shown as a message) when it cannot. */
    protected abstract Optional<D> act(String token);

    /**
     * The language of the member the link names, for the page to show in; empty (the default) when the
     * page does not know it, and the visitor's language stays.
     */
    protected Optional<Language> language(String token) {
        return Optional.empty();
    }

    /** The view action of the page: reads the link, and shows the page in the language of its member. */
    public void load() {
        form = peek(token).orElse(null);
        if (form != null) {
            language(token).ifPresent(l -> localeView.followMember(l.locale()));
        }
    }

    /** The button. */
    public String submit() {
        if (form == null || done != null) {
            return null;
        }
        try {
            done = act(token).orElse(null);
        } catch (MemberException refused) {
            MemberErrors.show(refused);
        }
        if (done == null) {
            form = null;
        }
        token = null;
        return null;
    }

    /** {@code form}, {@code done} or {@code invalid}. */
    public String getState() {
        if (done != null) {
            return "done";
        }
        return form != null ? "form" : "invalid";
    }

    protected F form() { return form; }
    protected D done() { return done; }

    public String getToken() { return token; }
    public void setToken(String token) {
        if (token != null) {
            this.token = token;
        }
    }
}
