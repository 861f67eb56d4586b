package org.renraku.web.member;

import jakarta.faces.context.FacesContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.renraku.members.boundary.Members;
import org.renraku.archive.boundary.Archive;
import org.renraku.web.i18n.LocaleView;

/**
 * {@code /member/archive-entry.xhtml?m=…&s=…&b=…}: one broadcast of the archive, placeholders filled with neutral
 * words; its HTML part (sanitised when it was composed) when it has one, else its text; its files, each a link to
 * {@link ArchiveFileServlet}. Any id that is not a public sent broadcast of the member's network shows "not found",
 * exactly as an id that does not exist.
 */
@Named
@RequestScoped
public class ArchiveEntryView {

    @Inject
    Archive archive;

    @Inject
    LocaleView localeView;

    @Inject
    Members members;

    private Long m;
    private String s;
    private Long b;
    private String q;
    private Integer p;
    private Archive.Entry entry;
    private boolean validLink;
    private boolean withoutLink;

    /** f:viewAction. */
    public void load() {
        if (m == null) {
            // no personal link (an entry of the Atom feed): the member this browser opened their page as
            Optional<PersonalLinkCookie.Remembered> known = PersonalLinkCookie.recall(
                    (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest());
            if (known.isEmpty()) {
                withoutLink = true;
                return;
            }
            m = known.get().memberId();
            s = known.get().signature();
        }
        members.byLink(m, s).ifPresent(member -> localeView.followMember(member.language().locale()));
        validLink = archive.reader(m, s).isPresent();
        entry = validLink && b != null
                ? archive.entry(m, s, b, ArchiveView.neutral(localeView.getLocale())).orElse(null) : null;
    }

    /** {@code entry}, {@code missing} (a valid link, but no such public broadcast) or {@code invalid}. */
    public String getState() {
        return !validLink ? "invalid" : entry == null ? "missing" : "entry";
    }

    /** True when the page was opened without a personal link and this browser knows none (the feed's entries). */
    public boolean isWithoutLink() { return withoutLink; }

    public Archive.Entry getEntry() { return entry; }
    public String getNetworkName() { return entry == null ? null : entry.reader().networkName(); }

    /** KiB, at least 1, for the file list. */
    public long kib(long bytes) {
        return Math.max(1, (bytes + 1023) / 1024);
    }

    public Long getM() { return m; }
    public void setM(Long m) { this.m = m; }
    public String getS() { return s; }
    public void setS(String s) { this.s = s; }
    public Long getB() { return b; }
    public void setB(Long b) { this.b = b; }
    public String getQ() { return q; }
    public void setQ(String q) { this.q = q; }
    public Integer getP() { return p; }
    public void setP(Integer p) { this.p = p; }
}
