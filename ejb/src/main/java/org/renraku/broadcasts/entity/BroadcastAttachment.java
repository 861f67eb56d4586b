package org.renraku.broadcasts.entity;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Lob;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A file sent with a broadcast (image, PDF). The bytes are kept in the row, or for deployments that keep files
 * outside the database at {@code storagePath}; the size is recorded either way, for the total limit.
 */
@Entity
@Table(name = "broadcast_attachments")
public class BroadcastAttachment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "broadcast_id", nullable = false, updatable = false)
    private Broadcast broadcast;

    @Column(name = "file_name", nullable = false, length = 255)
    private String fileName;

    @Column(name = "content_type", nullable = false, length = 100)
    private String contentType;

    @Column(name = "size_bytes", nullable = false)
    private int sizeBytes;

    @Lob
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "content")
    private byte[] content;

    @Column(name = "storage_path", length = 500)
    private String storagePath;

    @Column(nullable = false)
    private int position;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected BroadcastAttachment() {
        // for JPA
    }

    /** An attachment whose bytes are stored in the database. */
    public BroadcastAttachment(Broadcast broadcast, String fileName, String contentType, byte[] content, int position,
            Instant now) {
        this.broadcast = Objects.requireNonNull(broadcast, "broadcast");
        String name = fileName == null ? "" : fileName.replaceAll("[\\p{Cntrl}/\\\\]", "").strip();
        if (name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("An attachment needs a file name of 1-255 characters");
        }
        if (contentType == null || !contentType.matches("[A-Za-z0-9.+-]+/[A-Za-z0-9.+-]+")) {
            throw new IllegalArgumentException("Not a content type: " + contentType);
        }
        this.fileName = name;
        this.contentType = contentType.toLowerCase(java.util.Locale.ROOT);
        this.content = Objects.requireNonNull(content, "content").clone();
        this.sizeBytes = content.length;
        this.position = position;
        this.createdAt = Objects.requireNonNull(now, "now");
    }

    public Long id() { return id; }
    public Broadcast broadcast() { return broadcast; }
    public String fileName() { return fileName; }
    public String contentType() { return contentType; }
    public int sizeBytes() { return sizeBytes; }
    /** The bytes when they are stored in the database; empty when they live at {@link #storagePath()}. */
    public Optional<byte[]> content() { return Optional.ofNullable(content).map(byte[]::clone); }
    public Optional<String> storagePath() { return Optional.ofNullable(storagePath); }
    public int position() { return position; }
}
