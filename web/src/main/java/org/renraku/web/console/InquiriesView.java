package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.renraku.inbound.boundary.Inquiries;
import org.renraku.inbound.boundary.InquiryRow;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/inquiries.xhtml}: the mails to the network's join address that were neither a join nor
 * 「退会」 ({@link Inquiries}), newest first, one database page per table page. The sender is masked like the
 * member table's addresses unless the network shows full addresses; subject and body are shown as text
 * (escaped by the page). The admin marks an inquiry handled (対応済み), or open again, and may list only the
 * open ones.
 */
@Named
@ViewScoped
public class InquiriesView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleSession console;

    @Inject
    Inquiries inquiries;

    private boolean openOnly;
    private boolean notify;
    private Rows rows;

    @PostConstruct
    void init() {
        rows = new Rows(this);
        notify = inquiries.notifies(console.getNetworkId());
    }

    /** Saves the notification switch as soon as it is clicked. */
    public void notifyChanged() {
        inquiries.notify(console.getNetworkId(), notify, console.getUserId(), ClientAddress.of(
                (jakarta.servlet.http.HttpServletRequest) jakarta.faces.context.FacesContext.getCurrentInstance()
                        .getExternalContext().getRequest()));
        Messages.addGlobal(FacesMessage.SEVERITY_INFO, notify ? "inquiries.notify.on" : "inquiries.notify.off");
    }

    public boolean isNotify() { return notify; }
    public void setNotify(boolean notify) { this.notify = notify; }

    public void handled(long inquiryId) {
        mark(inquiryId, true, "inquiries.markedHandled");
    }

    public void reopen(long inquiryId) {
        mark(inquiryId, false, "inquiries.reopened");
    }

    private void mark(long inquiryId, boolean handled, String done) {
        if (inquiries.markHandled(console.getNetworkId(), inquiryId, handled)) {
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, done);
        } else {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "inquiries.notFound");
        }
    }

    public LazyDataModel<InquiryRow> getRows() { return rows; }
    public boolean isOpenOnly() { return openOnly; }
    public void setOpenOnly(boolean openOnly) { this.openOnly = openOnly; }

    /** The lazy model: newest first, paged by the database; counted on every load (one indexed COUNT). */
    static final class Rows extends LazyDataModel<InquiryRow> {

        private static final long serialVersionUID = 1L;
        private final InquiriesView view;

        Rows(InquiriesView view) {
            this.view = view;
        }

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, view.inquiries.count(view.console.getNetworkId(), view.openOnly));
        }

        @Override
        public List<InquiryRow> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            return view.inquiries.page(view.console.getNetworkId(), view.openOnly, first, pageSize);
        }

        @Override
        public String getRowKey(InquiryRow row) {
            return String.valueOf(row.id());
        }
    }
}
