package org.renraku.members.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.members.control.AttributeIndex;
import org.renraku.members.control.AddressMask;
import org.renraku.members.control.RollOverPlan;
import org.renraku.members.control.RollOverPlan.Change;
import org.renraku.members.entity.MemberAttribute;

/**
 * The yearly roll-over (年度切り替え) of a single-choice attribute: 1年→2年, 2年→3年, 3年→退会 or 停止, for every member
 * of the network at once, after a preview of who changes.
 * <ol>
 * <li>{@link #plan}: the admin's mapping, checked against the attribute as it is now;</li>
 * <li>{@link #preview} and {@link #previewPage}: how many and who would change, nothing written;</li>
 * <li>{@link #apply}: one transaction. The members are picked <em>by their old value</em> (and locked) before
 *     anything is written, so the changes happen simultaneously: 1年→2年 with 2年→3年 never makes a 1年 member
 *     3年. Refused ({@link #CHANGED}) when the members to change are no longer those of the preview. Audited as
 *     {@link AuditKind#MEMBERS_ROLLED_OVER} with the count of every change.</li>
 * </ol>
 * Who is concerned: members who have not left and whose value is a string (a single choice). 退会 makes a member
 * LEFT and revokes their personal links, as leaving does (no mail is sent: it is the admin's act, like a delete);
 * 停止 suspends active members only (a suspended or pending member stays as they are). Both keep the value.
 * <p>
 * Values are matched byte for byte ({@code CAST(… AS BINARY)}): the column's collation would take 「１年」 for 「1年」.
 * Every attribute value is written by {@link #writeValue}, the one place to keep in step with anything derived
 * from {@code members.attributes}.
 */
@Stateless
public class RollOver {

    /** The members to change are no longer those of the preview (someone joined, left or was edited). */
    public static final String CHANGED = "rollover.error.changed";
    static final int CHUNK = 500;
    static final int MAX_PAGE = 500;

    @PersistenceContext
    EntityManager em;

    @Inject
    AttributeIndex attributeIndex;

    @Inject
    MemberAttributes memberAttributes;

    @Inject
    MemberDirectory directory;

    @Inject
    AuditLog auditLog;

    @Inject
    Clock clock;

    /** A single-choice attribute that can be rolled over. */
    public record Attribute(long id, String label, List<String> choices) implements Serializable {
    }

    /**
     * An old value: one of the attribute's choices, or a value members still have although it is no longer a
     * choice; {@code members}: how many members (not LEFT) have it.
     */
    public record Value(String value, long members, boolean choice) implements Serializable {
    }

    /** A member of the preview; {@code email} masked unless the network shows full addresses. */
    public record Row(long id, String name, String email, String status, String from) implements Serializable {
    }

    /**
     * What a roll-over did: members per old value that changed, and in total how many got a new value, left,
     * were suspended.
     */
    public record Result(Map<String, Long> counts, long changed, long left, long suspended) implements Serializable {

        public long total() {
            return changed + left + suspended;
        }
    }

    /** The network's single-choice attributes, in their order. */
    public List<Attribute> attributes(long networkId) {
        return memberAttributes.list(networkId).stream().filter(a -> a.kind() == MemberAttribute.Kind.SINGLE)
                .map(a -> new Attribute(a.id(), a.label(), List.copyOf(a.choices()))).toList();
    }

    /** The old values of the attribute: its choices in order, then the other values members have. */
    public List<Value> values(long networkId, long attributeId) {
        Attribute attribute = attribute(networkId, attributeId);
        String v = valueOf(attributeId);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Object o : em.createNativeQuery("SELECT CAST(" + v + " AS BINARY), COUNT(*) FROM members m"
                        + " WHERE m.network_id = ? AND m.status <> 'LEFT' AND " + isString(attributeId)
                        + " GROUP BY CAST(" + v + " AS BINARY)")
                .setParameter(1, networkId).getResultList()) {
            Object[] r = (Object[]) o;
            counts.put(text(r[0]), ((Number) r[1]).longValue());
        }
        List<Value> values = new ArrayList<>();
        for (String choice : attribute.choices()) {
            values.add(new Value(choice, counts.getOrDefault(choice, 0L), true));
        }
        counts.forEach((value, n) -> {
            if (!attribute.choices().contains(value)) {
                values.add(new Value(value, n, false));
            }
        });
        return values;
    }

    /**
     * The admin's mapping as a plan, checked against the attribute as it is now.
     *
     * @throws MemberException {@link MemberException#ATTRIBUTE_UNKNOWN} when the attribute is not a
     *                         single-choice attribute of the network; see {@link RollOverPlan#of}
     */
    public RollOverPlan plan(long networkId, long attributeId, Map<String, Change> wanted) {
        Attribute attribute = attribute(networkId, attributeId);
        return RollOverPlan.of(attribute.id(), attribute.label(), attribute.choices(), wanted);
    }

    /** How many members would change, per old value (values with none are left out). Writes nothing. */
    public Map<String, Long> preview(long networkId, RollOverPlan plan) {
        List<Object> params = new ArrayList<>();
        String v = valueOf(plan.attributeId());
        Query q = em.createNativeQuery("SELECT CAST(" + v + " AS BINARY), COUNT(*) FROM members m"
                + where(networkId, plan, params) + " GROUP BY CAST(" + v + " AS BINARY)");
        bind(q, params);
        Map<String, Long> found = new LinkedHashMap<>();
        for (Object o : q.getResultList()) {
            Object[] r = (Object[]) o;
            found.put(text(r[0]), ((Number) r[1]).longValue());
        }
        return inPlanOrder(plan, found);
    }

    /** A page of the members who would change: by old value in the plan's order, then by name. */
    public List<Row> previewPage(long networkId, RollOverPlan plan, int first, int pageSize) {
        boolean full = directory.showsAddresses(networkId);
        List<Object> params = new ArrayList<>();
        String v = valueOf(plan.attributeId());
        StringBuilder sql = new StringBuilder("SELECT m.id, m.name, m.email, m.status, CAST(").append(v)
                .append(" AS BINARY) FROM members m").append(where(networkId, plan, params))
                .append(" ORDER BY FIELD(CAST(").append(v).append(" AS BINARY)");
        for (String from : plan.froms()) {
            sql.append(", ?");
            params.add(bytes(from));
        }
        sql.append("), m.name, m.id LIMIT ? OFFSET ?");
        params.add(Math.min(Math.max(1, pageSize), MAX_PAGE));
        params.add(Math.max(0, first));
        Query q = em.createNativeQuery(sql.toString());
        bind(q, params);
        List<Row> rows = new ArrayList<>();
        for (Object o : q.getResultList()) {
            Object[] r = (Object[]) o;
            String email = (String) r[2];
            rows.add(new Row(((Number) r[0]).longValue(), (String) r[1], full ? email : AddressMask.mask(email),
                    (String) r[3], text(r[4])));
        }
        return rows;
    }

    /**
     * Applies the plan in one transaction, if the members to change are still those of the preview.
     *
     * @param previewed what {@link #preview} showed the admin
     * @throws MemberException {@link #CHANGED} when the counts differ from {@code previewed} (nothing written);
     *                         see {@link #plan} when the attribute or its choices changed since
     */
    public Result apply(long networkId, RollOverPlan plan, Map<String, Long> previewed, String actor, String client) {
        RollOverPlan checked = plan(networkId, plan.attributeId(), plan.changes());
        List<Object> params = new ArrayList<>();
        Query q = em.createNativeQuery("SELECT m.id, CAST(" + valueOf(checked.attributeId()) + " AS BINARY)"
                + " FROM members m" + where(networkId, checked, params) + " ORDER BY m.id FOR UPDATE");
        bind(q, params);
        // every member's change is chosen here, by the value they have before anything is written
        Map<String, List<Long>> byOldValue = new LinkedHashMap<>();
        for (Object o : q.getResultList()) {
            Object[] r = (Object[]) o;
            byOldValue.computeIfAbsent(text(r[1]), k -> new ArrayList<>()).add(((Number) r[0]).longValue());
        }
        Map<String, Long> found = new LinkedHashMap<>();
        byOldValue.forEach((from, ids) -> found.put(from, (long) ids.size()));
        Map<String, Long> counts = inPlanOrder(checked, found);
        if (!counts.equals(previewed)) {
            throw new MemberException(CHANGED);
        }
        Timestamp now = Timestamp.from(clock.instant());
        long changed = 0;
        long left = 0;
        long suspended = 0;
        for (Map.Entry<String, List<Long>> group : byOldValue.entrySet()) {
            Change change = checked.changeOf(group.getKey());
            List<Long> ids = group.getValue();
            switch (change.action()) {
                case VALUE -> changed += writeValue(networkId, checked.attributeId(), ids, change.value(), now);
                case LEAVE -> left += update("UPDATE members SET status = 'LEFT', link_version = link_version + 1,"
                        + " updated_at = ? WHERE network_id = ? AND status <> 'LEFT'", networkId, ids, now);
                case SUSPEND -> suspended += update("UPDATE members SET status = 'SUSPENDED', updated_at = ?"
                        + " WHERE network_id = ? AND status = 'ACTIVE'", networkId, ids, now);
            }
        }
        if (changed > 0) {
            attributeIndex.reindexNetwork(networkId); // writeValue changed members.attributes in SQL
        }
        Result result = new Result(counts, changed, left, suspended);
        if (result.total() > 0) {
            auditLog.recordWithin(AuditKind.MEMBERS_ROLLED_OVER, networkId, actor, checked.label(),
                    checked.describe(counts), client);
        }
        return result;
    }

    /**
     * Gives the members the new value of the attribute. The roll-over's only write of attribute values: an index
     * of values (or anything else derived from {@code members.attributes}) is kept in step here.
     */
    private long writeValue(long networkId, long attributeId, List<Long> memberIds, String value, Timestamp now) {
        long n = 0;
        for (List<Long> chunk : chunks(memberIds)) {
            Query q = em.createNativeQuery("UPDATE members SET attributes = JSON_SET(attributes, '$.\"" + attributeId
                    + "\"', ?), updated_at = ? WHERE network_id = ? AND id IN (" + placeholders(chunk.size()) + ")");
            q.setParameter(1, value).setParameter(2, now).setParameter(3, networkId);
            for (int i = 0; i < chunk.size(); i++) {
                q.setParameter(4 + i, chunk.get(i));
            }
            n += q.executeUpdate();
        }
        return n;
    }

    /** A status change of the given members: {@code sql} has the placeholders of {@code now} and the network. */
    private long update(String sql, long networkId, List<Long> memberIds, Timestamp now) {
        long n = 0;
        for (List<Long> chunk : chunks(memberIds)) {
            Query q = em.createNativeQuery(sql + " AND id IN (" + placeholders(chunk.size()) + ")");
            q.setParameter(1, now).setParameter(2, networkId);
            for (int i = 0; i < chunk.size(); i++) {
                q.setParameter(3 + i, chunk.get(i));
            }
            n += q.executeUpdate();
        }
        return n;
    }

    private Attribute attribute(long networkId, long attributeId) {
        return attributes(networkId).stream().filter(a -> a.id() == attributeId).findFirst()
                .orElseThrow(() -> new MemberException(MemberException.ATTRIBUTE_UNKNOWN));
    }

    /**
     * The members the plan changes: not LEFT, a string value that the plan changes — for 停止 only active
     * members. {@code params} receives the values of the placeholders (the old values as UTF-8 bytes).
     */
    private static String where(long networkId, RollOverPlan plan, List<Object> params) {
        String v = "CAST(" + valueOf(plan.attributeId()) + " AS BINARY)";
        StringBuilder w = new StringBuilder(" WHERE m.network_id = ? AND m.status <> 'LEFT' AND ")
                .append(isString(plan.attributeId())).append(" AND (");
        params.add(networkId);
        List<String> everyone = plan.everyoneFroms();
        List<String> suspended = plan.suspendedFroms();
        w.append(everyone.isEmpty() ? "FALSE" : v + " IN (" + placeholders(everyone.size()) + ")");
        everyone.forEach(from -> params.add(bytes(from)));
        w.append(" OR ").append(suspended.isEmpty() ? "FALSE"
                : "(m.status = 'ACTIVE' AND " + v + " IN (" + placeholders(suspended.size()) + "))");
        suspended.forEach(from -> params.add(bytes(from)));
        return w.append(')').toString();
    }

    /** The attribute's value as text; the JSON path is built from a number only. */
    private static String valueOf(long attributeId) {
        return "JSON_UNQUOTE(JSON_EXTRACT(m.attributes, '$.\"" + attributeId + "\"'))";
    }

    private static String isString(long attributeId) {
        return "JSON_TYPE(JSON_EXTRACT(m.attributes, '$.\"" + attributeId + "\"')) = 'STRING'";
    }

    private static Map<String, Long> inPlanOrder(RollOverPlan plan, Map<String, Long> counts) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String from : plan.froms()) {
            Long n = counts.get(from);
            if (n != null && n > 0) {
                ordered.put(from, n);
            }
        }
        return ordered;
    }

    private static List<List<Long>> chunks(List<Long> ids) {
        List<List<Long>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
        }
        return chunks;
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object binary) {
        return binary instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(binary);
    }

    private static void bind(Query q, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
    }
}
