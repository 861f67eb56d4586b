package org.renraku.web.member;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.renraku.delivery.boundary.SuppressionAdministration;

/**
 * {@code /member/confirm-lift.xhtml?token=…}, the link mailed to a member whose complaint or unsubscription an
 * admin lifted. Opening it shows the network and one button; mail resumes only on the button (a POST), so a
 * mail scanner that fetches links consents to nothing.
 */
@Named
@ViewScoped
public class ConfirmLiftView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    SuppressionAdministration administration;

    private String token;
    private String networkName;
    private boolean done;

    public void load() {
        networkName = administration.peek(token).map(SuppressionAdministration.Confirmation::networkName).orElse(null);
    }

    public String confirm() {
        if (networkName == null || done) {
            return null;
        }
        var confirmed = administration.confirm(token);
        done = confirmed.isPresent();
        if (!done) {
            networkName = null;
        }
        token = null;
        return null;
    }

    /** {@code form}, {@code done} or {@code invalid}. */
    public String getState() {
        if (done) {
            return "done";
        }
        return networkName != null ? "form" : "invalid";
    }

    public String getToken() { return token; }
    public void setToken(String token) {
        if (token != null) {
            this.token = token;
        }
    }
    public String getNetworkName() { return networkName; }
}
