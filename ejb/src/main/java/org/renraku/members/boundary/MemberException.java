package org.renraku.members.boundary;

import jakarta.ejb.ApplicationException;
import java.util.Objects;

/**
 * A request about a member that the rules refuse: an invalid or used link, an address already registered,
 * a missing required attribute, a name that is too long, … It carries a key of the web module's message
 * bundle ({@code member.error.*}, {@code attributes.error.*}) and its arguments (e.g. an attribute's label),
 * never a token or an address. The transaction rolls back.
 */
@ApplicationException(rollback = true)
public class MemberException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public static final String LINK_INVALID = "member.error.linkInvalid";
    public static final String NAME_INVALID = "member.error.nameInvalid";
    public static final String NAME_TOO_LONG = "member.error.nameTooLong";
    public static final String NAME_MARKUP = "member.error.nameMarkup";
    public static final String CONSENT_MISSING = "member.error.consentMissing";
    public static final String EMAIL_INVALID = "member.error.emailInvalid";
    public static final String EMAIL_TAKEN = "member.error.emailTaken";
    public static final String EMAIL_SAME = "member.error.emailSame";
    public static final String ALREADY_MEMBER = "member.error.alreadyMember";
    /** An admin (or the bounce policy) suspended the address: a registration link issued before does not undo it. */
    public static final String SUSPENDED = "member.error.suspended";
    public static final String ATTRIBUTE_REQUIRED = "member.error.attributeRequired";
    public static final String ATTRIBUTE_INVALID = "member.error.attributeInvalid";
    public static final String ATTRIBUTE_TOO_LONG = "member.error.attributeTooLong";
    public static final String NETWORK_UNKNOWN = "member.error.networkUnknown";
    /** Too many address changes asked for by this member, or in this network, in the last hour. */
    public static final String ADDRESS_CHANGES_LIMITED = "member.error.addressChangesLimited";
    public static final String ATTRIBUTE_UNKNOWN = "attributes.error.unknown";
    /** No member with this id in the admin's network (another network's member is not found either). */
    public static final String MEMBER_UNKNOWN = "members.notFound";
    public static final String MEMO_TOO_LONG = "members.edit.error.memoTooLong";
    public static final String LANGUAGE_INVALID = "members.edit.error.language";
    public static final String CARRIER_INVALID = "members.edit.error.carrier";

    private final String key;
    private final String[] arguments;

    public MemberException(String key, String... arguments) {
        super(Objects.requireNonNull(key, "key"));
        this.key = key;
        this.arguments = arguments == null ? new String[0] : arguments.clone();
    }

    /** The bundle key of the text that explains the refusal. */
    public String key() {
        return key;
    }

    /** The arguments of that text ({0}, {1}, …). */
    public Object[] arguments() {
        return arguments.clone();
    }
}
