package org.renraku.web.console;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.renraku.answers.boundary.Answers;
import org.renraku.broadcasts.boundary.BroadcastException;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.delivery.boundary.BroadcastControl;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.servlet.http.HttpServletRequest;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/broadcasts.xhtml} (history with figures) and {@code /console/broadcast.xhtml?id=…} (progress of
 * one broadcast: sent / deferred / failed / remaining overall and per carrier group, a progress bar, refreshed by
 * {@code p:poll} while it is being sent). Figures come from the deliveries ({@link Broadcasts#progress}).
 * The progress page also pauses, resumes and cancels the broadcast ({@link BroadcastControl}, confined to the
 * admin's network and audited); the buttons show only when the state allows them.
 */
@Named
@ViewScoped
public class BroadcastView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleSession console;

    @Inject
    Broadcasts broadcasts;

    @Inject
    BroadcastControl control;

    @Inject
    Answers answers;

    private Long id;
    private Broadcasts.Progress progress;
    private boolean asksAnswers;
    private List<Broadcasts.HistoryRow> history;
    private List<Broadcasts.RepeatRow> repeats;

    /** f:viewAction of the progress page. */
    public void load() {
        progress = id == null ? null : broadcasts.progress(console.getNetworkId(), id).orElse(null);
        asksAnswers = progress != null && answers.tally(console.getNetworkId(), id).isPresent();
    }

    /** True when the broadcast asks its members for a confirmation or an answer (its tally page is linked). */
    public boolean isAsksAnswers() {
        return asksAnswers;
    }

    /** p:poll: the figures again. */
    public void refresh() {
        load();
    }

    /** Pauses sending (the job stops after the messages in flight). */
    public void pause() {
        act(() -> control.pause(console.getNetworkId(), id, console.getUserId(), client()), "broadcast.progress.paused");
    }

    /** Resumes a paused broadcast from where it stopped. */
    public void resume() {
        act(() -> control.resume(console.getNetworkId(), id, console.getUserId(), client()), "broadcast.progress.resumed");
    }

    /** Cancels it: what is not sent yet is never sent. */
    public void cancel() {
        act(() -> control.cancel(console.getNetworkId(), id, console.getUserId(), client()), "broadcast.progress.cancelled");
    }

    private void act(Runnable change, String doneKey) {
        if (id == null) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, BroadcastException.UNKNOWN);
            return;
        }
        try {
            change.run();
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, doneKey);
        } catch (BroadcastException e) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, e.key(), (Object[]) e.arguments());
        }
        load();
    }

    private static String client() {
        return ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest());
    }

    public List<Broadcasts.HistoryRow> getHistory() {
        if (history == null) {
            history = broadcasts.history(console.getNetworkId(), 200);
        }
        return history;
    }

    /** The monthly repeating broadcasts (くり返し配信) with their rule and next date. */
    public List<Broadcasts.RepeatRow> getRepeats() {
        if (repeats == null) {
            repeats = broadcasts.repeats(console.getNetworkId());
        }
        return repeats;
    }

    /** Stops a repetition (audited); occurrences already sent stay in the history. */
    public void stopRepeating(long templateId) {
        try {
            broadcasts.stopRepeating(console.getNetworkId(), templateId, console.getUserId(), ClientAddress.of(
                    (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest()));
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "broadcast.repeat.stopped");
        } catch (BroadcastException e) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, e.key(), (Object[]) e.arguments());
        }
        repeats = null;
    }

    public Long getId() { return id; }
    public void setId(Long id) { this.id = id; }
    public Broadcasts.Progress getProgress() { return progress; }
}
