package org.renraku.networks.boundary;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.renraku.tokens.control.TokenDigest;

/**
 * Which network a member page's link belongs to, and whether the operator suspended it: the member pages
 * of a suspended network are closed, with a page that says so. Only ids and the network's name come out of here,
 * and only for a link that names a member or a one-time token that exists.
 */
@Stateless
public class NetworkGate {

    @PersistenceContext
    EntityManager em;

    /** The network of the member with this id, if there is one. */
    public OptionalLong networkOfMember(long memberId) {
        return first(em.createNativeQuery("SELECT network_id FROM members WHERE id = ?").setParameter(1, memberId)
                .getResultList());
    }

    /** The network of a one-time link's token (registration, address change or undo, leave, lift), if it exists. */
    public OptionalLong networkOfToken(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return OptionalLong.empty();
        }
        return first(em.createNativeQuery("SELECT network_id FROM one_time_tokens WHERE token_hash = ?")
                .setParameter(1, TokenDigest.digest(token)).getResultList());
    }

    /** The network's name when the operator suspended it; empty when it is active or unknown. */
    public Optional<String> suspendedName(long networkId) {
        List<?> rows = em.createNativeQuery("SELECT name FROM networks WHERE id = ? AND status = 'SUSPENDED'")
                .setParameter(1, networkId).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of((String) rows.get(0));
    }

    private static OptionalLong first(List<?> rows) {
        return rows.isEmpty() || rows.get(0) == null ? OptionalLong.empty()
                : OptionalLong.of(((Number) rows.get(0)).longValue());
    }
}
