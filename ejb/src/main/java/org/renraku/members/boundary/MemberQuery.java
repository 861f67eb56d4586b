package org.renraku.members.boundary;

import java.io.Serializable;

/**
 * What the member table asks for: filters (each null or blank = no filter) and the order.
 *
 * @param name        a name prefix, or — with {@code nameContains} — a part anywhere in the name
 * @param carrier     a {@link org.renraku.members.entity.Carrier} name
 * @param status      ACTIVE, SUSPENDED or LEFT
 * @param attributeId an attribute of {@code member_attributes}; with {@code attributeValue}, members whose
 *                    value is that value, or whose list of values contains it
 */
public record MemberQuery(String name, boolean nameContains, String carrier, String status, Long attributeId,
                          String attributeValue, Sort sort, boolean descending) implements Serializable {

    public enum Sort {
        NAME("m.name"), CREATED("m.created_at"), CARRIER("m.carrier"), STATUS("m.status");

        final String column;

        Sort(String column) {
            this.column = column;
        }
    }

    public static MemberQuery all() {
        return new MemberQuery(null, false, null, null, null, null, Sort.CREATED, true);
    }

    public MemberQuery withName(String n, boolean contains) {
        return new MemberQuery(n, contains, carrier, status, attributeId, attributeValue, sort, descending);
    }

    public MemberQuery withCarrier(String c) {
        return new MemberQuery(name, nameContains, c, status, attributeId, attributeValue, sort, descending);
    }

    public MemberQuery withStatus(String s) {
        return new MemberQuery(name, nameContains, carrier, s, attributeId, attributeValue, sort, descending);
    }

    public MemberQuery withAttribute(Long id, String value) {
        return new MemberQuery(name, nameContains, carrier, status, id, value, sort, descending);
    }

    public MemberQuery sortedBy(Sort s, boolean desc) {
        return new MemberQuery(name, nameContains, carrier, status, attributeId, attributeValue,
                s == null ? Sort.CREATED : s, desc);
    }
}
