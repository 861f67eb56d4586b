package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditEvent;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/audit.xhtml}: the audit log of the signed-in admin's network, newest first, read page by
 * page from the database ({@link AuditLog#ofNetwork}) as the table pages.
 */
@Named
@ViewScoped
public class AuditView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleSession console;

    @Inject
    AuditLog auditLog;

    private Events events;

    @PostConstruct
    void init() {
        events = new Events(auditLog, console.getNetworkId());
    }

    public LazyDataModel<Row> getEvents() {
        return events;
    }

    /** The lazy model of the table: one database page per table page. */
    static final class Events extends LazyDataModel<Row> {

        private static final long serialVersionUID = 1L;
        private final AuditLog auditLog;
        private final long networkId;

        Events(AuditLog auditLog, long networkId) {
            this.auditLog = auditLog;
            this.networkId = networkId;
        }

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, auditLog.countOfNetwork(networkId));
        }

        @Override
        public List<Row> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            return auditLog.ofNetwork(networkId, first, pageSize).stream().map(Row::new).toList();
        }

        @Override
        public String getRowKey(Row row) {
            return String.valueOf(row.getId());
        }
    }

    /** One audit entry as the table shows it (no entity in the view state). */
    public static final class Row implements Serializable {

        private static final long serialVersionUID = 1L;
        private final long id;
        private final Instant occurredAt;
        private final String kind;
        private final String actor;
        private final String subject;
        private final String detail;
        private final String clientAddress;

        Row(AuditEvent event) {
            this.id = event.id();
            this.occurredAt = event.occurredAt();
            this.kind = event.kind().name();
            this.actor = event.actor();
            this.subject = event.subject();
            this.detail = event.detail();
            this.clientAddress = event.clientAddress();
        }

        public long getId() { return id; }
        public Instant getOccurredAt() { return occurredAt; }
        public String getKind() { return kind; }
        public String getActor() { return actor; }
        public String getSubject() { return subject; }
        public String getDetail() { return detail; }
        public String getClientAddress() { return clientAddress; }
    }
}
