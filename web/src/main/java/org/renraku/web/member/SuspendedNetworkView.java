package org.renraku.web.member;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpSession;

/**
 * {@code /member/suspended.xhtml}: the page a member link of a suspended network leads to; the network's
 * name comes from {@link MemberPagesGuard}, which sent the visitor here.
 */
@Named
@RequestScoped
public class SuspendedNetworkView {

    public String getNetworkName() {
        HttpSession session = (HttpSession) FacesContext.getCurrentInstance().getExternalContext().getSession(false);
        Object name = session == null ? null : session.getAttribute(MemberPagesGuard.SUSPENDED_NAME);
        return name instanceof String s ? s : "";
    }
}
