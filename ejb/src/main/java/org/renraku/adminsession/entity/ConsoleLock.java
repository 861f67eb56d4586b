package org.renraku.adminsession.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

/**
 * The one row per network that every login to that network's console locks (pessimistic write lock, i.e.
 * SELECT … FOR UPDATE) before it looks at who holds the console. Because the lock is in the database, the
 * rule holds across any number of application instances sharing it.
 */
@Entity
@Table(name = "console_locks")
public class ConsoleLock {

    @Id
    @Column(name = "network_id")
    private Long networkId;

    @OneToOne
    @JoinColumn(name = "current_lease_id")
    private ConsoleLease current;

    protected ConsoleLock() {
        // for JPA
    }

    public ConsoleLock(Long networkId) {
        this.networkId = networkId;
    }

    public ConsoleLease current() {
        return current;
    }

    void holdBy(ConsoleLease lease) {
        this.current = lease;
    }

    public Long networkId() {
        return networkId;
    }
}
