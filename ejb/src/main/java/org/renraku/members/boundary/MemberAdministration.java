package org.renraku.members.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.renraku.members.control.AttributeIndex;
import org.renraku.members.control.AttributeJson;
import org.renraku.members.control.ImportPlan;
import org.renraku.members.control.MemberCsv;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.MemberAttribute;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;

/**
 * The admin console's changes to members, always within the admin's own network (every statement has
 * {@code network_id = ?}, so an id of another network changes nothing) and audited.
 * <p>
 * <b>Delete</b>: a member to whom nothing was ever delivered and who never wrote an inquiry is deleted for
 * real (nothing refers to the row; the address may join again as new). Otherwise the row stays with status
 * {@code LEFT}: the delivery history of past broadcasts keeps its foreign key, and the member no longer
 * receives mail. Either way the member disappears from recipient selection.
 */
@Stateless
public class MemberAdministration {

    public enum Deletion { DELETED, MARKED_LEFT, NOT_FOUND }

    @PersistenceContext
    EntityManager em;

    @Inject
    AuditLog auditLog;

    @Inject
    Clock clock;

    @Inject
    MemberAttributes attributes;

    @Inject
    AttributeIndex attributeIndex;

    public boolean suspend(long networkId, long memberId, String actor, String client) {
        return changeStatus(networkId, memberId, "SUSPENDED", AuditKind.MEMBER_SUSPENDED, actor, client);
    }

    /**
     * A suspended or departed member receives mail again. Not a 代行登録 that is still PENDING: only the
     * member's own confirmation through the mailed link activates them (false here).
     */
    public boolean reactivate(long networkId, long memberId, String actor, String client) {
        List<?> status = em.createNativeQuery("SELECT status FROM members WHERE network_id = ? AND id = ?")
                .setParameter(1, networkId).setParameter(2, memberId).getResultList();
        if (status.isEmpty() || "PENDING".equals(status.get(0))) {
            return false;
        }
        if (!changeStatus(networkId, memberId, "ACTIVE", AuditKind.MEMBER_REACTIVATED, actor, client)) {
            return false;
        }
        // the admin wants mail to reach the address again: a bounce's suppression goes, soft bounces count anew
        // (an unsubscription or a complaint stays: that was the member's own wish)
        em.createNativeQuery("DELETE FROM suppressions WHERE network_id = ? AND reason = 'HARD_BOUNCE'"
                        + " AND email = (SELECT email FROM members WHERE id = ?)")
                .setParameter(1, networkId).setParameter(2, memberId).executeUpdate();
        em.createNativeQuery("UPDATE members SET bounces_count_from = ?, needs_allow_domain = FALSE WHERE id = ?")
                .setParameter(1, Timestamp.from(clock.instant())).setParameter(2, memberId).executeUpdate();
        return true;
    }

    public Deletion delete(long networkId, long memberId, String actor, String client) {
        String name = nameOf(networkId, memberId);
        if (name == null) {
            return Deletion.NOT_FOUND;
        }
        long refs = ((Number) em.createNativeQuery("SELECT (SELECT COUNT(*) FROM deliveries WHERE member_id = ?)"
                + " + (SELECT COUNT(*) FROM inquiries WHERE member_id = ?)")
                .setParameter(1, memberId).setParameter(2, memberId).getSingleResult()).longValue();
        Deletion result;
        if (refs == 0) {
            em.createNativeQuery("DELETE FROM members WHERE network_id = ? AND id = ?")
                    .setParameter(1, networkId).setParameter(2, memberId).executeUpdate();
            result = Deletion.DELETED;
        } else {
            em.createNativeQuery("UPDATE members SET status = 'LEFT', updated_at = ? WHERE network_id = ? AND id = ?")
                    .setParameter(1, Timestamp.from(clock.instant())).setParameter(2, networkId)
                    .setParameter(3, memberId).executeUpdate();
            result = Deletion.MARKED_LEFT;
        }
        auditLog.recordWithin(AuditKind.MEMBER_DELETED, networkId, actor, name + " (#" + memberId + ")",
                result.name(), client);
        return result;
    }

    /** Why an import did nothing: the file had refused lines and the admin did not choose to skip them. */
    public static final int REFUSED = -1;

    /**
     * Adds the valid lines of a checked CSV file as active members who joined by IMPORT (carrier from the
     * address, attribute values as {@link MemberCsv} checked them against the definitions). A file with refused lines changes nothing ({@link #REFUSED}) unless {@code onlyValid}.
     * An address that became a member since the preview is skipped (INSERT IGNORE on the unique key).
     * Returns how many members were added.
     */
    public int importMembers(long networkId, MemberCsv.Parsed parsed, boolean onlyValid, String actor, String client) {
        if (!parsed.clean() && !onlyValid) {
            return REFUSED;
        }
        List<MemberAttribute> definitions = attributes.list(networkId);
        Timestamp now = Timestamp.from(clock.instant());
        int added = 0;
        for (MemberCsv.Line line : parsed.valid()) {
            added += em.createNativeQuery("INSERT IGNORE INTO members (network_id, email, name, carrier, status,"
                            + " attributes, joined_via, created_at, updated_at) VALUES (?, ?, ?, ?, 'ACTIVE', ?, 'IMPORT', ?, ?)")
                    .setParameter(1, networkId).setParameter(2, line.email().value()).setParameter(3, line.name())
                    .setParameter(4, line.carrier().name())
                    .setParameter(5, AttributeJson.write(line.attributes(), definitions))
                    .setParameter(6, now).setParameter(7, now).executeUpdate();
        }
        attributeIndex.reindex(networkId, parsed.valid().stream().map(MemberCsv.Line::email).toList());
        auditLog.recordWithin(AuditKind.MEMBERS_IMPORTED, networkId, actor, null,
                added + " / " + (parsed.valid().size() + parsed.problems().size()), client);
        return added;
    }

    /**
     * What an import in 「既存の会員を更新する」 mode did. {@code applied} false: the file had refused lines and the
     * admin did not choose to skip them, so nothing changed.
     */
    public record ImportResult(boolean applied, int added, int updated, int unchanged, int refused) {
    }

    /**
     * Applies a plan of 「既存の会員を更新する」 ({@link ImportPlan}, made from the file checked again at confirmation):
     * NEW lines are added as by {@link #importMembers}; UPDATE lines set the member's name and attribute values
     * (the merged values of {@link MemberCsv#parseForUpdate}; status, carrier, address and memo stay) within the
     * admin's network; the attribute index follows both. One audit entry with the counts. A file with refused
     * lines changes nothing unless {@code onlyValid}.
     */
    public ImportResult importUpdating(long networkId, ImportPlan plan, boolean onlyValid, String actor,
                                       String client) {
        int refused = (int) plan.count(ImportPlan.Outcome.REFUSED);
        int unchanged = (int) plan.count(ImportPlan.Outcome.UNCHANGED);
        if (!plan.clean() && !onlyValid) {
            return new ImportResult(false, 0, 0, unchanged, refused);
        }
        List<MemberAttribute> definitions = attributes.list(networkId);
        Timestamp now = Timestamp.from(clock.instant());
        int added = 0;
        int updated = 0;
        List<EmailAddress> touched = new ArrayList<>();
        for (ImportPlan.Row row : plan.changing()) {
            MemberCsv.Line line = row.line();
            String json = AttributeJson.write(line.attributes(), definitions);
            if (row.outcome() == ImportPlan.Outcome.NEW) {
                added += em.createNativeQuery("INSERT IGNORE INTO members (network_id, email, name, carrier, status,"
                                + " attributes, joined_via, created_at, updated_at) VALUES (?, ?, ?, ?, 'ACTIVE', ?, 'IMPORT', ?, ?)")
                        .setParameter(1, networkId).setParameter(2, line.email().value()).setParameter(3, line.name())
                        .setParameter(4, line.carrier().name()).setParameter(5, json)
                        .setParameter(6, now).setParameter(7, now).executeUpdate();
            } else {
                updated += em.createNativeQuery("UPDATE members SET name = ?, attributes = ?, updated_at = ?"
                                + " WHERE network_id = ? AND id = ? AND email = ?")
                        .setParameter(1, line.name()).setParameter(2, json).setParameter(3, now)
                        .setParameter(4, networkId).setParameter(5, line.memberId())
                        .setParameter(6, line.email().value()).executeUpdate();
            }
            touched.add(line.email());
        }
        attributeIndex.reindex(networkId, touched);
        auditLog.recordWithin(AuditKind.MEMBERS_IMPORTED, networkId, actor, null, "added " + added + ", updated "
                + updated + ", unchanged " + unchanged + ", refused " + refused + " / " + plan.rows().size(), client);
        return new ImportResult(true, added, updated, unchanged, refused);
    }

    /** Records a CSV download of the member list (it carries full addresses). */
    public void exported(long networkId, int rows, String actor, String client) {
        auditLog.recordWithin(AuditKind.MEMBERS_EXPORTED, networkId, actor, null, String.valueOf(rows), client);
    }

    /** Switches the member table between masked and full addresses (networks.show_addresses). */
    public void showAddresses(long networkId, boolean show, String actor, String client) {
        em.createNativeQuery("UPDATE networks SET show_addresses = ? WHERE id = ?")
                .setParameter(1, show).setParameter(2, networkId).executeUpdate();
        auditLog.recordWithin(show ? AuditKind.MEMBER_ADDRESSES_SHOWN : AuditKind.MEMBER_ADDRESSES_MASKED,
                networkId, actor, null, null, client);
    }

    private boolean changeStatus(long networkId, long memberId, String status, AuditKind kind, String actor,
                                 String client) {
        String name = nameOf(networkId, memberId);
        if (name == null) {
            return false;
        }
        int n = em.createNativeQuery("UPDATE members SET status = ?, updated_at = ? WHERE network_id = ? AND id = ?")
                .setParameter(1, status).setParameter(2, Timestamp.from(clock.instant()))
                .setParameter(3, networkId).setParameter(4, memberId).executeUpdate();
        if (n == 1) {
            auditLog.recordWithin(kind, networkId, actor, name + " (#" + memberId + ")", null, client);
        }
        return n == 1;
    }

    private String nameOf(long networkId, long memberId) {
        var list = em.createNativeQuery("SELECT name FROM members WHERE network_id = ? AND id = ?")
                .setParameter(1, networkId).setParameter(2, memberId).getResultList();
        return list.isEmpty() ? null : (String) list.get(0);
    }
}
