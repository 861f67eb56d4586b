package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.renraku.delivery.boundary.DkimKeyring;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/sending.xhtml} (送信設定): the DKIM status of the sending domain — signed or not, the active
 * selector, whether DNS publishes its record — and the SPF and DMARC records we recommend for that domain. The
 * sending domain is the service's: its keys are the operator's ({@code /operator/sending-keys.xhtml}); an admin
 * sees no key material and no button ({@link DkimKeyring} refuses them anyway).
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

    public DkimKeyring.SendingKey getKey() {
        return key;
    }

    /** What DNS publishes under the active selector, as the page says it. */
    public String getDnsStatus() {
        return Messages.text(key.dns() == null ? "sending.dkim.dns.unknown" : "sending.dkim.dns." + key.dns().name());
    }
}
