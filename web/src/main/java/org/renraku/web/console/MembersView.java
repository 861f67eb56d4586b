package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.StreamedContent;
import org.renraku.members.control.MemberCsv;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;
import org.renraku.members.boundary.AttributeLabel;
import org.renraku.members.boundary.AttributeValues;
import org.renraku.members.boundary.MemberAdministration;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.boundary.MemberDirectory;
import org.renraku.members.boundary.MemberQuery;
import org.renraku.members.boundary.MemberRow;
import org.renraku.members.entity.Carrier;
import org.renraku.web.i18n.Messages;
import org.renraku.broadcasts.boundary.Postings;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/members.xhtml}: the members of the signed-in admin's network in a lazy table, one
 * database page per table page ({@link MemberDirectory}); filters above the table, sorting by the column
 * headers, a detail dialog, suspend / reactivate / delete ({@link MemberAdministration}) and the switch
 * between masked and full addresses (audited). The network is always the session's own.
 */
@Named
@ViewScoped
public class MembersView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleSession console;

    @Inject
    MemberDirectory directory;

    @Inject
    MemberAdministration administration;

    @Inject
    org.renraku.members.boundary.Members memberService;

    private String name;
    private boolean nameContains;
    private String carrier;
    private String status;
    private Long attributeId;
    private String attributeValue;
    private List<AttributeLabel> attributes;
    private boolean showAddresses;
    private MemberRow selected;
    private Members members;

    @PostConstruct
    void init() {
        attributes = directory.attributes(console.getNetworkId());
        showAddresses = directory.showsAddresses(console.getNetworkId());
        members = new Members(this);
    }

    MemberQuery query() {
        return MemberQuery.all().withName(name, nameContains).withCarrier(carrier).withStatus(status)
                .withAttribute(attributeId, attributeValue);
    }

    public String applyFilter() {
        selected = null;
        members.recount();
        return null;
    }

    public String clearFilter() {
        name = null;
        nameContains = false;
        carrier = null;
        status = null;
        attributeId = null;
        attributeValue = null;
        return null;
    }

    public void toggleAddresses() {
        administration.showAddresses(console.getNetworkId(), !showAddresses, console.getUserId(), client());
        showAddresses = directory.showsAddresses(console.getNetworkId());
    }

    public void select(long memberId) {
        selected = directory.find(console.getNetworkId(), memberId);
        selectedDelegated = selected != null && postings.delegated(console.getNetworkId(), memberId);
    }

    /** 代理配信者: marks the selected member as a delegated sender, or takes the mark away (audited). */
    public void toggleDelegated() {
        if (selected == null) {
            return;
        }
        boolean on = !selectedDelegated;
        if (postings.delegate(console.getNetworkId(), selected.id(), on, console.getUserId(), client())) {
            selectedDelegated = on;
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, on ? "members.delegated.on" : "members.delegated.off",
                    selected.name());
        } else {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "members.notFound");
        }
    }

    public boolean isSelectedDelegated() { return selectedDelegated; }

    /**
     * Revokes every personal link of the selected member (a link leaked or was forwarded): links sent
     * before say the link is no longer valid, the posting address of a delegated sender changes too. Audited.
     */
    public void revokeLinks() {
        if (selected == null) {
            return;
        }
        try {
            memberService.revokeLinks(console.getNetworkId(), selected.id(), console.getUserId(), client());
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "members.links.revoked", selected.name());
        } catch (MemberException e) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "members.notFound");
        }
    }

    public void suspend(long memberId) {
        members.recount();
        MemberRow row = directory.find(console.getNetworkId(), memberId);
        if (row != null && administration.suspend(console.getNetworkId(), memberId, console.getUserId(), client())) {
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "members.suspended", row.name());
        } else {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "members.notFound");
        }
    }

    public void reactivate(long memberId) {
        members.recount();
        MemberRow row = directory.find(console.getNetworkId(), memberId);
        if (row != null && administration.reactivate(console.getNetworkId(), memberId, console.getUserId(), client())) {
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "members.reactivated", row.name());
        } else {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "members.notFound");
        }
    }

    public void delete(long memberId) {
        members.recount();
        MemberRow row = directory.find(console.getNetworkId(), memberId);
        var result = row == null ? MemberAdministration.Deletion.NOT_FOUND
                : administration.delete(console.getNetworkId(), memberId, console.getUserId(), client());
        switch (result) {
            case DELETED -> Messages.addGlobal(FacesMessage.SEVERITY_INFO, "members.deleted", row.name());
            case MARKED_LEFT -> Messages.addGlobal(FacesMessage.SEVERITY_INFO, "members.markedLeft", row.name());
            default -> Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "members.notFound");
        }
        selected = null;
    }

    /** The selected member's attribute values by label, for the detail dialog. */
    public List<Map.Entry<String, String>> getSelectedAttributes() {
        return selected == null ? List.of() : attributeValues(selected.attributes(), attributes);
    }

    static List<Map.Entry<String, String>> attributeValues(String json, List<AttributeLabel> labels) {
        return new ArrayList<>(AttributeValues.byLabel(json, labels).entrySet());
    }

    /** The filtered members as CSV in UTF-8 with a BOM (Excel reads it as UTF-8). */
    public StreamedContent getExportUtf8() {
        return export(MemberCsv.Encoding.UTF_8);
    }

    /** The filtered members as CSV in Windows-31J, what Japanese Excel expects by default. */
    public StreamedContent getExportWindows31j() {
        return export(MemberCsv.Encoding.WINDOWS_31J);
    }

    private StreamedContent export(MemberCsv.Encoding encoding) {
        long network = console.getNetworkId();
        List<MemberCsv.ExportRow> rows = directory.exportRows(network, query());
        List<String> labels = attributes.stream().map(AttributeLabel::label).toList();
        byte[] csv = MemberCsv.export(rows, labels, encoding);
        administration.exported(network, rows.size(), console.getUserId(), client());
        String suffix = encoding == MemberCsv.Encoding.UTF_8 ? "utf8" : "sjis";
        return DefaultStreamedContent.builder()
                .name("members-" + LocalDate.now(ZoneId.of("Asia/Tokyo")) + "-" + suffix + ".csv")
                .contentType("text/csv; charset=" + encoding.charset.name())
                .contentLength((long) csv.length)
                .stream(() -> new ByteArrayInputStream(csv)).build();
    }

    public List<String> getCarriers() {
        return Arrays.stream(Carrier.values()).map(Enum::name).toList();
    }

    /** The statuses the table filters by; 確認待ち (PENDING) are the 代行登録 members who have not confirmed yet. */
    public List<String> getStatuses() {
        return List.of("ACTIVE", "PENDING", "SUSPENDED", "LEFT");
    }

    /** CSS modifier of a carrier's badge: rk-carrier--docomo, … */
    public static String badgeClass(String carrier) {
        return "rk-carrier rk-carrier--" + (carrier == null ? "other" : carrier.toLowerCase().replace('_', '-'));
    }

    public String badge(String carrier) {
        return badgeClass(carrier);
    }

    @Inject
    Postings postings;

    private boolean selectedDelegated;

    private static String client() {
        return ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest());
    }

    public LazyDataModel<MemberRow> getMembers() { return members; }
    public List<AttributeLabel> getAttributes() { return attributes; }
    public boolean isShowAddresses() { return showAddresses; }
    public MemberRow getSelected() { return selected; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public boolean isNameContains() { return nameContains; }
    public void setNameContains(boolean nameContains) { this.nameContains = nameContains; }
    public String getCarrier() { return carrier; }
    public void setCarrier(String carrier) { this.carrier = carrier; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public Long getAttributeId() { return attributeId; }
    public void setAttributeId(Long attributeId) { this.attributeId = attributeId; }
    public String getAttributeValue() { return attributeValue; }
    public void setAttributeValue(String attributeValue) { this.attributeValue = attributeValue; }

    /** The lazy model: filters from the form, sorting from the column headers, paging in the database. */
    static final class Members extends LazyDataModel<MemberRow> {

        private static final long serialVersionUID = 1L;
        private final MembersView view;
        /** The count of the last filters: paging and sorting do not count again (the expensive half). */
        private MemberQuery counted;
        private int count;

        Members(MembersView view) {
            this.view = view;
        }

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            MemberQuery filters = view.query();
            if (!filters.equals(counted)) {
                count = (int) Math.min(Integer.MAX_VALUE, view.directory.count(view.console.getNetworkId(), filters));
                counted = filters;
            }
            return count;
        }

        void recount() {
            counted = null;
        }

        @Override
        public List<MemberRow> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            MemberQuery query = view.query();
            if (sortBy != null && !sortBy.isEmpty()) {
                SortMeta meta = sortBy.values().iterator().next();
                MemberQuery.Sort sort = switch (meta.getField()) {
                    case "name" -> MemberQuery.Sort.NAME;
                    case "carrier" -> MemberQuery.Sort.CARRIER;
                    case "status" -> MemberQuery.Sort.STATUS;
                    default -> MemberQuery.Sort.CREATED;
                };
                query = query.sortedBy(sort, meta.getOrder() == SortOrder.DESCENDING);
            }
            return view.directory.page(view.console.getNetworkId(), query, first, pageSize);
        }

        @Override
        public String getRowKey(MemberRow row) {
            return String.valueOf(row.id());
        }

        @Override
        public MemberRow getRowData(String rowKey) {
            return view.directory.find(view.console.getNetworkId(), Long.parseLong(rowKey));
        }
    }
}
