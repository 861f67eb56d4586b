package org.renraku.members.control;

/**
 * Hides most of a member's mail address from the console: {@code taro.yamada@docomo.ne.jp} is shown as
 * {@code ta***@docomo.ne.jp}. The domain stays (it tells the carrier, which matters when mail is filtered);
 * the local part keeps at most two characters, and fewer when it is short, so a short part is never shown
 * whole ({@code a@x.jp} → {@code ***@x.jp}, {@code ab@x.jp} → {@code a***@x.jp}). Full addresses only when
 * the network's {@code show_addresses} is set.
 */
public final class AddressMask {

    private static final String STARS = "***";

    private AddressMask() {
    }

    public static String mask(String address) {
        if (address == null || address.isEmpty()) {
            return "";
        }
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return STARS;
        }
        String local = address.substring(0, at);
        int keep = local.length() >= 4 ? 2 : local.length() - 1;
        keep = Math.max(0, keep);
        return local.substring(0, keep) + STARS + address.substring(at);
    }
}
