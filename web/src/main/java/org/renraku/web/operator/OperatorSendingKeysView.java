package org.renraku.web.operator;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJBException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.renraku.delivery.boundary.DkimKeyException;
import org.renraku.delivery.boundary.DkimKeyring;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.OperatorSession;

/**
 * 送信ドメインの鍵, {@code /operator/sending-keys.xhtml}: the service's sending domain and its DKIM keys, newest
 * first, each with the TXT record to publish. The operator creates a key (inactive; a selector of their choice or
 * {@code rk<yyyyMMdd>}) and activates it once DNS publishes it — {@link DkimKeyring#activate} refuses until the
 * record resolves and matches, and the refusal says what DNS has.
 */
@Named
@ViewScoped
public class OperatorSendingKeysView implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(OperatorSendingKeysView.class.getName());

    @Inject
    DkimKeyring keyring;

    @Inject
    OperatorSession operator;

    private String domain;
    private List<DkimKeyring.ServiceKey> keys;
    private String selector;

    @PostConstruct
    void init() {
        domain = keyring.sendingDomain();
        keys = keyring.serviceKeys();
    }

    /** Creates a new, inactive key under the selector typed (blank: the default); the page then shows its record. */
    public String generate() {
        try {
            DkimKeyring.DnsRecord record = keyring.generateForOperator(selector, operator.getUserId(), clientAddress());
            return done("operator.sendingKeys.generated", record.selector());
        } catch (DkimKeyException e) {
            Messages.add("sending-keys-new:selector", FacesMessage.SEVERITY_ERROR, e.key(), (Object[]) e.arguments());
            return null;
        } catch (EJBException e) {
            LOG.log(Level.WARNING, "Generating a sending key failed", e);
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "operator.error.unexpected");
            return null;
        }
    }

    /** Activates the key at {@code index} of the list, refused (with what DNS has) until DNS publishes it. */
    public String activate(int index) {
        if (index < 0 || index >= keys.size()) {
            return null;
        }
        try {
            DkimKeyring.DnsRecord record = keyring.activate(keys.get(index).id(), operator.getUserId(), clientAddress());
            return done("operator.sendingKeys.activated", record.selector());
        } catch (DkimKeyException e) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, e.key(), (Object[]) e.arguments());
            return null;
        } catch (EJBException e) {
            LOG.log(Level.WARNING, "Activating a sending key failed", e);
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "operator.error.unexpected");
            return null;
        }
    }

    private static String done(String key, String selector) {
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
        Messages.addGlobal(FacesMessage.SEVERITY_INFO, key, selector);
        return "/operator/sending-keys.xhtml?faces-redirect=true";
    }

    private static String clientAddress() {
        return ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest());
    }

    public String getDomain() { return domain; }
    public List<DkimKeyring.ServiceKey> getKeys() { return keys; }
    public String getSelector() { return selector; }
    public void setSelector(String selector) { this.selector = selector; }
}
