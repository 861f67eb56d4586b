package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.boundary.RollOver;
import org.renraku.members.control.RollOverPlan;
import org.renraku.members.control.RollOverPlan.Change;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/rollover.xhtml}: the yearly roll-over (年度切り替え). The admin picks a single-choice attribute,
 * gives every old value its new value (or 退会, 停止, or no change), looks at the preview — how many and who
 * change, paged — and applies it; the rules and the transaction are {@link RollOver}'s. Once previewed, the
 * mapping is fixed until the admin goes back to change it, so what is applied is what was shown.
 */
@Named
@ViewScoped
public class RollOverView implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Values of the target menus besides {@code =<new value>}: no change, 退会, 停止. */
    static final String KEEP = "";
    static final String LEAVE = "LEAVE";
    static final String SUSPEND = "SUSPEND";
    static final String VALUE_PREFIX = "=";

    @Inject
    ConsoleSession console;

    @Inject
    RollOver rollOver;

    private List<RollOver.Attribute> attributes;
    private Long attributeId;
    private List<String> choices = List.of();
    private List<Mapping> mappings = List.of();
    private RollOverPlan plan;
    private Map<String, Long> previewed;
    private Preview preview;

    /** One old value and where it goes, as a row of the mapping form. */
    public static final class Mapping implements Serializable {

        private static final long serialVersionUID = 1L;
        private final String from;
        private final long members;
        private final boolean choice;
        private String target = KEEP;

        Mapping(RollOver.Value value) {
            this.from = value.value();
            this.members = value.members();
            this.choice = value.choice();
        }

        public String getFrom() { return from; }
        public long getMembers() { return members; }
        public boolean isChoice() { return choice; }
        public String getTarget() { return target; }
        public void setTarget(String target) { this.target = target == null ? KEEP : target; }
    }

    /** One line of the preview's summary: old value, what it becomes, how many members. */
    public record Step(String from, String to, long members) implements Serializable {
    }

    @PostConstruct
    void init() {
        attributes = rollOver.attributes(console.getNetworkId());
        loadValues();
    }

    /** Shows the values of the attribute chosen in the menu. */
    public String choose() {
        clearPreview();
        loadValues();
        return null;
    }

    /** Checks the mapping and shows who would change; writes nothing. */
    public String preview() {
        if (attributeId == null) {
            return null;
        }
        Map<String, Change> wanted = new LinkedHashMap<>();
        for (Mapping m : mappings) {
            Change change = change(m.target);
            if (change != null) {
                wanted.put(m.from, change);
            }
        }
        try {
            plan = rollOver.plan(console.getNetworkId(), attributeId, wanted);
            previewed = rollOver.preview(console.getNetworkId(), plan);
            preview = new Preview(this);
        } catch (MemberException refused) {
            clearPreview();
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, refused.key(), refused.arguments());
        }
        return null;
    }

    /** Back to the mapping, as it was. */
    public String edit() {
        clearPreview();
        return null;
    }

    /** Applies the previewed plan; refused, with nothing changed, when the members changed since the preview. */
    public String apply() {
        if (plan == null) {
            return null;
        }
        try {
            RollOver.Result result = rollOver.apply(console.getNetworkId(), plan, previewed, console.getUserId(),
                    client());
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "rollover.applied", plan.label(), result.changed(),
                    result.left(), result.suspended());
            clearPreview();
            loadValues();
        } catch (MemberException refused) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, refused.key(), refused.arguments());
            if (RollOver.CHANGED.equals(refused.key())) {
                preview(); // the same mapping over the members as they are now
            } else {
                clearPreview();
                attributes = rollOver.attributes(console.getNetworkId());
                loadValues();
            }
        }
        return null;
    }

    /** The menu value of a change: "" (none), LEAVE, SUSPEND or =value. */
    static Change change(String target) {
        if (target == null || target.isEmpty()) {
            return null;
        }
        if (target.startsWith(VALUE_PREFIX)) {
            return Change.to(target.substring(VALUE_PREFIX.length()));
        }
        return switch (target) {
            case LEAVE -> Change.leave();
            case SUSPEND -> Change.suspend();
            default -> null;
        };
    }

    /** What a member with the old value {@code from} becomes, as the preview shows it. */
    public String changeText(String from) {
        Change change = plan == null ? null : plan.changeOf(from);
        if (change == null) {
            return "";
        }
        return switch (change.action()) {
            case VALUE -> change.value();
            case LEAVE -> Messages.text("rollover.target.leave");
            case SUSPEND -> Messages.text("rollover.target.suspend");
        };
    }

    private void loadValues() {
        RollOver.Attribute chosen = attributes.stream().filter(a -> attributeId != null && a.id() == attributeId)
                .findFirst().orElse(attributes.isEmpty() ? null : attributes.get(0));
        attributeId = chosen == null ? null : chosen.id();
        choices = chosen == null ? List.of() : chosen.choices();
        if (attributeId == null || choices.isEmpty()) {
            mappings = List.of();
            return;
        }
        try {
            mappings = rollOver.values(console.getNetworkId(), attributeId).stream().map(Mapping::new).toList();
        } catch (MemberException refused) {
            mappings = List.of();
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, refused.key(), refused.arguments());
        }
    }

    private void clearPreview() {
        plan = null;
        previewed = null;
        preview = null;
    }

    private static String client() {
        return ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest());
    }

    public List<Step> getSteps() {
        if (plan == null) {
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        for (String from : plan.froms()) {
            steps.add(new Step(from, changeText(from), previewed.getOrDefault(from, 0L)));
        }
        return steps;
    }

    public long getPreviewTotal() {
        return previewed == null ? 0 : previewed.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean isPreviewing() { return plan != null; }
    public String getPlanLabel() { return plan == null ? "" : plan.label(); }
    public LazyDataModel<RollOver.Row> getPreview() { return preview; }
    public List<RollOver.Attribute> getAttributes() { return attributes; }
    public Long getAttributeId() { return attributeId; }
    public void setAttributeId(Long attributeId) { this.attributeId = attributeId; }
    public List<String> getChoices() { return choices; }
    public List<Mapping> getMappings() { return mappings; }
    public String valueTarget(String choice) { return VALUE_PREFIX + choice; }
    public String getLeave() { return LEAVE; }
    public String getSuspend() { return SUSPEND; }

    /** The members who would change, one database page per table page. */
    static final class Preview extends LazyDataModel<RollOver.Row> {

        private static final long serialVersionUID = 1L;
        private final RollOverView view;

        Preview(RollOverView view) {
            this.view = view;
        }

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, view.getPreviewTotal());
        }

        @Override
        public List<RollOver.Row> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                                       Map<String, FilterMeta> filterBy) {
            return view.plan == null ? List.of()
                    : view.rollOver.previewPage(view.console.getNetworkId(), view.plan, first, pageSize);
        }

        @Override
        public String getRowKey(RollOver.Row row) {
            return String.valueOf(row.id());
        }
    }
}
