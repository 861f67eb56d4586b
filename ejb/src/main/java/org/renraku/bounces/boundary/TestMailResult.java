package org.renraku.bounces.boundary;

import java.time.Instant;

/**
 * The last test mail of a network, for the hygiene page: when it was made and finished, its broadcast status,
 * how many members it went to and was accepted for, how many members its bounces suspended and deleted, and when
 * the report went to the admins (null: not yet).
 */
public record TestMailResult(long broadcastId, String status, Instant createdAt, Instant finishedAt, long recipients,
                             long sent, long suspended, long deleted, Instant reportSentAt) {
}
