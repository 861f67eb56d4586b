package org.renraku.members.boundary;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.renraku.audit.boundary.AuditLog;
import org.renraku.audit.entity.AuditKind;
import org.renraku.members.control.AttributeIndex;
import org.renraku.members.control.AttributeJson;
import org.renraku.members.control.AttributeValues;
import org.renraku.members.control.CarrierClassifier;
import org.renraku.members.control.MemberChanges;
import org.renraku.members.entity.Carrier;
import org.renraku.members.entity.Language;
import org.renraku.members.entity.Member;
import org.renraku.members.entity.MemberAttribute;

/**
 * The admin's edit of one member of their network: name, attribute values (admin-only ones included),
 * the 役員メモ, the carrier mark and the language of the member's mail and pages. Another network's member id is
 * not found. Every field is checked as the member's own forms check it ({@link Members#checkedName},
 * {@link AttributeValues#clean}); all refusals come together ({@link EditRefused}) and nothing is stored. A saved
 * edit writes the attribute index in the same transaction ({@link AttributeIndex}) and one audit entry with each
 * changed field before → after ({@link MemberChanges#auditDetail}; the memo only as "changed").
 * <p>
 * <b>Carrier</b>: {@code members.carrier} is classified from the address when the member joins or changes address;
 * the admin's mark replaces it until the next address change, which classifies the new address again (the mark
 * was about the old one), so no extra flag is stored. The page shows what the address alone would give.
 */
@Stateless
public class MemberEditing {

    /** The languages of a member's mail and pages ({@code members.language}). */
    public static final List<String> LANGUAGES = Arrays.stream(Language.values()).map(Language::code).toList();

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    MemberAttributes attributes;

    @Inject
    AttributeIndex attributeIndex;

    @Inject
    AuditLog auditLog;

    /**
     * A member as the edit page shows it. {@code classified}: the carrier the address alone gives;
     * {@code attributes}: values by attribute id.
     */
    public record MemberEdit(long id, String name, String email, Member.Status status, Carrier carrier,
                             Carrier classified, String language, String memo, Map<Long, List<String>> attributes)
            implements Serializable {
    }

    /** What the admin submits: every field of the page. */
    public record EditForm(String name, Map<Long, List<String>> attributes, Carrier carrier, String language,
                           String memo) implements Serializable {
    }

    /** The member {@code memberId} of the network, or empty (unknown, or another network's). */
    public Optional<MemberEdit> load(long networkId, long memberId) {
        return Optional.ofNullable(find(networkId, memberId)).map(m -> new MemberEdit(m.id(), m.name(),
                m.email().value(), m.status(), m.carrier(), CarrierClassifier.classify(m.email()), m.language().code(),
                m.adminMemo(), Map.copyOf(AttributeJson.read(m.attributesJson()))));
    }

    /**
     * Stores the edit and returns what changed (empty: nothing did, and nothing is recorded).
     *
     * @throws MemberException {@link MemberException#MEMBER_UNKNOWN} for a member not of the network
     * @throws EditRefused     every field the rules refuse
     */
    public List<MemberChanges.Change> save(long networkId, long memberId, EditForm form, String actor, String client) {
        Member member = find(networkId, memberId);
        if (member == null) {
            throw new MemberException(MemberException.MEMBER_UNKNOWN);
        }
        List<EditRefused.Refusal> refusals = new ArrayList<>();
        String name = null;
        try {
            name = Members.checkedName(form.name());
        } catch (MemberException e) {
            refusals.add(refusal("name", e));
        }
        List<MemberAttribute> definitions = attributes.list(networkId);
        Map<Long, List<String>> values = new LinkedHashMap<>();
        Map<Long, List<String>> submitted = form.attributes() == null ? Map.of() : form.attributes();
        for (MemberAttribute a : definitions) {
            List<String> given = submitted.get(a.id());
            try {
                values.putAll(AttributeValues.clean(List.of(a), Map.of(a.id(), given == null ? List.of() : given),
                        Map.of(), false));
            } catch (MemberException e) {
                refusals.add(refusal("attribute-" + a.id(), e));
            }
        }
        String memo = Member.cleanMemo(form.memo());
        if (memo != null && memo.codePointCount(0, memo.length()) > Member.MEMO_MAX) {
            refusals.add(new EditRefused.Refusal("memo", MemberException.MEMO_TOO_LONG,
                    List.of(String.valueOf(Member.MEMO_MAX))));
        }
        if (form.language() == null || !LANGUAGES.contains(form.language())) {
            refusals.add(new EditRefused.Refusal("language", MemberException.LANGUAGE_INVALID, List.of()));
        }
        if (form.carrier() == null) {
            refusals.add(new EditRefused.Refusal("carrier", MemberException.CARRIER_INVALID, List.of()));
        }
        if (!refusals.isEmpty()) {
            throw new EditRefused(refusals);
        }
        String language = member.language().code();
        Map<Long, List<String>> stored = AttributeJson.read(member.attributesJson());
        List<MemberChanges.Change> changes = MemberChanges.between(
                new MemberChanges.State(member.name(), stored, member.carrier().name(), language, member.adminMemo(), true),
                new MemberChanges.State(name, values, form.carrier().name(), form.language(), memo, true), definitions);
        if (changes.isEmpty()) {
            return changes;
        }
        Instant now = clock.instant();
        member.rename(name, now);
        member.markCarrier(form.carrier(), now);
        member.writeMemo(memo, now);
        boolean attributesChanged = changes.stream().anyMatch(c -> c.field() == MemberChanges.Field.ATTRIBUTE);
        if (attributesChanged) {
            member.replaceAttributesJson(AttributeJson.write(values, definitions), now);
        }
        if (!form.language().equals(language)) {
            member.changeLanguage(Language.of(form.language()), now);
        }
        em.flush();
        if (attributesChanged) {
            attributeIndex.reindex(member.id());
        }
        auditLog.recordWithin(AuditKind.MEMBER_EDITED, networkId, actor, member.name() + " (#" + member.id() + ")",
                MemberChanges.auditDetail(changes), client);
        return changes;
    }

    private static EditRefused.Refusal refusal(String field, MemberException e) {
        return new EditRefused.Refusal(field, e.key(),
                Arrays.stream(e.arguments()).map(String::valueOf).toList());
    }

    private Member find(long networkId, long memberId) {
        Member member = em.find(Member.class, memberId);
        return member == null || !member.network().id().equals(networkId) ? null : member;
    }
}
