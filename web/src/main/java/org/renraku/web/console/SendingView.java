package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import org.renraku.delivery.boundary.DkimKeyException;
import org.renraku.delivery.boundary.DkimKeyring;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/sending.xhtml} (送信設定): the DKIM key of the sending domain — the admin generates it (RSA-2048;
 * again, after a confirmation, to rotate it under a new selector) and sees the DNS TXT record to publish — and
 * the SPF and DMARC records we recommend for that domain. The rules (whose key it is) are {@link DkimKeyring}'s.
 */
@Named
@ViewScoped
public class SendingView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleSession console;

    @Inject
    DkimKeyring keyring;

    private DkimKeyring.SendingKey key;

    @PostConstruct
    void init() {
        key = keyring.sendingKey(console.getNetworkId());
    }

    /** Generates the key (the first, or a new one replacing the network's own); the page then shows its record. */
    public void generate() {
        boolean rotation = key != null && key.hasKey();
        try {
            keyring.generateForNetwork(console.getNetworkId(), console.getUserId(),
                    ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext()
                            .getRequest()));
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, rotation ? "sending.dkim.rotated" : "sending.dkim.generated");
        } catch (DkimKeyException e) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, e.key());
        }
        key = keyring.sendingKey(console.getNetworkId());
    }

    public DkimKeyring.SendingKey getKey() {
        return key;
    }
}
