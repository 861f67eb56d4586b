package org.renraku.broadcasts.boundary;

import jakarta.ejb.ApplicationException;
import java.util.Objects;

/**
 * A broadcast request the rules refuse (no subject, attachments over the limit, a time in the past, a group name
 * taken, …): a key of the web module's message bundle ({@code broadcast.error.*}) and its arguments. The
 * transaction rolls back; the page shows the message next to the field concerned.
 */
@ApplicationException(rollback = true)
public class BroadcastException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public static final String SUBJECT = "broadcast.error.subject";
    public static final String BODY = "broadcast.error.body";
    public static final String FROM_NAME = "broadcast.error.fromName";
    public static final String REPLY_TO = "broadcast.error.replyTo";
    public static final String ATTACHMENTS_TOO_LARGE = "broadcast.error.attachmentsTooLarge";
    /** One file alone is over the limit: its name, its size in the mail and the limit (KB). */
    public static final String ATTACHMENT_TOO_LARGE = "broadcast.error.attachmentTooLarge";
    public static final String ATTACHMENT_INVALID = "broadcast.error.attachmentInvalid";
    public static final String NOT_DRAFT = "broadcast.error.notDraft";
    public static final String UNKNOWN = "broadcast.error.unknown";
    public static final String NO_RECIPIENTS = "broadcast.error.noRecipients";
    public static final String PAST = "broadcast.error.past";
    public static final String GROUP_NAME = "broadcast.error.groupName";
    public static final String GROUP_TAKEN = "broadcast.error.groupTaken";
    public static final String GROUP_EMPTY = "broadcast.error.groupEmpty";
    public static final String TEST_NOT_SENT = "broadcast.error.testNotSent";
    public static final String NOT_PAUSABLE = "broadcast.error.notPausable";
    public static final String NOT_RESUMABLE = "broadcast.error.notResumable";
    public static final String NOT_CANCELLABLE = "broadcast.error.notCancellable";
    public static final String STILL_STOPPING = "broadcast.error.stillStopping";
    public static final String NOT_REPEATING = "broadcast.error.notRepeating";
    public static final String REPEAT = "broadcast.error.repeat";
    /** 緊急配信 cannot be chosen or taken away any more: the broadcast is being sent, paused or done. */
    public static final String URGENT_ALREADY_SENDING = "broadcast.error.urgentAlreadySending";
    /** 緊急配信 was chosen but not confirmed before sending or scheduling. */
    public static final String URGENT_NOT_CONFIRMED = "broadcast.error.urgentNotConfirmed";
    /** The stored recipient filter cannot be read (RecipientFilter.Unreadable): choose the recipients again. */
    public static final String FILTER = "broadcast.error.filter";

    private final String key;
    private final String[] arguments;

    public BroadcastException(String key, String... arguments) {
        super(Objects.requireNonNull(key, "key"));
        this.key = key;
        this.arguments = arguments == null ? new String[0] : arguments.clone();
    }

    public String key() {
        return key;
    }

    public String[] arguments() {
        return arguments.clone();
    }
}
