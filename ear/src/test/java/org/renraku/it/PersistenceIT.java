package org.renraku.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.renraku.networks.boundary.Networks;
import org.renraku.networks.entity.Network;

/** Japanese text and emoji go through JPA and Connector/J into MariaDB and come back unchanged. */
@ExtendWith(ArquillianExtension.class)
class PersistenceIT {

    /** Kanji (including 髙 and 﨑, outside JIS X 0208), kana, half-width kana, circled digits and 4-byte emoji. */
    private static final String NAME = "さくら小学校PTA 髙﨑 ｶﾀｶﾅ ①② 台風🌀休校のお知らせ📣👨‍👩‍👧";

    @Inject
    Networks networks;

    @Resource(lookup = "java:app/jdbc/renraku")
    DataSource dataSource;

    @Test
    void japaneseTextAndEmojiShouldSurviveARoundTripThroughTheDatabase() throws Exception {
        String slug = "it-" + UUID.randomUUID().toString().substring(0, 8);

        networks.create(slug, NAME); // commits: the test method itself runs without a transaction
        Network reloaded = networks.bySlug(slug).orElseThrow();

        assertThat(reloaded.name()).isEqualTo(NAME);
        assertThat(reloaded.id()).isPositive();

        // and the database itself holds the characters, not mojibake of them
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT name, CHAR_LENGTH(name), HEX(name) FROM networks WHERE slug = ?")) {
            s.setString(1, slug);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(NAME);
                assertThat(rs.getInt(2)).isEqualTo(NAME.codePointCount(0, NAME.length()));
                // 🌀 U+1F300 is F0 9F 8C 80 in UTF-8: stored as 4 bytes, so the column really is utf8mb4
                assertThat(rs.getString(3)).contains("F09F8C80");
            }
        }
    }
}
