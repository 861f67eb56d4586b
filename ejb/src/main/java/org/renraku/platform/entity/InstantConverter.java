package org.renraku.platform.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Stores {@link Instant} in DATETIME(3) columns. Jakarta Persistence 3.1 has no mapping for Instant; the
 * timestamp is handed to Connector/J, which converts it to the database server's zone
 * ({@code serverTimezone=SERVER} on the pool), so every instance of the application reads back the same instant.
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, Timestamp> {

    @Override
    public Timestamp convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    @Override
    public Instant convertToEntityAttribute(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
