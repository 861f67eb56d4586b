package org.renraku.members.boundary;

import java.io.Serializable;

/** An attribute the admins defined ({@code member_attributes}): its id (the key in members.attributes) and label. */
public record AttributeLabel(long id, String label) implements Serializable {

    public long getId() { return id; }
    public String getLabel() { return label; }
}
