package org.renraku.members.boundary;

import java.io.Serializable;

/** An attribute the admins defined ({@code member_attributes}): its id (the key in members.attributes), label and kind
 * (TEXT, SINGLE, MULTI: a list of values). */
public record AttributeLabel(long id, String label, String kind) implements Serializable {

    public boolean multi() {
        return "MULTI".equals(kind);
    }


    public long getId() { return id; }
    public String getLabel() { return label; }
}
