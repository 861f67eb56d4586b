package org.renraku.bounces.control;

import org.renraku.mail.control.BounceKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.renraku.broadcasts.control.VerpAddress;

/**
 * Everything a bounce (DSN, non-standard bounce, ARF complaint or auto-reply) tells: one result per recipient,
 * and what identifies our original delivery.
 *
 * @param results           one result per recipient (at least one: an unreadable mail gives none/undefined)
 * @param complaint         true for a feedback (ARF, RFC 5965) report: the recipient complained
 * @param bounceAddresses   where the bounce was sent (Delivered-To, X-Original-To, To, Return-Path of the bounce):
 *                          a VERP address among them names the delivery
 * @param originalMessageId the Message-ID of the returned original message, or "" when not returned
 * @param renrakuHeaders    the {@code X-Renraku-*} headers of the returned original (names as written)
 * @param problem           why the mail could not be read ("" when it could): such a mail belongs in quarantine
 */
public record BounceReport(List<BounceResult> results, boolean complaint, List<String> bounceAddresses,
        String originalMessageId, Map<String, String> renrakuHeaders, String problem) {

    public BounceReport {
        results = List.copyOf(results);
        bounceAddresses = List.copyOf(bounceAddresses);
        renrakuHeaders = Map.copyOf(renrakuHeaders);
    }

    /** True when the mail could be read as a mail at all. */
    public boolean readable() {
        return problem.isEmpty();
    }

    /** The (unverified) delivery token of the first VERP address with that prefix and domain the bounce went to. */
    public Optional<String> verpToken(String prefix, String bounceDomain) {
        return bounceAddresses.stream()
                .map(a -> VerpAddress.tokenOf(a, prefix, bounceDomain))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** True when no result is a hard or soft bounce (auto-reply, complaint, delivery report, not a bounce). */
    public boolean notABounce() {
        return results.stream().allMatch(r -> r.kind() == BounceKind.NONE);
    }
}
