package org.renraku.inbound.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits a batch of inbound mails into lanes that may be handled at the same time. Mails that share a sender
 * or a Message-ID with another mail of the batch all go, in their order, into one lane handled one after the
 * other — the per-sender reply limit and the check for a Message-ID seen before see each other's records —
 * and every other mail is a lane of its own.
 */
public final class Lanes {

    private Lanes() {
    }

    /**
     * @param sender    a mail's sender (lower case), or null when unknown
     * @param messageId a mail's Message-ID, or null when it has none
     * @return the lanes, the shared one (if any) first; each keeps the order of {@code mails}
     */
    public static <T> List<List<T>> of(List<T> mails, Function<T, String> sender, Function<T, String> messageId) {
        Map<String, Integer> senders = counts(mails, sender);
        Map<String, Integer> ids = counts(mails, messageId);
        List<T> shared = new ArrayList<>();
        List<List<T>> lanes = new ArrayList<>();
        for (T mail : mails) {
            if (senders.getOrDefault(sender.apply(mail), 0) > 1 || ids.getOrDefault(messageId.apply(mail), 0) > 1) {
                shared.add(mail);
            } else {
                lanes.add(List.of(mail));
            }
        }
        if (!shared.isEmpty()) {
            lanes.add(0, shared);
        }
        return lanes;
    }

    private static <T> Map<String, Integer> counts(List<T> mails, Function<T, String> key) {
        Map<String, Integer> counts = new HashMap<>();
        for (T mail : mails) {
            String k = key.apply(mail);
            if (k != null) {
                counts.merge(k, 1, Integer::sum);
            }
        }
        return counts;
    }
}
