package org.renraku.answers.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.renraku.broadcasts.control.DeliveryToken;
import org.renraku.broadcasts.control.MessageComposer;

/**
 * Where a member's answer goes, with no new secret of its own: the delivery-token key
 * ({@link DeliveryToken#SECRET_PROPERTY}) signs both, with the {@link DeliveryToken.Purpose#ANSWER} purpose.
 * <ul>
 * <li>The personal links of a broadcast's mail, {@code <base>/member/answer.xhtml?t=<answer token>&c=<n>}: the
 * {@link DeliveryToken} of that member's delivery (computed, not stored, as the unsubscribe link's), {@code c} = 0
 * for 「確認しました」 or the 1-based choice. The choice in the link is only what the page offers first; the
 * answer is recorded by the member's click on the page (a POST), so a mail scanner fetching links records
 * nothing.</li>
 * <li>The member's own reply address (Reply-To) {@code <slug>+r-<answer token>@<join domain>}: one per
 * recipient, so a keyword reply counts for the recipient whose token it carries — never for whoever the From
 * header names. A reply address proves that its sender read that member's mail, nothing more, which is all a
 * 「了解」 claims.</li>
 * </ul>
 * Broadcasts sent before per-member reply addresses had one shared reply address per broadcast,
 * {@code <slug>+r-<broadcast id, base 36>-<13-character mac>}; only its From could say who answered, so a mail to
 * it records no answer ({@link #isSharedReply}).
 */
public final class AnswerAddresses {

    public static final String PAGE = MessageComposer.Answering.ANSWER_PAGE;
    /** The "+detail" of a reply address starts with this. */
    public static final String DETAIL_PREFIX = MessageComposer.Answering.REPLY_DETAIL_PREFIX;

    /** The retired shared per-broadcast form: {@code r-<id>-<13 base32>} (the answer token has three parts). */
    private static final Pattern SHARED = Pattern.compile("r-[0-9a-z]{1,13}-[a-z2-7]{13}");
    private static final int SHARED_MAC_BYTES = 8;

    private AnswerAddresses() {
    }

    /** The personal answer link of a delivery; {@code choice} 0 confirms, 1.. is a choice. */
    public static String link(String base, String answerToken, int choice) {
        return linkBase(base) + answerToken + "&c=" + choice;
    }

    /** {@code <base>/member/answer.xhtml?t=}: the answer token and {@code &c=<n>} follow. */
    public static String linkBase(String base) {
        return MessageComposer.Answering.linkBaseOf(base);
    }

    /** {@code r-<answer token>}: the "+detail" of one recipient's reply address. */
    public static String detail(String answerToken) {
        return DETAIL_PREFIX + answerToken;
    }

    /** {@code <slug>+r-<answer token>}. */
    public static String localPart(String slug, String answerToken) {
        return slug + "+" + detail(answerToken);
    }

    /** {@code <slug>+r-<answer token>@<join domain>}: the Reply-To of one recipient's message. */
    public static String replyAddress(String slug, String answerToken, String joinDomain) {
        return MessageComposer.Answering.replyAddressOf(slug, answerToken, joinDomain);
    }

    /** True when a "+detail" is a reply address's (per recipient or the retired shared one; signed or not). */
    public static boolean isReply(String detail) {
        return detail != null && detail.toLowerCase(Locale.ROOT).startsWith(DETAIL_PREFIX);
    }

    /**
     * The delivery a reply detail names, when it is {@code r-<answer token>} and the token's MAC for
     * {@link DeliveryToken.Purpose#ANSWER} is right (constant-time check); else empty. A VERP or unsubscribe token
     * of the same delivery is refused.
     */
    public static Optional<DeliveryToken> deliveryOf(String detail, byte[] key) {
        if (!isReply(detail)) {
            return Optional.empty();
        }
        return DeliveryToken.parse(detail.substring(DETAIL_PREFIX.length()), key, DeliveryToken.Purpose.ANSWER);
    }

    /**
     * True when the detail is a genuine shared per-broadcast reply address of before per-member reply addresses (its MAC checked):
     * such a mail is recorded with that reason and answers nothing.
     */
    public static boolean isSharedReply(String detail, byte[] key) {
        if (detail == null || detail.length() > 40) {
            return false;
        }
        String d = detail.toLowerCase(Locale.ROOT);
        if (!SHARED.matcher(d).matches()) {
            return false;
        }
        int dash = d.indexOf('-', DETAIL_PREFIX.length());
        long id;
        try {
            id = Long.parseLong(d.substring(DETAIL_PREFIX.length(), dash), 36);
        } catch (NumberFormatException e) {
            return false; // beyond a long: not one of ours
        }
        return id > 0 && MessageDigest.isEqual(sharedMac(key, id).getBytes(StandardCharsets.US_ASCII),
                d.substring(dash + 1).getBytes(StandardCharsets.US_ASCII));
    }

    /** The retired shared address of a broadcast, kept so that tests can write a mail to it. */
    public static String sharedDetail(byte[] key, long broadcastId) {
        return DETAIL_PREFIX + Long.toString(broadcastId, 36) + "-" + sharedMac(key, broadcastId);
    }

    private static String sharedMac(byte[] key, long broadcastId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal(("answer-reply:" + broadcastId).getBytes(StandardCharsets.US_ASCII));
            return DeliveryToken.base32(Arrays.copyOf(tag, SHARED_MAC_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
