package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import org.renraku.networks.boundary.BroadcastFooterSetting;
import org.renraku.delivery.boundary.DkimKeyException;
import org.renraku.delivery.boundary.DkimKeyring;
import org.renraku.delivery.boundary.NetworkDomains;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/sending.xhtml} (送信設定): whether broadcasts end with each member's personal-page link (issue
 * 17, {@link BroadcastFooterSetting}); the DKIM status of the sending domain — signed or not, the active
 * selector, whether DNS publishes its record — and the SPF and DMARC records we recommend for that domain. The
 * sending domain is the service's: its keys are the operator's ({@code /operator/sending-keys.xhtml}); an admin
 * sees no key material and no button ({@link DkimKeyring} refuses them anyway). Optionally the network's own
 * domain ({@link NetworkDomains}): named, proven by a TXT token, its own key created and activated once published.
 */
@Named
@ViewScoped
public class SendingView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleSession console;

    @Inject
    DkimKeyring keyring;

    @Inject
    NetworkDomains networkDomains;

    @Inject
    BroadcastFooterSetting footerSetting;

    private DkimKeyring.SendingKey key;
    private boolean footer;
    private NetworkDomains.Status own;
    private String ownDomain;

    @PostConstruct
    void init() {
        key = keyring.sendingKey(console.getNetworkId());
        own = networkDomains.status(console.getNetworkId()).orElse(null);
        ownDomain = own == null ? null : own.domain();
        footer = footerSetting.isOn(console.getNetworkId());
    }

    /** Saves whether broadcasts end with each member's personal-page link; audited when it changes. */
    public String saveFooter() {
        footerSetting.set(console.getNetworkId(), footer, console.getUserId(), client());
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
        Messages.addGlobal(FacesMessage.SEVERITY_INFO, footer ? "sending.footer.savedOn" : "sending.footer.savedOff");
        return "/console/sending.xhtml?faces-redirect=true";
    }

    public boolean isFooter() { return footer; }
    public void setFooter(boolean footer) { this.footer = footer; }

    /** Names the network's own domain (a new proof token). */
    public String claim() {
        return act(() -> networkDomains.claim(console.getNetworkId(), ownDomain, console.getUserId(), client()).domain(),
                "sending.own.claimed");
    }

    /** Checks the proof record in DNS. */
    public String verify() {
        return act(() -> networkDomains.verify(console.getNetworkId(), console.getUserId(), client()).domain(),
                "sending.own.verified");
    }

    /** Creates the network's own key for its proven domain (inactive). */
    public String generateKey() {
        return act(() -> networkDomains.generateKey(console.getNetworkId(), console.getUserId(), client()).selector(),
                "sending.own.keyGenerated");
    }

    /** Activates the network's newest key once DNS publishes it. */
    public String activateKey() {
        return act(() -> networkDomains.activateKey(console.getNetworkId(), console.getUserId(), client()).selector(),
                "sending.own.keyActivated");
    }

    private String act(java.util.function.Supplier<String> action, String doneKey) {
        try {
            String argument = action.get();
            FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, doneKey, argument);
            return "/console/sending.xhtml?faces-redirect=true";
        } catch (DkimKeyException e) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, e.key(), (Object[]) e.arguments());
            return null;
        }
    }

    private static String client() {
        return ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest());
    }

    public NetworkDomains.Status getOwn() {
        return own;
    }

    public String getOwnDomain() {
        return ownDomain;
    }

    public void setOwnDomain(String ownDomain) {
        this.ownDomain = ownDomain;
    }

    public DkimKeyring.SendingKey getKey() {
        return key;
    }

    /** What DNS publishes under the active selector, as the page says it. */
    public String getDnsStatus() {
        return Messages.text(key.dns() == null ? "sending.dkim.dns.unknown" : "sending.dkim.dns." + key.dns().name());
    }
}
