package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.Set;
import org.renraku.archive.boundary.Archive;
import org.renraku.broadcasts.boundary.BroadcastException;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;

/**
 * The public mark (バックナンバーに公開) of broadcasts in the console: on the progress page
 * ({@code /console/broadcast.xhtml?id=…}) the admin makes the broadcast public or takes it out of the archive
 * (audited, {@link Archive#setPublic}); the history page marks the public ones.
 */
@Named
@ViewScoped
public class BroadcastArchiveView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleSession console;

    @Inject
    Archive archive;

    private Long id;
    private Boolean publicFlag;
    private Set<Long> publicIds;

    @PostConstruct
    void init() {
        String param = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("id");
        try {
            id = param == null ? null : Long.valueOf(param);
            publicFlag = id == null ? null : archive.isPublic(console.getNetworkId(), id);
        } catch (NumberFormatException | BroadcastException notOurs) {
            id = null;
            publicFlag = null;
        }
    }

    /** Makes it public, or private when it is public (the button says which). */
    public void toggle() {
        if (id == null || publicFlag == null) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, BroadcastException.UNKNOWN);
            return;
        }
        boolean next = !publicFlag;
        try {
            archive.setPublic(console.getNetworkId(), id, next, console.getUserId(), ClientAddress.of(
                    (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest()));
            publicFlag = next;
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, next ? "archive.broadcast.madePublic"
                    : "archive.broadcast.madePrivate");
        } catch (BroadcastException e) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, e.key(), (Object[]) e.arguments());
        }
    }

    /** Whether the broadcast of the progress page is public; null when there is none (or not the network's). */
    public Boolean getPublicFlag() { return publicFlag; }

    /** History page: whether the network's broadcast {@code broadcastId} is public. */
    public boolean isPublic(long broadcastId) {
        if (publicIds == null) {
            publicIds = archive.publicIds(console.getNetworkId());
        }
        return publicIds.contains(broadcastId);
    }
}
