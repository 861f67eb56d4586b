package org.renraku.members.control;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.Member;

/**
 * Keeps {@code member_attribute_values} — one row per member, attribute and value, the index the member table
 * filters by ({@code MemberDirectory}) — in step with {@code members.attributes}, the JSON that stays the source.
 * <b>Every write of a member's attributes calls one of these methods in the same transaction</b>, after the
 * write: registration, profile edit, 代行登録, CSV import (by address), and any bulk change (the yearly roll-over calls
 * {@link #reindexNetwork} once, or {@link #reindex(long)} per member). Deleting a member or an attribute needs
 * nothing: the rows go with it (ON DELETE CASCADE).
 * <p>
 * The rows are computed by the database from the stored JSON (one statement, {@link #insertSql}, the same as
 * the V6 migration's), so a caller only has to say whose rows to rebuild: a string value gives one row, a list
 * one row per distinct value; values of attributes the network no longer has, and values longer than
 * {@link #VALUE_MAX} characters, give none.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY) // always within the transaction of the write
public class AttributeIndex {

    /** Longest value with a row; a filter on a longer value reads the JSON instead. */
    public static final int VALUE_MAX = 255;

    static final String INSERT = "INSERT INTO member_attribute_values (member_id, attribute_id, value)"
            + " SELECT DISTINCT m.id, a.id, j.value FROM members m"
            + " JOIN member_attributes a ON a.network_id = m.network_id"
            + " CROSS JOIN JSON_TABLE("
            + "CASE JSON_TYPE(JSON_EXTRACT(m.attributes, CONCAT('$.\"', a.id, '\"')))"
            + " WHEN 'ARRAY' THEN JSON_EXTRACT(m.attributes, CONCAT('$.\"', a.id, '\"'))"
            + " WHEN 'STRING' THEN JSON_ARRAY(JSON_UNQUOTE(JSON_EXTRACT(m.attributes, CONCAT('$.\"', a.id, '\"'))))"
            + " ELSE JSON_ARRAY() END,"
            + " '$[*]' COLUMNS (value VARCHAR(1000) PATH '$')) j"
            + " WHERE m.attributes IS NOT NULL AND j.value IS NOT NULL AND CHAR_LENGTH(j.value) <= " + VALUE_MAX;

    /** Whose rows: the placeholders of each scope. */
    static final String ONE_MEMBER = "m.id = ?";
    static final String BY_ADDRESS = "m.network_id = ? AND m.email = ?";
    static final String NETWORK = "m.network_id = ?";

    @PersistenceContext
    EntityManager em;

    /** The statement that writes the rows of the members in {@code scope} (a condition on {@code members m}). */
    public static String insertSql(String scope) {
        return INSERT + " AND " + scope;
    }

    /** The statement that writes the rows of one member (placeholder: the member id). */
    public static String insertMemberSql() {
        return insertSql(ONE_MEMBER);
    }

    /** The statement that writes the rows of every member of one network (placeholder: the network id). */
    public static String insertNetworkSql() {
        return insertSql(NETWORK);
    }

    /** Rebuilds the rows of a member whose attributes were just set through the entity (flushes it first). */
    public void reindex(Member member) {
        em.flush();
        reindex(member.id());
    }

    /** Rebuilds the rows of one member from the attributes stored for them. */
    public void reindex(long memberId) {
        em.createNativeQuery("DELETE FROM member_attribute_values WHERE member_id = ?").setParameter(1, memberId)
                .executeUpdate();
        em.createNativeQuery(insertMemberSql()).setParameter(1, memberId).executeUpdate();
    }

    /** Rebuilds the rows of the members of a network with these addresses (e.g. just inserted by SQL). */
    public void reindex(long networkId, Collection<EmailAddress> addresses) {
        for (EmailAddress address : addresses) {
            em.createNativeQuery("DELETE v FROM member_attribute_values v JOIN members m ON m.id = v.member_id"
                    + " WHERE " + BY_ADDRESS).setParameter(1, networkId).setParameter(2, address.value()).executeUpdate();
            em.createNativeQuery(insertSql(BY_ADDRESS)).setParameter(1, networkId).setParameter(2, address.value())
                    .executeUpdate();
        }
    }

    /** Rebuilds the rows of every member of a network (after a bulk change of attributes); returns how many rows. */
    public int reindexNetwork(long networkId) {
        em.createNativeQuery("DELETE v FROM member_attribute_values v JOIN members m ON m.id = v.member_id WHERE "
                + NETWORK).setParameter(1, networkId).executeUpdate();
        return em.createNativeQuery(insertNetworkSql()).setParameter(1, networkId).executeUpdate();
    }
}
