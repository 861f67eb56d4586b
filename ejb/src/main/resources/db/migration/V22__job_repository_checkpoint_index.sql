-- The batch runtime's job repository lives in this database (docker/payara/batch-job-repository.asadmin) and its
-- own MySQL DDL creates CHECKPOINTDATA without any key. Each chunk's "UPDATE CHECKPOINTDATA SET obj = ? WHERE
-- id = ?" then scans the whole table — every checkpoint of every job ever run — and InnoDB locks each row it
-- scans until the chunk's transaction commits: every lane of every broadcast, on every instance, waited for every
-- other lane's commit (a 20 000-member broadcast spent 65 s of its lanes' time in that statement; issue #14's
-- benchmark). With an index on id the statement touches its own row only.
--
-- The table is created here when the runtime has not created it yet (a new database: Flyway runs before the
-- runtime first starts, SchemaMigrations), with the runtime's own columns, so its CREATE TABLE IF NOT EXISTS
-- leaves it as it is; on a database where the runtime created it already, the index is added.
CREATE TABLE IF NOT EXISTS CHECKPOINTDATA (
    id  VARCHAR(512),
    obj BLOB
);
CREATE INDEX IF NOT EXISTS checkpointdata_id ON CHECKPOINTDATA (id);
