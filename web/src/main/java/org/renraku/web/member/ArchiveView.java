package org.renraku.web.member;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Locale;
import org.renraku.members.boundary.Members;
import org.renraku.archive.boundary.Archive;
import org.renraku.archive.control.ArchiveTexts;
import org.renraku.web.i18n.LocaleView;
import org.renraku.web.i18n.Messages;

/**
 * {@code /member/archive.xhtml?m=…&s=…[&q=…][&p=…]}: the archive (バックナンバー) of the member's network, reached from
 * the personal page with the same signed link ({@code m}, {@code s}): the public sent broadcasts newest first,
 * {@value Archive#PAGE_SIZE} a page, with a search over subject and text (a GET form, so the back button and a
 * reload keep the page). A wrong link, a member who left or whose registration is not confirmed: the "invalid" state.
 */
@Named
@RequestScoped
public class ArchiveView {

    @Inject
    Archive archive;

    @Inject
    LocaleView localeView;

    @Inject
    Members members;

    private Long m;
    private String s;
    private String q;
    private Integer p;
    private Archive.Page page;

    /** f:viewAction. */
    public void load() {
        if (m != null) {
            members.byLink(m, s).ifPresent(member -> localeView.followMember(member.language().locale()));
        }
        page = m == null ? null
                : archive.page(m, s, q, p == null ? 1 : p, neutral(localeView.getLocale())).orElse(null);
    }

    /** The neutral words of the placeholders in {@code locale} (bundle keys archive.neutral.*). */
    public static ArchiveTexts.Neutral neutral(Locale locale) {
        return new ArchiveTexts.Neutral(Messages.text(locale, "archive.neutral.name"),
                Messages.text(locale, "archive.neutral.attribute"));
    }

    /** {@code list}, {@code empty} (nothing public, or nothing found) or {@code invalid}. */
    public String getState() {
        return page == null ? "invalid" : page.rows().isEmpty() ? "empty" : "list";
    }

    public Archive.Page getPage() { return page; }
    public String getNetworkName() { return page == null ? null : page.reader().networkName(); }
    public boolean isSearching() { return page != null && !page.query().isEmpty(); }

    public Long getM() { return m; }
    public void setM(Long m) { this.m = m; }
    public String getS() { return s; }
    public void setS(String s) { this.s = s; }
    public String getQ() { return q; }
    public void setQ(String q) { this.q = q; }
    public Integer getP() { return p; }
    public void setP(Integer p) { this.p = p; }
}
