-- The retry sweep finds due deferred deliveries per SENDING broadcast (DeliveryRun.sending: broadcast_id first, on
-- ix_deliveries_broadcast_status), and a lane reads its due rows on ix_deliveries_partition: no query reads
-- ix_deliveries_retry (status, next_attempt_at). But every delivery the sending job records moves its entry
-- (PENDING -> SENT), one of the three secondary-index changes per message sent.
ALTER TABLE deliveries DROP INDEX ix_deliveries_retry;
