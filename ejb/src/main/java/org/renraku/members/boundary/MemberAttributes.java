package org.renraku.members.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.renraku.members.entity.MemberAttribute;

/**
 * The attributes a network's admins define for its members (学年, クラス, 部署, …): list, create, change, delete,
 * reorder. Every method takes the network id and touches only that network's attributes. Refusals are
 * {@link MemberException}s with an {@code attributes.error.*} key. Deleting an attribute leaves its values in
 * the members' JSON, where nothing reads them any more (the values of unknown ids are ignored).
 */
@Stateless
public class MemberAttributes {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /** Every attribute of the network in display order. */
    public List<MemberAttribute> list(long networkId) {
        return em.createNamedQuery(MemberAttribute.OF_NETWORK, MemberAttribute.class)
                .setParameter("networkId", networkId).getResultList();
    }

    /** The attributes a member sees and fills in (not the admin-only ones). */
    public List<MemberAttribute> forMembers(long networkId) {
        return list(networkId).stream().filter(a -> !a.adminOnly()).toList();
    }

    public MemberAttribute create(long networkId, String label, MemberAttribute.Kind kind, List<String> choices,
                                  boolean required, boolean adminOnly) {
        int position = list(networkId).stream().mapToInt(MemberAttribute::position).max().orElse(0) + 1;
        try {
            MemberAttribute a = new MemberAttribute(networkId, label, kind, choices, required, adminOnly, position,
                    clock.instant());
            em.persist(a);
            em.flush();
            return a;
        } catch (IllegalArgumentException e) {
            throw refusal(e);
        }
    }

    public MemberAttribute update(long networkId, long attributeId, String label, MemberAttribute.Kind kind,
                                  List<String> choices, boolean required, boolean adminOnly) {
        MemberAttribute a = find(networkId, attributeId);
        try {
            a.redefine(label, kind, choices, required, adminOnly);
        } catch (IllegalArgumentException e) {
            throw refusal(e);
        }
        return a;
    }

    public void delete(long networkId, long attributeId) {
        em.remove(find(networkId, attributeId));
    }

    /** Puts the attributes in the given order; ids not given keep their place after them. */
    public void reorder(long networkId, List<Long> orderedIds) {
        List<MemberAttribute> all = new ArrayList<>(list(networkId));
        List<MemberAttribute> ordered = new ArrayList<>();
        for (Long id : orderedIds) {
            all.stream().filter(a -> a.id().equals(id)).findFirst().ifPresent(a -> {
                ordered.add(a);
                all.remove(a);
            });
        }
        ordered.addAll(all);
        for (int i = 0; i < ordered.size(); i++) {
            ordered.get(i).moveTo(i + 1);
        }
    }

    /** Moves one attribute up (-1) or down (+1) in the order. */
    public void move(long networkId, long attributeId, int delta) {
        List<Long> ids = new ArrayList<>(list(networkId).stream().map(MemberAttribute::id).toList());
        int from = ids.indexOf(attributeId);
        if (from < 0) {
            throw new MemberException(MemberException.ATTRIBUTE_UNKNOWN);
        }
        int to = Math.max(0, Math.min(ids.size() - 1, from + delta));
        ids.remove(from);
        ids.add(to, attributeId);
        reorder(networkId, ids);
    }

    private MemberAttribute find(long networkId, long attributeId) {
        MemberAttribute a = em.find(MemberAttribute.class, attributeId);
        if (a == null || a.networkId() != networkId) {
            throw new MemberException(MemberException.ATTRIBUTE_UNKNOWN);
        }
        return a;
    }

    private static MemberException refusal(IllegalArgumentException e) {
        String key = e.getMessage() != null && e.getMessage().startsWith("attributes.error.")
                ? e.getMessage() : "attributes.error.label";
        return new MemberException(key);
    }
}
