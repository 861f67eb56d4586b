package org.renraku.web.operator;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJBException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIInput;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.renraku.accounts.boundary.AccountException;
import org.renraku.networks.boundary.NetworkException;
import org.renraku.networks.boundary.NetworkSummary;
import org.renraku.networks.boundary.Operations;
import org.renraku.networks.boundary.Operations.NewNetwork;
import org.renraku.networks.entity.Network;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.OperatorSession;

/**
 * The operator console home, {@code /operator/index.xhtml}: every network with its size, volume (messages sent in
 * the last 7 and 30 days) and bounce and complaint rates, the actions on one network — rename, suspend (asked
 * first) and reopen, all audited — and the form that creates a network with its first admin (who gets an
 * invitation mail to set a password). A refusal — slug or user ID taken, not a mail address — is shown next to
 * the field it is about; the form keeps what was typed.
 */
@Named
@ViewScoped
public class OperatorNetworksView implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(OperatorNetworksView.class.getName());

    /** Client id of the form: refusals about no single field are shown at the top of the form. */
    static final String FORM = "create";

    /** Which field of the form each refusal of the EJB module is about; other keys show above the form. */
    static final Map<String, String> FIELD_OF_ERROR = Map.of(
            "operator.error.slugInvalid", "create:slug",
            "operator.error.slugTaken", "create:slug",
            "operator.error.nameInvalid", "create:name",
            // the first admin is invited by AdminAccounts, whose refusals carry the admins.* keys
            AccountException.USER_ID_INVALID, "create:adminUserId",
            AccountException.USER_ID_TAKEN, "create:adminUserId",
            AccountException.DISPLAY_NAME_INVALID, "create:adminName",
            AccountException.EMAIL_INVALID, "create:adminEmail");

    @Inject
    Operations operations;

    @Inject
    OperatorSession operator;

    private List<NetworkSummary> networks;

    /** The network whose row shows the rename field, or null. */
    private Long renaming;
    private String newName;
    /** The network whose row asks "suspend it?", or null. */
    private Long confirmingSuspend;

    private String slug;
    private String name;
    private String adminUserId;
    private String adminName;
    private String adminEmail;

    @PostConstruct
    void init() {
        networks = operations.networks();
    }

    public String create() {
        FacesContext faces = FacesContext.getCurrentInstance();
        HttpServletRequest request = (HttpServletRequest) faces.getExternalContext().getRequest();
        Network network;
        try {
            network = operations.createNetwork(new NewNetwork(slug, name, adminUserId, adminName, adminEmail),
                    operator.getUserId(), ClientAddress.of(request));
        } catch (NetworkException e) {
            refused(e.key());
            return null;
        } catch (AccountException e) {
            refused(e.key());
            return null;
        } catch (EJBException e) {
            LOG.log(Level.WARNING, "Creating network " + slug + " failed", e);
            Messages.add(FORM, FacesMessage.SEVERITY_ERROR, "operator.error.unexpected");
            return null;
        }
        ExternalContext external = faces.getExternalContext();
        external.getFlash().setKeepMessages(true);
        Messages.addGlobal(FacesMessage.SEVERITY_INFO, "operator.networks.created", network.slug(), adminEmail.strip());
        return "/operator/index.xhtml?faces-redirect=true";
    }

    private static void refused(String key) {
        String clientId = FIELD_OF_ERROR.getOrDefault(key, FORM);
        Messages.add(clientId, FacesMessage.SEVERITY_ERROR, key);
        // the field is drawn in its error state, as for the page's own validation
        if (FacesContext.getCurrentInstance().getViewRoot().findComponent(clientId) instanceof UIInput input) {
            input.setValid(false);
        }
    }

    /** Shows the rename field in the network's row, filled with its name. */
    public void startRename(long networkId) {
        confirmingSuspend = null;
        renaming = networkId;
        newName = networks.stream().filter(n -> n.id() == networkId).map(NetworkSummary::name).findFirst()
                .orElse("");
    }

    public void cancelRename() {
        renaming = null;
        newName = null;
    }

    /** Saves the new name (audited); an empty or too long one is refused next to the field. */
    public void rename(long networkId) {
        try {
            boolean changed = operations.rename(networkId, newName, operator.getUserId(), client());
            if (changed) {
                Messages.addGlobal(FacesMessage.SEVERITY_INFO, "operator.networks.renamed", newName.strip());
            }
            cancelRename();
            networks = operations.networks();
        } catch (NetworkException e) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, e.key());
        }
    }

    /** Asks, in the network's row, whether to suspend it. */
    public void askSuspend(long networkId) {
        cancelRename();
        confirmingSuspend = networkId;
    }

    public void cancelSuspend() {
        confirmingSuspend = null;
    }

    /** Suspends the network (audited): its console, member pages, mail intake and sending stop; nothing is deleted. */
    public void suspend(long networkId) {
        confirmingSuspend = null;
        act(() -> operations.suspend(networkId, operator.getUserId(), client()), networkId,
                "operator.networks.suspended");
    }

    /** Reopens a suspended network (audited). */
    public void reopen(long networkId) {
        act(() -> operations.reopen(networkId, operator.getUserId(), client()), networkId,
                "operator.networks.reopened");
    }

    private void act(java.util.function.BooleanSupplier action, long networkId, String doneKey) {
        try {
            String name = networks.stream().filter(n -> n.id() == networkId).map(NetworkSummary::name).findFirst()
                    .orElse("");
            if (action.getAsBoolean()) {
                Messages.addGlobal(FacesMessage.SEVERITY_INFO, doneKey, name);
            }
        } catch (NetworkException e) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, e.key());
        }
        networks = operations.networks();
    }

    private static String client() {
        return ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext()
                .getRequest());
    }

    public boolean isRenaming(long networkId) { return renaming != null && renaming == networkId; }
    public boolean isConfirmingSuspend(long networkId) {
        return confirmingSuspend != null && confirmingSuspend == networkId;
    }
    public String getNewName() { return newName; }
    public void setNewName(String newName) { this.newName = newName; }

    public List<NetworkSummary> getNetworks() { return networks; }

    public String getSlug() { return slug; }
    public void setSlug(String slug) { this.slug = slug; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getAdminUserId() { return adminUserId; }
    public void setAdminUserId(String adminUserId) { this.adminUserId = adminUserId == null ? null : adminUserId.strip(); }
    public String getAdminName() { return adminName; }
    public void setAdminName(String adminName) { this.adminName = adminName; }
    public String getAdminEmail() { return adminEmail; }
    public void setAdminEmail(String adminEmail) { this.adminEmail = adminEmail; }
}
