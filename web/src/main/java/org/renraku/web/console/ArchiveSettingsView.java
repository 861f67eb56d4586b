package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import org.renraku.archive.boundary.Archive;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;

/**
 * The archive's section of {@code /console/join.xhtml} (the page of what members are given: join address, posting
 * address, and now the archive): whether new broadcasts start public (バックナンバーに公開), and the secret address
 * of the network's Atom feed with a copy button and a new address on demand (the old one stops working). Audited.
 */
@Named
@ViewScoped
public class ArchiveSettingsView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleSession console;

    @Inject
    Archive archive;

    private boolean publicByDefault;
    private String feedUrl;

    @PostConstruct
    void init() {
        Archive.Settings settings = archive.settings(console.getNetworkId());
        publicByDefault = settings.publicByDefault();
        feedUrl = settings.feedUrl();
    }

    public void save() {
        archive.setDefault(console.getNetworkId(), publicByDefault, console.getUserId(), client());
        Messages.addGlobal(FacesMessage.SEVERITY_INFO, "archive.settings.saved");
    }

    /** A new feed address; the old one answers "not found" from now on. */
    public void rotateFeed() {
        feedUrl = archive.rotateFeed(console.getNetworkId(), console.getUserId(), client());
        Messages.addGlobal(FacesMessage.SEVERITY_INFO, "archive.feed.rotated");
    }

    private static String client() {
        return ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest());
    }

    public boolean isPublicByDefault() { return publicByDefault; }
    public void setPublicByDefault(boolean publicByDefault) { this.publicByDefault = publicByDefault; }
    public String getFeedUrl() { return feedUrl; }
}
