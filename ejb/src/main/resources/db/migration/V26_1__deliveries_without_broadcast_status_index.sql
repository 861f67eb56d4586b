-- Every message the sending job records changes its delivery's status, and with it an entry in each index that
-- holds the status: ix_deliveries_partition (broadcast, carrier group, status, id), which the lanes read, and
-- ix_deliveries_broadcast_status (broadcast, status). The second one is dropped: the queries that counted or
-- looked for a broadcast's deliveries by status (progress, history, finish, the retry sweep) read the same
-- entries from ix_deliveries_partition, whose first column is the broadcast and which holds the status too; the
-- recipient snapshot writes one index less per recipient as well.
ALTER TABLE deliveries DROP INDEX ix_deliveries_broadcast_status;
