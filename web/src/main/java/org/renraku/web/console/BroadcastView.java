package org.renraku.web.console;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/broadcasts.xhtml} (history with figures) and {@code /console/broadcast.xhtml?id=…} (progress of
 * one broadcast: sent / deferred / failed / remaining overall and per carrier group, a progress bar, refreshed by
 * {@code p:poll} while it is being sent). Figures come from the deliveries ({@link Broadcasts#progress}).
 * Pause, resume and cancel are not offered yet: the sending job that would obey them is not there.
 */
@Named
@ViewScoped
public class BroadcastView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleSession console;

    @Inject
    Broadcasts broadcasts;

    private Long id;
    private Broadcasts.Progress progress;
    private List<Broadcasts.HistoryRow> history;

    /** f:viewAction of the progress page. */
    public void load() {
        progress = id == null ? null : broadcasts.progress(console.getNetworkId(), id).orElse(null);
    }

    /** p:poll: the figures again. */
    public void refresh() {
        load();
    }

    public List<Broadcasts.HistoryRow> getHistory() {
        if (history == null) {
            history = broadcasts.history(console.getNetworkId(), 200);
        }
        return history;
    }

    public Long getId() { return id; }
    public void setId(Long id) { this.id = id; }
    public Broadcasts.Progress getProgress() { return progress; }
}
