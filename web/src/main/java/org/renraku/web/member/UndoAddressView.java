package org.renraku.web.member;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.boundary.MemberProfile;
import org.renraku.members.boundary.Members;
import org.renraku.web.security.ClientAddress;

/**
 * {@code /member/undo-address.xhtml?token=…}, the link in the notice mailed to a member's FORMER address after an
 * address change (issue #13). Opening it shows the address that would come back; on the button (a POST, so a
 * mail scanner changes nothing) the former address is restored and every personal link sent before is revoked.
 */
@Named
@ViewScoped
public class UndoAddressView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    Members members;

    private String token;
    private Members.UndoForm form;
    private MemberProfile done;

    public void load() {
        form = members.peekAddressUndo(token).orElse(null);
    }

    public String undo() {
        if (form == null) {
            return null;
        }
        try {
            done = members.undoAddressChange(token, ClientAddress.of(
                    (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest()));
        } catch (MemberException refused) {
            form = null;
            MemberErrors.show(refused);
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

    public String getToken() { return token; }
    public void setToken(String token) {
        if (token != null) {
            this.token = token;
        }
    }
    public String getNetworkName() { return done != null ? done.networkName() : form == null ? null : form.networkName(); }
    public String getFormerEmail() { return done != null ? done.email() : form == null ? null : form.formerEmail(); }
    public String getCurrentEmail() { return form == null ? null : form.currentEmail(); }
}
