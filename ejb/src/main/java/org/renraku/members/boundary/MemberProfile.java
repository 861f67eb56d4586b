package org.renraku.members.boundary;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.renraku.members.entity.Language;
import org.renraku.members.entity.Member;

/**
 * What a member's own pages show: a copy, never the entity.
 *
 * @param attributes values keyed by attribute id (admin-only ones included: the page hides them)
 * @param link       the current personal link; {@code signature} is its {@code s} parameter
 * @param language   the language of the member's mail and pages
 */
public record MemberProfile(long id, long networkId, String networkName, String name, String email,
                            Member.Status status, Map<Long, List<String>> attributes, String link, String signature,
                            Language language)
        implements Serializable {
}
