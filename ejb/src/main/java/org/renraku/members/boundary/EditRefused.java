package org.renraku.members.boundary;

import jakarta.ejb.ApplicationException;
import java.util.List;

/**
 * The admin's edit of a member refused, with every field that is wrong at once (the edit page shows each refusal
 * beside its field). The transaction rolls back: nothing of the edit is stored.
 */
@ApplicationException(rollback = true)
public class EditRefused extends MemberException {

    private static final long serialVersionUID = 1L;

    /**
     * One refused field: {@code field} is {@code name}, {@code memo}, {@code language}, {@code carrier} or
     * {@code attribute-<id>}; {@code key} and {@code arguments} the bundle text that says why.
     */
    public record Refusal(String field, String key, List<String> arguments) {
        public Refusal {
            arguments = List.copyOf(arguments);
        }
    }

    private final transient List<Refusal> refusals;

    public EditRefused(List<Refusal> refusals) {
        super(refusals.get(0).key(), refusals.get(0).arguments().toArray(String[]::new));
        this.refusals = List.copyOf(refusals);
    }

    public List<Refusal> refusals() {
        return refusals;
    }
}
