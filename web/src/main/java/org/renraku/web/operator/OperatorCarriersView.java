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
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.renraku.delivery.boundary.CarrierLimits;
import org.renraku.delivery.boundary.CarrierStates;
import org.renraku.delivery.entity.CarrierGroup;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.OperatorSession;

/**
 * 配信制限, {@code /operator/carriers.xhtml}: per carrier group the limits that hold for the whole service (connections
 * at once, messages per connection, messages per second, the urgent rate, the quiet minutes after each full hour),
 * each group saved on its own by the rules of {@link CarrierLimits#problems} (a refusal shows next to its field), and
 * where the group stands now ({@link CarrierStates}): the rate allowed after throttling, a pause with 「再開」, the
 * connections in use and the last refusals of its receiving servers.
 */
@Named
@ViewScoped
public class OperatorCarriersView implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(OperatorCarriersView.class.getName());

    @Inject
    CarrierLimits limits;

    @Inject
    CarrierStates states;

    @Inject
    OperatorSession operator;

    private final List<GroupForm> groups = new ArrayList<>();

    /** One group's card: its state now and its limits as the form edits them. */
    public static class GroupForm implements Serializable {
        private static final long serialVersionUID = 1L;
        private final CarrierGroup group;
        private final CarrierStates.State state;
        private Integer connections;
        private Integer messagesPerConnection;
        private Double perSecond;
        private Double urgentPerSecond;
        private Integer quietMinutes;

        GroupForm(CarrierStates.State state) {
            this.group = state.group();
            this.state = state;
            CarrierLimits.Limits l = state.limits();
            connections = l.connections();
            messagesPerConnection = l.messagesPerConnection();
            perSecond = l.perSecond();
            urgentPerSecond = l.urgentPerSecond();
            quietMinutes = l.quietMinutes();
        }

        CarrierLimits.Limits limits() {
            return new CarrierLimits.Limits(group, connections, messagesPerConnection, perSecond, urgentPerSecond,
                    quietMinutes);
        }

        public CarrierGroup getGroup() { return group; }
        public CarrierStates.State getState() { return state; }
        public int getMaxMessagesPerConnection() { return CarrierLimits.maxMessagesPerConnection(group); }
        public Integer getConnections() { return connections; }
        public void setConnections(Integer connections) { this.connections = connections; }
        public Integer getMessagesPerConnection() { return messagesPerConnection; }
        public void setMessagesPerConnection(Integer messagesPerConnection) { this.messagesPerConnection = messagesPerConnection; }
        public Double getPerSecond() { return perSecond; }
        public void setPerSecond(Double perSecond) { this.perSecond = perSecond; }
        public Double getUrgentPerSecond() { return urgentPerSecond; }
        public void setUrgentPerSecond(Double urgentPerSecond) { this.urgentPerSecond = urgentPerSecond; }
        public Integer getQuietMinutes() { return quietMinutes; }
        public void setQuietMinutes(Integer quietMinutes) { this.quietMinutes = quietMinutes; }
    }

    @PostConstruct
    void init() {
        for (CarrierStates.State s : states.all()) {
            groups.add(new GroupForm(s));
        }
    }

    /** The client id of a field of the card at {@code index} (form "carriers", ui:repeat "groups"). */
    static String fieldId(int index, String field) {
        return "carriers:groups:" + index + ":" + field;
    }

    /** Saves the limits of the card at {@code index}; a refusal shows at its field and nothing is saved. */
    public String save(int index) {
        if (index < 0 || index >= groups.size()) {
            return null;
        }
        GroupForm form = groups.get(index);
        CarrierLimits.Limits wanted = form.limits();
        List<CarrierLimits.Problem> problems = CarrierLimits.problems(wanted);
        if (!problems.isEmpty()) {
            show(index, problems);
            return null;
        }
        String label = label(form.group);
        try {
            boolean changed = limits.update(wanted, operator.getUserId(), clientAddress());
            return done(changed ? "operator.carriers.saved" : "operator.carriers.unchanged", label);
        } catch (CarrierLimits.RefusedException e) {
            show(index, e.problems());
            return null;
        } catch (EJBException e) {
            LOG.log(Level.WARNING, "Saving the limits of " + form.group + " failed", e);
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "operator.error.unexpected");
            return null;
        }
    }

    /** Ends the pause of the group at {@code index} (after throttling replies); audited by the boundary. */
    public String resume(int index) {
        if (index < 0 || index >= groups.size()) {
            return null;
        }
        CarrierGroup group = groups.get(index).group;
        String label = label(group);
        try {
            boolean resumed = limits.resume(group, operator.getUserId(), clientAddress());
            return done(resumed ? "operator.carriers.resumed" : "operator.carriers.notPaused", label);
        } catch (EJBException e) {
            LOG.log(Level.WARNING, "Resuming " + group + " failed", e);
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "operator.error.unexpected");
            return null;
        }
    }

    /** The group's name as the pages show it ({@code carrierGroup.*}). */
    private static String label(CarrierGroup group) {
        String key = "carrierGroup." + group.name();
        return Messages.text(key);
    }

    private static void show(int index, List<CarrierLimits.Problem> problems) {
        for (CarrierLimits.Problem p : problems) {
            Messages.add(fieldId(index, p.field()), FacesMessage.SEVERITY_ERROR, p.key(), (Object[]) p.arguments());
        }
        Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "operator.carriers.refused");
    }

    private static String done(String key, String label) {
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
        Messages.addGlobal(FacesMessage.SEVERITY_INFO, key, label);
        return "/operator/carriers.xhtml?faces-redirect=true";
    }

    private static String clientAddress() {
        return ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest());
    }

    /** A rate as the page shows it: at most two decimals, no trailing zeros ("5", "2.5", "0.63"). */
    public String rate(double perSecond) {
        DecimalFormat f = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(perSecond);
    }

    public List<GroupForm> getGroups() { return groups; }
    public int getMaxConnections() { return CarrierLimits.MAX_CONNECTIONS; }
    public int getMaxQuietMinutes() { return CarrierLimits.MAX_QUIET_MINUTES; }
    public String getMaxPerSecond() { return rate(CarrierLimits.MAX_PER_SECOND); }
}
