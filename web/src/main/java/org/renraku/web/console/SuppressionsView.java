package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.renraku.bounces.boundary.SuppressionAdministration;
import org.renraku.bounces.boundary.SuppressionRow;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/suppressions.xhtml} (配信停止リスト): every suppression of the network, newest first, read page
 * by page from the database, with the member, the reason and the source (bounce event, unsubscribe request,
 * admin). The admin lifts one with a mandatory reason in a dialog ({@link SuppressionAdministration#lift});
 * a complaint or an unsubscription then waits for the member's confirmation by link.
 */
@Named
@ViewScoped
public class SuppressionsView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleSession console;

    @Inject
    SuppressionAdministration administration;

    private Rows rows;
    private SuppressionRow selected;
    private String reason;

    @PostConstruct
    void init() {
        rows = new Rows(administration, console.getNetworkId());
    }

    public LazyDataModel<SuppressionRow> getRows() {
        return rows;
    }

    /** Opens the lift dialog for a row of the current page. */
    public void select(long id) {
        selected = rows.current().stream().filter(r -> r.id() == id).findFirst().orElse(null);
        reason = null;
        if (selected == null) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "suppressions.notFound");
        }
    }

    public void lift() {
        if (selected == null) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "suppressions.notFound");
            return;
        }
        if (reason == null || reason.isBlank()) {
            Messages.add("lift-form:reason", FacesMessage.SEVERITY_ERROR, "suppressions.lift.reasonMissing");
            FacesContext.getCurrentInstance().validationFailed();
            return;
        }
        String who = selected.memberName() != null ? selected.memberName() : selected.address();
        var result = administration.lift(console.getNetworkId(), selected.id(), reason, console.getUserId(), client());
        switch (result) {
            case LIFTED -> Messages.addGlobal(FacesMessage.SEVERITY_INFO, "suppressions.lifted", who);
            case CONFIRMATION_SENT -> Messages.addGlobal(FacesMessage.SEVERITY_INFO, "suppressions.confirmationSent", who);
            case NO_MEMBER -> Messages.addGlobal(FacesMessage.SEVERITY_WARN, "suppressions.noMember");
            case REASON_MISSING -> Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "suppressions.lift.reasonMissing");
            case NOT_FOUND -> Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "suppressions.notFound");
        }
        selected = null;
        reason = null;
    }

    /** The row's source as one line of the bundle (bounce, unsubscribe request, admin, or not recorded). */
    public String source(SuppressionRow row) {
        if (row.source() == null) {
            return Messages.text("suppressions.source.unknown");
        }
        return switch (row.source()) {
            case "BOUNCE" -> row.bounceKind() == null ? Messages.text("suppressions.source.bounceGone")
                    : Messages.text(switch (row.bounceSource()) {
                        case "ARF" -> "suppressions.source.bounce.ARF";
                        case "SMTP" -> "suppressions.source.bounce.SMTP";
                        default -> "suppressions.source.bounce.DSN";
                    }, row.bounceStatus() == null ? "-" : row.bounceStatus(),
                    row.bounceReason() == null ? "-" : row.bounceReason());
            case "UNSUBSCRIBE" -> row.broadcastSubject() == null ? Messages.text("suppressions.source.unsubscribeUnknown")
                    : Messages.text("suppressions.source.unsubscribe", row.broadcastSubject());
            case "MAIL" -> Messages.text("suppressions.source.mail");
            case "ADMIN" -> Messages.text("suppressions.source.admin", row.actor() == null ? "-" : row.actor());
            default -> Messages.text("suppressions.source.unknown");
        };
    }

    private static String client() {
        return ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest());
    }

    public SuppressionRow getSelected() { return selected; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public int getMaxReason() { return SuppressionAdministration.MAX_REASON; }

    /** The lazy model of the table: one database page per table page. */
    static final class Rows extends LazyDataModel<SuppressionRow> {

        private static final long serialVersionUID = 1L;
        private final SuppressionAdministration administration;
        private final long networkId;
        private List<SuppressionRow> current = List.of();

        Rows(SuppressionAdministration administration, long networkId) {
            this.administration = administration;
            this.networkId = networkId;
        }

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, administration.count(networkId));
        }

        @Override
        public List<SuppressionRow> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                                         Map<String, FilterMeta> filterBy) {
            current = administration.page(networkId, first, pageSize);
            return current;
        }

        @Override
        public String getRowKey(SuppressionRow row) {
            return String.valueOf(row.id());
        }

        List<SuppressionRow> current() {
            return current;
        }
    }
}
