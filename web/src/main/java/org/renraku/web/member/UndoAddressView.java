package org.renraku.web.member;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.renraku.tokens.entity.TokenPurpose;
import org.renraku.members.entity.Language;
import org.renraku.members.boundary.MemberProfile;
import org.renraku.members.boundary.Members;
import org.renraku.web.security.ClientAddress;

/**
 * {@code /member/undo-address.xhtml?token=…}, the link in the notice mailed to a member's FORMER address after an
 * address change. Opening it shows the address that would come back; on the button (a POST, so a
 * mail scanner changes nothing) the former address is restored and every personal link sent before is revoked.
 */
@Named
@ViewScoped
public class UndoAddressView extends OneTimeLinkPage<Members.UndoForm, MemberProfile> {

    private static final long serialVersionUID = 1L;

    @Inject
    Members members;

    @Override
    protected Optional<Members.UndoForm> peek(String token) {
        return members.peekAddressUndo(token);
    }

    @Override
    protected Optional<Language> language(String token) {
        return members.languageOfLink(TokenPurpose.ADDRESS_UNDO, token);
    }

    @Override
    protected Optional<MemberProfile> act(String token) {
        return Optional.of(members.undoAddressChange(token, ClientAddress.of(
                (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest())));
    }

    public String getNetworkName() {
        return done() != null ? done().networkName() : form() == null ? null : form().networkName();
    }
    public String getFormerEmail() { return done() != null ? done().email() : form() == null ? null : form().formerEmail(); }
    public String getCurrentEmail() { return form() == null ? null : form().currentEmail(); }
}
