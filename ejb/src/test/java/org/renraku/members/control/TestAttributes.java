package org.renraku.members.control;

import java.lang.reflect.Field;
import java.time.Instant;
import java.util.List;
import org.renraku.members.entity.MemberAttribute;
import org.renraku.members.entity.MemberAttribute.Kind;

/** Attribute definitions with an id, as the database would give them, for tests without a database. */
final class TestAttributes {

    private TestAttributes() {
    }

    static MemberAttribute attribute(long id, String label, Kind kind, List<String> choices, boolean required,
                                     boolean adminOnly) {
        MemberAttribute a = new MemberAttribute(1L, label, kind, choices, required, adminOnly, (int) id, Instant.EPOCH);
        try {
            Field f = MemberAttribute.class.getDeclaredField("id");
            f.setAccessible(true);
            f.set(a, id);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return a;
    }
}
