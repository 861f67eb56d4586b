package org.renraku.it.browser;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Browser tests prepare their own network and admins directly in the test database (the same MariaDB the
 * application uses), so each test stands alone and never disturbs the bootstrap admin.
 */
final class TestDatabase {

    /** Password of every admin made here: the bootstrap admin's (its hash is copied, never computed here). */
    static final String ADMIN_PASSWORD = "admin-it-password";

    private TestDatabase() {
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(System.getProperty("renraku.db.url"),
                System.getenv().getOrDefault("RENRAKU_DB_USER", "renraku"),
                System.getenv().getOrDefault("RENRAKU_DB_PASSWORD", "renraku-dev"));
    }

    /** A new network with its console lock row; returns its id. */
    static long newNetwork(String name) throws SQLException {
        try (Connection c = connect()) {
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO networks (slug, name, created_at) VALUES (?, ?, NOW(3))",
                    Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, "br-" + UUID.randomUUID().toString().substring(0, 8));
                s.setString(2, name);
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO console_locks (network_id) VALUES (" + id + ")");
            }
            return id;
        }
    }

    /** An admin of the network who logs in with {@link #ADMIN_PASSWORD}; returns the user ID. */
    static String newAdmin(long network, String name, String email) throws SQLException {
        String userId = "br-" + UUID.randomUUID().toString().substring(0, 10);
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO admins (network_id, user_id, display_name, email, password_hash, password_changed_at,"
                        + " active, created_at) SELECT ?, ?, ?, ?, password_hash, password_changed_at, TRUE, NOW(3)"
                        + " FROM admins WHERE user_id = 'admin'")) {
            s.setLong(1, network);
            s.setString(2, userId);
            s.setString(3, name);
            s.setString(4, email);
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException("The bootstrap admin 'admin' is missing");
            }
        }
        return userId;
    }
}
