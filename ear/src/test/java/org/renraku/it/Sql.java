package org.renraku.it;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeUtility;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Small helpers of the broadcast ITs (RepeatingBroadcastIT, PostingByMailIT): rows through the application's
 * pool (so DATETIME values read as the application reads them), members inserted directly, and the mails of a
 * GreenMail inbox with all their parts (Mailbox reads single-part text only).
 */
final class Sql {

    private final DataSource db;

    Sql(DataSource db) {
        this.db = db;
    }

    long member(long network, String name, String email, String carrier, String status) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO members (network_id, email, name, carrier, status, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, NOW(3), NOW(3))", Statement.RETURN_GENERATED_KEYS)) {
            bind(s, network, email, name, carrier, status);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    void update(String sql, Object... params) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            s.executeUpdate();
        }
    }

    /** The first row's columns as strings (empty without a row). */
    List<String> row(String sql, Object... params) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                List<String> row = new ArrayList<>();
                if (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.add(rs.getString(i));
                    }
                }
                return row;
            }
        }
    }

    /** The first column of every row as strings. */
    List<String> column(String sql, Object... params) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                return values;
            }
        }
    }

    /** A DATETIME of the first row, read as the application's converter reads it. */
    Instant instant(String sql, Object... params) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    /** Waits until the first column of the query's first row is {@code expected}; returns what it was last. */
    String await(Duration timeout, String expected, String sql, Object... params) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String value = null;
        while (Instant.now().isBefore(deadline)) {
            List<String> row = row(sql, params);
            value = row.isEmpty() ? null : row.get(0);
            if (expected.equals(value)) {
                return value;
            }
            Thread.sleep(250);
        }
        return value;
    }

    private static void bind(PreparedStatement s, Object... params) throws Exception {
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof Instant instant) {
                s.setTimestamp(i + 1, Timestamp.from(instant));
            } else {
                s.setObject(i + 1, params[i]);
            }
        }
    }

    // --- GreenMail

    /** The text of all parts, with "[file name]" for each file, of the mails whose subject contains {@code subject}. */
    static List<String> mails(String address, String subject) throws Exception {
        List<String> found = new ArrayList<>();
        try (Store store = Mailbox.imap().getStore("imap")) {
            store.connect(address, address); // GreenMail runs with authentication disabled
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                for (Message m : inbox.getMessages()) {
                    if (m.getSubject() != null && m.getSubject().contains(subject)) {
                        StringBuilder text = new StringBuilder();
                        collect(m, text, 0);
                        found.add(text.toString());
                    }
                }
            } finally {
                inbox.close(false);
            }
        }
        return found;
    }

    /** Waits until the address has at least {@code n} mails whose subject contains {@code subject}. */
    static List<String> awaitMails(String address, String subject, int n, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        List<String> found = mails(address, subject);
        while (found.size() < n) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("No mail '" + subject + "' for " + address + " within " + timeout);
            }
            Thread.sleep(300);
            found = mails(address, subject);
        }
        return found;
    }

    private static void collect(Part part, StringBuilder text, int depth) throws Exception {
        if (part.getFileName() != null) {
            text.append('[').append(MimeUtility.decodeText(part.getFileName())).append(']');
        }
        Object content = part.getContent();
        if (content instanceof Multipart mp && depth < 10) {
            for (int i = 0; i < mp.getCount(); i++) {
                collect(mp.getBodyPart(i), text, depth + 1);
            }
        } else if (content instanceof String s) {
            text.append(s);
        }
    }
}
