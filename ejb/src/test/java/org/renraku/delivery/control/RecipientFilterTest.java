package org.renraku.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.renraku.members.entity.Carrier;

class RecipientFilterTest {

    @Test
    void noFilterShouldTakeEveryActiveMemberNotSuppressed() {
        assertThat(RecipientFilter.ALL.whereSql()).isEqualTo("m.status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM"
                + " suppressions s WHERE s.network_id = m.network_id AND s.email = m.email)");
        assertThat(RecipientFilter.ALL.parameters()).isEmpty();
        assertThat(RecipientFilter.parse(null)).isEqualTo(RecipientFilter.ALL);
        assertThat(RecipientFilter.parse(" ")).isEqualTo(RecipientFilter.ALL);
    }

    @Test
    void carriersAndAttributesShouldBecomeParametersNeverText() {
        RecipientFilter f = new RecipientFilter(List.of(Carrier.DOCOMO, Carrier.AU),
                Map.of(7L, List.of("3年", "a\"b\\c")));
        assertThat(f.whereSql()).endsWith(" AND m.carrier IN (?, ?) AND COALESCE(JSON_OVERLAPS("
                + "JSON_EXTRACT(m.attributes, '$.\"7\"'), ?), FALSE)");
        assertThat(f.parameters()).containsExactly("DOCOMO", "AU", "[\"3年\",\"a\\\"b\\\\c\"]");
    }

    @Test
    void theCarrierGroupSqlShouldMapAsCarrierGroupDoes() {
        assertThat(RecipientFilter.carrierGroupSql()).contains("WHEN 'YMOBILE' THEN 'SOFTBANK'")
                .contains("WHEN 'OUTLOOK' THEN 'MICROSOFT'").contains("WHEN 'DOCOMO' THEN 'DOCOMO'");
    }
}
