package org.renraku.members.boundary;

import org.renraku.platform.control.EpochSeconds;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.renraku.members.control.MemberCsv;
import org.renraku.members.control.AddressMask;
import org.renraku.members.control.AttributeIndex;
import org.renraku.members.control.AttributeJson;
import org.renraku.members.entity.Carrier;
import org.renraku.members.entity.MemberAttribute;

/**
 * The read side of the admin console's member table: one network's members, filtered, sorted and paged by
 * the database (native SQL over {@code members}, {@code LIMIT}/{@code OFFSET} in a deferred join), as small
 * serializable rows. Attribute filters go through the index of attribute values ({@code member_attribute_values},
 * kept by {@link AttributeIndex}); the SQL is the same on MySQL 8 and MariaDB. The benchmark
 * {@code ear/bench/member-table.sh} times exactly the statements built by {@link #pageSql} and {@link #countSql}.
 */
@Stateless
public class MemberDirectory {

    static final Set<String> STATUSES = Set.of("ACTIVE", "PENDING", "SUSPENDED", "LEFT");
    static final int MAX_PAGE = 500;

    @PersistenceContext
    EntityManager em;

    public boolean showsAddresses(long networkId) {
        Object v = em.createNativeQuery("SELECT show_addresses FROM networks WHERE id = ?")
                .setParameter(1, networkId).getSingleResult();
        return v instanceof Boolean b ? b : v instanceof Number n && n.intValue() != 0;
    }

    /** A page of the network's members; addresses masked unless the network shows them. */
    public List<MemberRow> page(long networkId, MemberQuery query, int first, int pageSize) {
        boolean full = showsAddresses(networkId);
        List<Object> params = new ArrayList<>();
        Query q = em.createNativeQuery(pageSql(networkId, query, first, pageSize, params));
        bind(q, params);
        List<MemberRow> rows = new ArrayList<>();
        for (Object o : q.getResultList()) {
            Object[] r = (Object[]) o;
            String email = (String) r[2];
            rows.add(new MemberRow(((Number) r[0]).longValue(), (String) r[1], full ? email : AddressMask.mask(email),
                    !full, (String) r[3], (String) r[4], EpochSeconds.instant(r[5]), r[6] == null ? null : r[6].toString()));
        }
        return rows;
    }

    public long count(long networkId, MemberQuery query) {
        List<Object> params = new ArrayList<>();
        Query q = em.createNativeQuery(countSql(networkId, query, params));
        bind(q, params);
        return ((Number) q.getSingleResult()).longValue();
    }

    /** The attributes of the network, in their order (filter choices, labels of the detail and the CSV). */
    public List<AttributeLabel> attributes(long networkId) {
        List<AttributeLabel> labels = new ArrayList<>();
        for (Object o : em.createNativeQuery("SELECT id, label, kind FROM member_attributes WHERE network_id = ?"
                + " ORDER BY position, id").setParameter(1, networkId).getResultList()) {
            Object[] r = (Object[]) o;
            labels.add(new AttributeLabel(((Number) r[0]).longValue(), (String) r[1], (String) r[2]));
        }
        return labels;
    }

    /** At most this many values of one attribute are offered to target by. */
    public static final int TARGET_VALUES_MAX = 100;

    /** At most this many members a search for hand-picking shows. */
    public static final int SEARCH_MAX = 20;

    /**
     * Per attribute of the network (by id, in the attributes' order), the values an admin targets a broadcast by:
     * its choices (SINGLE, MULTI) in their order, then the other values members have (a free-text attribute's, or
     * an imported value outside the choices), sorted; at most {@link #TARGET_VALUES_MAX}.
     */
    public Map<Long, List<String>> targetValues(long networkId) {
        Map<Long, List<String>> values = new LinkedHashMap<>();
        for (MemberAttribute a : em.createNamedQuery(MemberAttribute.OF_NETWORK, MemberAttribute.class)
                .setParameter("networkId", networkId).getResultList()) {
            values.put(a.id(), new ArrayList<>(a.choices()));
        }
        for (Object o : em.createNativeQuery("SELECT DISTINCT v.attribute_id, v.value FROM member_attribute_values v"
                        + " JOIN member_attributes a ON a.id = v.attribute_id WHERE a.network_id = ?"
                        + " ORDER BY v.attribute_id, v.value")
                .setParameter(1, networkId).getResultList()) {
            Object[] r = (Object[]) o;
            List<String> list = values.get(((Number) r[0]).longValue());
            String value = (String) r[1];
            if (list != null && !list.contains(value) && list.size() < TARGET_VALUES_MAX) {
                list.add(value);
            }
        }
        values.replaceAll((id, list) -> List.copyOf(list.subList(0, Math.min(list.size(), TARGET_VALUES_MAX))));
        return values;
    }

    /**
     * The network's members whose name or address contains {@code text} (hand-picking recipients), by name, at
     * most {@link #SEARCH_MAX}; addresses masked as in the table. Blank text finds nobody.
     */
    public List<MemberRow> search(long networkId, String text) {
        if (!notBlank(text)) {
            return List.of();
        }
        String like = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return rows(networkId, "(m.name LIKE ? OR LOWER(m.email) LIKE ?) ORDER BY m.name, m.id",
                List.of(like, like.toLowerCase(Locale.ROOT)), SEARCH_MAX);
    }

    /** The network's members of {@code ids} (other networks' ids find nobody), in the order of {@code ids}. */
    public List<MemberRow> rows(long networkId, List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<MemberRow> found = rows(networkId, "m.id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?"))
                + ")", new ArrayList<>(ids), ids.size());
        List<MemberRow> ordered = new ArrayList<>(found);
        ordered.sort(Comparator.comparingInt(r -> ids.indexOf(r.id())));
        return ordered;
    }

    private List<MemberRow> rows(long networkId, String condition, List<Object> values, int max) {
        boolean full = showsAddresses(networkId);
        Query q = em.createNativeQuery(COLUMNS + " FROM members m WHERE m.network_id = ? AND " + condition);
        List<Object> params = new ArrayList<>();
        params.add(networkId);
        params.addAll(values);
        bind(q, params);
        List<MemberRow> rows = new ArrayList<>();
        for (Object o : q.setMaxResults(max).getResultList()) {
            Object[] r = (Object[]) o;
            String email = (String) r[2];
            rows.add(new MemberRow(((Number) r[0]).longValue(), (String) r[1], full ? email : AddressMask.mask(email),
                    !full, (String) r[3], (String) r[4], EpochSeconds.instant(r[5]), r[6] == null ? null : r[6].toString()));
        }
        return rows;
    }

    /** Every address of the network, lower case (duplicates of a CSV import). */
    public Set<String> existingEmails(long networkId) {
        Set<String> emails = new HashSet<>();
        for (Object o : em.createNativeQuery("SELECT email FROM members WHERE network_id = ?")
                .setParameter(1, networkId).getResultList()) {
            emails.add(((String) o).toLowerCase(Locale.ROOT));
        }
        return emails;
    }

    /**
     * Every member of the network by lower-case address, with name and attribute values: what a CSV import in
     * 「既存の会員を更新する」 mode compares its lines with ({@link MemberCsv#parseForUpdate}).
     */
    public Map<String, MemberCsv.Existing> importTargets(long networkId) {
        Map<String, MemberCsv.Existing> members = new HashMap<>();
        for (Object o : em.createNativeQuery("SELECT id, email, name, attributes FROM members WHERE network_id = ?")
                .setParameter(1, networkId).getResultList()) {
            Object[] r = (Object[]) o;
            members.put(((String) r[1]).toLowerCase(Locale.ROOT), new MemberCsv.Existing(((Number) r[0]).longValue(),
                    (String) r[2], AttributeJson.read(r[3] == null ? null : r[3].toString())));
        }
        return members;
    }

    /**
     * The members matching the query with full addresses and attribute values by label, for the CSV export
     * (a deliberate, audited download: the masking of the table is against looking over a shoulder).
     */
    public List<MemberCsv.ExportRow> exportRows(long networkId, MemberQuery query) {
        List<AttributeLabel> labels = attributes(networkId);
        List<Object> params = new ArrayList<>();
        Query q = em.createNativeQuery(selectSql(networkId, query, params));
        bind(q, params);
        List<MemberCsv.ExportRow> rows = new ArrayList<>();
        for (Object o : q.getResultList()) {
            Object[] r = (Object[]) o;
            rows.add(new MemberCsv.ExportRow((String) r[1], (String) r[2], (String) r[3], (String) r[4],
                    AttributeValues.byLabel(r[6] == null ? null : r[6].toString(), labels)));
        }
        return rows;
    }

    /** One member of the network, or null (the detail dialog). */
    public MemberRow find(long networkId, long memberId) {
        boolean full = showsAddresses(networkId);
        List<?> list = em.createNativeQuery("SELECT m.id, m.name, m.email, m.carrier, m.status, UNIX_TIMESTAMP(m.created_at), m.attributes"
                        + " FROM members m WHERE m.network_id = ? AND m.id = ?")
                .setParameter(1, networkId).setParameter(2, memberId).getResultList();
        if (list.isEmpty()) {
            return null;
        }
        Object[] r = (Object[]) list.get(0);
        String email = (String) r[2];
        return new MemberRow(((Number) r[0]).longValue(), (String) r[1], full ? email : AddressMask.mask(email), !full,
                (String) r[3], (String) r[4], EpochSeconds.instant(r[5]), r[6] == null ? null : r[6].toString());
    }

    /** Every member matching the query, in its order (the CSV export); {@code params} receives the values of its placeholders. */
    public static String selectSql(long networkId, MemberQuery query, List<Object> params) {
        return COLUMNS + " FROM members m" + where(networkId, query, params) + " ORDER BY " + order(query);
    }

    /**
     * One page of the table: a deferred join — the page's ids are found first, ordered and skipped within an
     * index of {@code members} alone (every sort column has one starting with {@code network_id}), and only the
     * rows of the page are read — so a page far into the table does not read every row before it.
     */
    public static String pageSql(long networkId, MemberQuery query, int first, int pageSize, List<Object> params) {
        String order = order(query);
        String sql = COLUMNS + " FROM members m JOIN (SELECT m.id FROM members m" + where(networkId, query, params)
                + " ORDER BY " + order + " LIMIT ? OFFSET ?) page ON page.id = m.id ORDER BY " + order;
        params.add(Math.min(Math.max(1, pageSize), MAX_PAGE));
        params.add(Math.max(0, first));
        return sql;
    }

    private static final String COLUMNS =
            "SELECT m.id, m.name, m.email, m.carrier, m.status, UNIX_TIMESTAMP(m.created_at), m.attributes";

    private static String order(MemberQuery query) {
        String direction = query.descending() ? " DESC" : " ASC";
        return query.sort().column + direction + ", m.id" + direction;
    }

    public static String countSql(long networkId, MemberQuery query, List<Object> params) {
        return "SELECT COUNT(*) FROM members m" + where(networkId, query, params);
    }

    private static String where(long networkId, MemberQuery query, List<Object> params) {
        StringBuilder w = new StringBuilder(" WHERE m.network_id = ?");
        params.add(networkId);
        if (notBlank(query.name())) {
            w.append(" AND m.name LIKE ?");
            String escaped = query.name().strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            params.add((query.nameContains() ? "%" : "") + escaped + "%");
        }
        if (notBlank(query.carrier())) {
            w.append(" AND m.carrier = ?");
            params.add(Carrier.valueOf(query.carrier().strip().toUpperCase(Locale.ROOT)).name());
        }
        if (notBlank(query.status())) {
            String s = query.status().strip().toUpperCase(Locale.ROOT);
            if (!STATUSES.contains(s)) {
                throw new IllegalArgumentException("Unknown status " + s);
            }
            w.append(" AND m.status = ?");
            params.add(s);
        }
        if (query.attributeId() != null && notBlank(query.attributeValue())) {
            String value = query.attributeValue().strip();
            if (value.codePointCount(0, value.length()) <= AttributeIndex.VALUE_MAX) {
                // through the index of attribute values (AttributeIndex keeps it)
                w.append(" AND m.id IN (SELECT v.member_id FROM member_attribute_values v"
                        + " WHERE v.attribute_id = ? AND v.value = ?)");
                params.add(query.attributeId());
                params.add(value);
            } else {
                // a value too long to have an index row: read the JSON (the path is built from a number only)
                w.append(" AND JSON_CONTAINS(m.attributes, JSON_QUOTE(?), '$.\"").append(query.attributeId().longValue())
                        .append("\"')");
                params.add(value);
            }
        }
        return w.toString();
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static void bind(Query q, List<Object> params) {
        for (int i = 0; i < params.size(); i++) {
            q.setParameter(i + 1, params.get(i));
        }
    }

}
