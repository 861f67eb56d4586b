package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.renraku.answers.boundary.AnswerTargets;
import org.renraku.answers.control.AnswerStatus;
import org.renraku.broadcasts.boundary.BroadcastException;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.control.RecipientFilter.MemberMode;
import org.renraku.members.boundary.AttributeLabel;
import org.renraku.members.boundary.MemberDirectory;
import org.renraku.members.boundary.MemberRow;
import org.renraku.members.entity.Carrier;
import org.renraku.web.i18n.Formats;
import org.renraku.web.i18n.LocaleView;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ConsoleSession;

/**
 * The recipients part of {@code /console/compose.xhtml}, apart from the message so that
 * {@link ComposeView} stays about the message: the filter as people think of it — per attribute any of the checked
 * values, all attributes together (学年 1年 or 2年, and クラス 2組), carriers, the answer status of an earlier
 * broadcast, and hand-picked members found by name or address, combined "also these" or "only these"
 * ({@link MemberMode}) —, the live count and a readable summary ({@link TargetSummary}) after every change (ajax),
 * and the saved groups: saving the whole filter under a name, choosing one restores every part of it, each listed
 * with its summary. The filter it builds ({@link #filter()}) is the one the draft stores, counted and sent by
 * {@link RecipientFilter#where} alike.
 */
@Named
@ViewScoped
public class TargetingView implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Client ids of the count (refusals of the filter show there) and the group name. */
    static final String COUNT = "compose-form:count";
    static final String GROUP_NAME = "compose-form:groupName";
    static final String MEMBER_SEARCH = "compose-form:memberSearch";

    @Inject
    ConsoleSession console;

    @Inject
    Broadcasts broadcasts;

    @Inject
    MemberDirectory directory;

    @Inject
    AnswerTargets answerTargets;

    @Inject
    Formats formats;

    /** One attribute's checkboxes: the values offered and those checked. */
    public static class AttributeChoice implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long id;
        private final String label;
        private final List<String> values;
        private List<String> selected = new ArrayList<>();

        AttributeChoice(long id, String label, List<String> values) {
            this.id = id;
            this.label = label;
            this.values = new ArrayList<>(values);
        }

        public long getId() { return id; }
        public String getLabel() { return label; }
        public List<String> getValues() { return values; }
        public List<String> getSelected() { return selected; }
        public void setSelected(List<String> selected) {
            this.selected = selected == null ? new ArrayList<>() : new ArrayList<>(selected);
        }
    }

    private List<String> carriers = new ArrayList<>();
    private final List<AttributeChoice> attributeChoices = new ArrayList<>();
    private Long answeredBroadcastId;
    private String answerStatus;
    private List<AnswerTargets.Asked> askedBroadcasts = List.of();
    /** The hand-picked members, in the order picked (an id of a member deleted since is kept: never widens). */
    private final List<Long> pickedIds = new ArrayList<>();
    /** What is known of the picked members (a deleted one has no row). */
    private final Map<Long, MemberRow> pickedRows = new HashMap<>();
    private MemberMode memberMode = MemberMode.ALSO;
    private String memberSearch;
    private List<MemberRow> searchResults;
    private Long groupId;
    private String groupName;
    private List<Broadcasts.Group> groups = List.of();
    private final Map<Long, String> groupMemberNames = new HashMap<>();
    private long recipients;

    @PostConstruct
    void init() {
        long network = console.getNetworkId();
        Map<Long, List<String>> values = directory.targetValues(network);
        attributeChoices.clear();
        for (AttributeLabel a : directory.attributes(network)) {
            attributeChoices.add(new AttributeChoice(a.id(), a.label(), values.getOrDefault(a.id(), List.of())));
        }
        loadGroups();
        askedBroadcasts = answerTargets.asked(network);
        recount();
    }

    // --- the filter

    /** The filter as chosen on the page. */
    public RecipientFilter filter() {
        Map<Long, List<String>> attributes = new LinkedHashMap<>();
        attributeChoices.forEach(c -> attributes.put(c.getId(), c.getSelected()));
        return new RecipientFilter(carriers, attributes, answerFilter(), pickedIds, memberMode);
    }

    /** The answer status condition: a past broadcast with answers and a status, or none. */
    AnswerStatus answerFilter() {
        if (answeredBroadcastId == null || askedBroadcasts.stream().noneMatch(a -> a.id() == answeredBroadcastId)) {
            return null;
        }
        return AnswerStatus.of(answeredBroadcastId, answerStatus == null ? AnswerStatus.Status.UNANSWERED.name()
                : answerStatus);
    }

    /** The live count (ajax on every change of the filter). */
    public void recount() {
        recipients = broadcasts.countRecipients(console.getNetworkId(), filter());
    }

    /** The whole filter in one line, for beside the count. */
    public String getSummary() {
        return summary().of(filter());
    }

    /** A saved group's filter in one line; unreadable ones say so. */
    public String summaryOf(Broadcasts.Group group) {
        return group.filter() == null ? Messages.text(BroadcastException.FILTER) : summary().of(group.filter());
    }

    TargetSummary summary() {
        Map<Long, String> labels = new HashMap<>();
        attributeChoices.forEach(c -> labels.put(c.getId(), c.getLabel()));
        Map<Long, String> names = new HashMap<>(groupMemberNames);
        pickedRows.forEach((id, row) -> names.put(id, row.name()));
        Map<Long, AnswerTargets.Asked> asked = new HashMap<>();
        askedBroadcasts.forEach(a -> asked.put(a.id(), a));
        return new TargetSummary(pageLocale(), labels, names, asked);
    }

    /** The language of the page (the view's locale). */
    Locale pageLocale() {
        FacesContext context = FacesContext.getCurrentInstance();
        return context == null || context.getViewRoot() == null || context.getViewRoot().getLocale() == null
                ? LocaleView.DEFAULT_LOCALE : context.getViewRoot().getLocale();
    }

    /** The groups of the network, and the names of the members picked in them (for their summaries). */
    private void loadGroups() {
        groups = broadcasts.groups(console.getNetworkId());
        List<Long> ids = groups.stream().filter(g -> g.filter() != null).flatMap(g -> g.filter().members().stream())
                .distinct().toList();
        groupMemberNames.clear();
        directory.rows(console.getNetworkId(), ids).forEach(r -> groupMemberNames.put(r.id(), r.name()));
    }

    // --- the answer status of an earlier broadcast

    /** A status to pick for the chosen broadcast: its select value and label. */
    public record StatusChoice(String code, String label) implements Serializable {
    }

    /** 回答済み / 未回答, and for a broadcast with choices 「X」と回答 for each. */
    public List<StatusChoice> getAnswerStatusChoices() {
        List<StatusChoice> out = new ArrayList<>();
        if (answeredBroadcastId == null) {
            return out;
        }
        out.add(new StatusChoice(AnswerStatus.Status.UNANSWERED.name(), Messages.text("answerFilter.status.UNANSWERED")));
        out.add(new StatusChoice(AnswerStatus.Status.ANSWERED.name(), Messages.text("answerFilter.status.ANSWERED")));
        askedBroadcasts.stream().filter(a -> a.id() == answeredBroadcastId).findFirst().ifPresent(a -> {
            for (int i = 0; i < a.choices().size(); i++) {
                out.add(new StatusChoice("CHOICE-" + (i + 1), Messages.text("answerFilter.status.CHOICE", a.choices().get(i))));
            }
        });
        return out;
    }

    /** The label of a broadcast to pick: its subject and when it went out. */
    public String askedLabel(AnswerTargets.Asked a) {
        return a.startedAt() == null ? a.subject() : Messages.text("answerFilter.broadcast",
                a.subject(), formats.dateTime(a.startedAt()));
    }

    /** Another broadcast was picked: its statuses start at 未回答. */
    public void answeredBroadcastChanged() {
        answerStatus = answeredBroadcastId == null ? null : AnswerStatus.Status.UNANSWERED.name();
        recount();
    }

    // --- hand-picked members

    /** Finds members by name or address (at most {@link MemberDirectory#SEARCH_MAX}). */
    public void searchMembers() {
        searchResults = directory.search(console.getNetworkId(), memberSearch);
    }

    /** Adds a member found by the search (once; at most {@link RecipientFilter#MEMBERS_MAX}). */
    public void addMember(long memberId) {
        if (pickedIds.contains(memberId)) {
            return;
        }
        if (pickedIds.size() >= RecipientFilter.MEMBERS_MAX) {
            Messages.add(MEMBER_SEARCH, FacesMessage.SEVERITY_ERROR, "target.members.tooMany",
                    RecipientFilter.MEMBERS_MAX);
            return;
        }
        // only a member of this network, as found again now (a forged id finds nobody)
        directory.rows(console.getNetworkId(), List.of(memberId)).forEach(row -> {
            pickedIds.add(row.id());
            pickedRows.put(row.id(), row);
        });
        recount();
    }

    public void removeMember(long memberId) {
        pickedIds.remove(memberId);
        pickedRows.remove(memberId);
        recount();
    }

    /** A picked member as the page lists it: the row, or null for a member deleted since. */
    public record Picked(long id, MemberRow row) implements Serializable {
        public long getId() { return id; }
        public MemberRow getRow() { return row; }
    }

    public List<Picked> getPicked() {
        return pickedIds.stream().map(id -> new Picked(id, pickedRows.get(id))).toList();
    }

    public boolean isPicked(long memberId) {
        return pickedIds.contains(memberId);
    }

    // --- saved groups

    /** The group chosen in the select: every part of its filter into the editor. */
    public void applyGroup() {
        groups.stream().filter(g -> g.id() == (groupId == null ? -1 : groupId)).findFirst().ifPresent(this::restore);
        recount();
    }

    /** A group's "use" button. */
    public void useGroup(long id) {
        groupId = id;
        applyGroup();
    }

    /**
     * Puts the group's whole filter into the editor: attributes (values no longer offered and attributes deleted
     * since are kept and shown, never dropped: dropping widens), carriers, the answer status, the picked members and
     * their mode. Refused with a message, the editor unchanged, when the filter is unreadable or its answer status
     * is about a broadcast the page no longer offers.
     */
    void restore(Broadcasts.Group g) {
        RecipientFilter f = g.filter();
        if (f == null) { // stored unreadable: never applied as "everyone"
            Messages.add(COUNT, FacesMessage.SEVERITY_ERROR, BroadcastException.FILTER);
            return;
        }
        if (f.answers() != null && askedBroadcasts.stream().noneMatch(a -> a.id() == f.answers().broadcastId())) {
            Messages.add(COUNT, FacesMessage.SEVERITY_ERROR, "target.group.answersGone", g.name());
            return;
        }
        carriers = new ArrayList<>(f.carriers());
        attributeChoices.forEach(c -> c.setSelected(List.of()));
        f.attributes().forEach((id, values) -> {
            AttributeChoice c = attributeChoices.stream().filter(x -> x.getId() == id).findFirst().orElse(null);
            if (c == null) {
                c = new AttributeChoice(id, Messages.text(pageLocale(), "target.attribute.deleted", String.valueOf(id)),
                        List.of());
                attributeChoices.add(c);
            }
            for (String v : values) {
                if (!c.getValues().contains(v)) {
                    c.getValues().add(v);
                }
            }
            c.setSelected(values);
        });
        answeredBroadcastId = f.answers() == null ? null : f.answers().broadcastId();
        answerStatus = f.answers() == null ? null : f.answers().code();
        pickedIds.clear();
        pickedRows.clear();
        pickedIds.addAll(f.members());
        directory.rows(console.getNetworkId(), f.members()).forEach(r -> pickedRows.put(r.id(), r));
        memberMode = f.memberMode();
        groupName = g.name();
    }

    public void saveGroup() {
        try {
            Broadcasts.Group g = broadcasts.saveGroup(console.getNetworkId(), console.getAdminId(), groupName,
                    filter());
            loadGroups();
            groupId = g.id();
            Messages.add(GROUP_NAME, FacesMessage.SEVERITY_INFO, "broadcast.compose.groupSaved", g.name());
        } catch (BroadcastException e) {
            Messages.add(GROUP_NAME, FacesMessage.SEVERITY_ERROR, e.key(), (Object[]) e.arguments());
        }
        recount();
    }

    // --- the page's values

    public List<Carrier> getCarrierChoices() {
        return Arrays.asList(Carrier.values());
    }

    public List<MemberMode> getMemberModes() {
        return Arrays.asList(MemberMode.values());
    }

    public List<AttributeChoice> getAttributeChoices() { return attributeChoices; }
    public List<String> getCarriers() { return carriers; }
    public void setCarriers(List<String> carriers) { this.carriers = carriers == null ? new ArrayList<>() : new ArrayList<>(carriers); }
    public List<AnswerTargets.Asked> getAskedBroadcasts() { return askedBroadcasts; }
    public Long getAnsweredBroadcastId() { return answeredBroadcastId; }
    public void setAnsweredBroadcastId(Long answeredBroadcastId) { this.answeredBroadcastId = answeredBroadcastId; }
    public String getAnswerStatus() { return answerStatus; }
    public void setAnswerStatus(String answerStatus) { this.answerStatus = answerStatus; }
    public MemberMode getMemberMode() { return memberMode; }
    public void setMemberMode(MemberMode memberMode) { this.memberMode = memberMode == null ? MemberMode.ALSO : memberMode; }
    public String getMemberSearch() { return memberSearch; }
    public void setMemberSearch(String memberSearch) { this.memberSearch = memberSearch; }
    public List<MemberRow> getSearchResults() { return searchResults; }
    public Long getGroupId() { return groupId; }
    public void setGroupId(Long groupId) { this.groupId = groupId; }
    public String getGroupName() { return groupName; }
    public void setGroupName(String groupName) { this.groupName = groupName; }
    public List<Broadcasts.Group> getGroups() { return groups; }
    public long getRecipients() { return recipients; }
}
