-- Renraku schema, version 6: the member table stays fast with 100 000 members (ear/bench/member-table.sh).
-- 1. Every member's attribute values also as rows of their own, so that the table finds the members with a
--    value (学年 = 2年) through an index instead of reading the JSON of every member of the network
--    (JSON_CONTAINS scans). members.attributes stays the source: these rows are derived from it by
--    org.renraku.members.control.AttributeIndex on every write of a member's attributes.
-- 2. The index of each sort column also holds what the filters read (name, carrier, status), so a page —
--    ids ordered and skipped within one index, MemberDirectory.pageSql — with a filter on name, carrier or
--    status never reads a row per candidate.

CREATE TABLE member_attribute_values (
    member_id     BIGINT       NOT NULL,
    attribute_id  BIGINT       NOT NULL,
    -- values longer than 255 characters (only CSV imports can make them) have no row; a filter on such a
    -- value reads the JSON instead
    value         VARCHAR(255) NOT NULL COMMENT 'one value; a MULTI attribute has a row per chosen value',
    PRIMARY KEY (member_id, attribute_id, value),
    -- the filter: members with this value of this attribute
    KEY ix_member_attribute_values_value (attribute_id, value, member_id),
    CONSTRAINT fk_member_attribute_values_member FOREIGN KEY (member_id) REFERENCES members (id) ON DELETE CASCADE,
    CONSTRAINT fk_member_attribute_values_attribute FOREIGN KEY (attribute_id) REFERENCES member_attributes (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin COMMENT 'derived from members.attributes (AttributeIndex)';

-- The rows of the members there are (the statement of AttributeIndex.insertSql, for every member).
INSERT INTO member_attribute_values (member_id, attribute_id, value)
SELECT DISTINCT m.id, a.id, j.value
FROM members m
JOIN member_attributes a ON a.network_id = m.network_id
CROSS JOIN JSON_TABLE(
        CASE JSON_TYPE(JSON_EXTRACT(m.attributes, CONCAT('$."', a.id, '"')))
            WHEN 'ARRAY' THEN JSON_EXTRACT(m.attributes, CONCAT('$."', a.id, '"'))
            WHEN 'STRING' THEN JSON_ARRAY(JSON_UNQUOTE(JSON_EXTRACT(m.attributes, CONCAT('$."', a.id, '"'))))
            ELSE JSON_ARRAY() END,
        '$[*]' COLUMNS (value VARCHAR(1000) PATH '$')) j
WHERE m.attributes IS NOT NULL AND j.value IS NOT NULL AND CHAR_LENGTH(j.value) <= 255;

-- Covering indexes of the four sorts (each still starts as before: the recipient selection's walk over
-- (network_id, status, id) is unchanged).
ALTER TABLE members
    DROP INDEX ix_members_network_name,
    ADD INDEX ix_members_network_name (network_id, name, id, carrier, status),
    DROP INDEX ix_members_network_created,
    ADD INDEX ix_members_network_created (network_id, created_at, id, name, carrier, status),
    DROP INDEX ix_members_network_carrier,
    ADD INDEX ix_members_network_carrier (network_id, carrier, id, name, status),
    DROP INDEX ix_members_network_status_id,
    ADD INDEX ix_members_network_status_id (network_id, status, id, name, carrier);
