package org.renraku.adminsession.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** One start (boot) of one application instance, with its heartbeat. */
@Entity
@Table(name = "app_instances")
@NamedQuery(name = AppInstance.PREVIOUS_BOOTS,
        query = "SELECT i.bootId FROM AppInstance i WHERE i.name = :name AND i.bootId <> :current")
@NamedQuery(name = AppInstance.ALIVE_SINCE,
        query = "SELECT COUNT(i) FROM AppInstance i WHERE i.bootId = :boot AND i.heartbeatAt > :since")
@NamedQuery(name = AppInstance.DELETE_DEAD,
        query = "DELETE FROM AppInstance i WHERE i.heartbeatAt < :before")
public class AppInstance {

    public static final String PREVIOUS_BOOTS = "AppInstance.previousBoots";
    public static final String ALIVE_SINCE = "AppInstance.aliveSince";
    public static final String DELETE_DEAD = "AppInstance.deleteDead";

    @Id
    @Column(name = "boot_id", length = 36)
    private String bootId;

    @Column(nullable = false, length = 190)
    private String name;

    @Column(name = "started_at", nullable = false, updatable = false)
    private Instant startedAt;

    @Column(name = "heartbeat_at", nullable = false)
    private Instant heartbeatAt;

    protected AppInstance() {
        // for JPA
    }

    public AppInstance(String bootId, String name, Instant now) {
        this.bootId = bootId;
        this.name = name;
        this.startedAt = now;
        this.heartbeatAt = now;
    }

    public void beat(Instant now) {
        heartbeatAt = now;
    }

    public String bootId() { return bootId; }
    public String name() { return name; }
    public Instant heartbeatAt() { return heartbeatAt; }
}
