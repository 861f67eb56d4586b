package org.renraku.bounces.boundary;

import java.time.Instant;

/**
 * One member on the hygiene page (配信エラー): the latest bounce, how many in the last 30 days, and what the policy
 * did. {@code address} is masked unless the network shows full addresses; {@code reason} is one of
 * {@link Hygiene#REASONS} ({@code other} for anything else).
 */
public record HygieneRow(long memberId, String name, String address, String carrier, String status, String reason,
                         String kind, String outcome, Instant occurredAt, long recentCount, boolean needsAllowDomain,
                         boolean suspendedByBounce) {
}
