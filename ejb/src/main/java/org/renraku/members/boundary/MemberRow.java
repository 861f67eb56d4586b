package org.renraku.members.boundary;

import java.io.Serializable;
import java.time.Instant;

/**
 * One member as the admin console's table shows it: the address is already masked unless the network
 * shows full addresses ({@code networks.show_addresses}). {@code attributes} is the raw JSON of
 * {@code members.attributes} ({@code {"<attributeId>": "value" | ["a","b"]}}), or null.
 */
public record MemberRow(long id, String name, String email, boolean emailMasked, String carrier, String status,
                        Instant createdAt, String attributes) implements Serializable {

    // bean-style getters: Expression Language 5 (Jakarta EE 10) does not see record components
    public long getId() { return id; }
    public String getName() { return name; }
    public String getEmail() { return email; }
    public boolean isEmailMasked() { return emailMasked; }
    public String getCarrier() { return carrier; }
    public String getStatus() { return status; }
    public Instant getCreatedAt() { return createdAt; }
    public String getAttributes() { return attributes; }
}
