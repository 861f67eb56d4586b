package org.renraku.bounces.boundary;

import org.renraku.bounces.control.SoftBounceWindow;

/**
 * A network's bounce policy (networks.bounce_*): whether a hard bounce suspends at once, and how many soft
 * bounces within how many days suspend. Defaults: on, 3 in 14 days.
 */
public record BounceSettings(boolean hardSuspends, int softThreshold, int softWindowDays) {

    public static BounceSettings defaults() {
        return new BounceSettings(true, SoftBounceWindow.DEFAULT_THRESHOLD, SoftBounceWindow.DEFAULT_WINDOW_DAYS);
    }

    /** The soft-bounce rule; throws IllegalArgumentException when the numbers are out of range. */
    public SoftBounceWindow window() {
        return new SoftBounceWindow(softThreshold, softWindowDays);
    }

    /** For the audit log: {@code hard=on soft=3/14d}. */
    public String describe() {
        return "hard=" + (hardSuspends ? "on" : "off") + " soft=" + softThreshold + "/" + softWindowDays + "d";
    }
}
