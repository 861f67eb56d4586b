package org.renraku.web.console;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.util.List;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.servlet.http.HttpServletRequest;
import org.renraku.answers.boundary.AnswerException;
import org.renraku.answers.boundary.Answers;
import org.renraku.answers.boundary.Resends;
import org.renraku.broadcasts.boundary.BroadcastException;
import org.renraku.web.security.ClientAddress;
import org.renraku.broadcasts.entity.AnswerKind;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/answers.xhtml?id=…}: the answers to one broadcast of the admin's network — counts per
 * choice and a bar chart (PrimeFaces {@code p:chart}, Chart.js configuration as JSON, as the hygiene page), who
 * answered what (addresses masked unless the network shows them), who has not answered (names only), CSV export
 * (UTF-8 with BOM); {@code p:poll} refreshes it every few seconds.
 */
@Named
@ViewScoped
public class AnswersView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleSession console;

    @Inject
    Answers answers;

    private Long id;
    /** Whether {@link #id} is a broadcast of the admin's network (else the page says it is not found). */
    private boolean found;
    private Answers.Tally tally;
    private List<Answers.AnsweredRow> answered = List.of();
    private List<String> unanswered = List.of();
    private List<Answers.QuestionTally> survey = List.of();
    private Resends.State resendState;

    @Inject
    Resends resends;

    /** f:viewAction, and the poll. */
    public void load() {
        long network = console.getNetworkId();
        found = id != null && answers.isOwn(network, id);
        if (!found) {
            tally = null;
            answered = List.of();
            unanswered = List.of();
            survey = List.of();
            resendState = null;
            return;
        }
        tally = answers.tally(network, id).orElse(null);
        answered = tally == null ? List.of() : answers.answered(network, id);
        unanswered = tally == null ? List.of() : answers.unanswered(network, id);
        survey = tally == null || tally.kind() != AnswerKind.SURVEY ? List.of() : answers.surveyTally(network, id);
        resendState = tally == null ? null : resends.state(network, id).orElse(null);
    }

    /** Re-sends (再送) now to the members who have not answered (the button's confirm dialog shows how many). */
    public void resendNow() {
        if (id == null) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, Resends.NOT_POSSIBLE);
            return;
        }
        try {
            int n = resends.resendNow(console.getNetworkId(), id, console.getUserId(),
                    ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext()
                            .getRequest()));
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "resend.started", n);
        } catch (AnswerException e) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, e.key(), (Object[]) e.arguments());
        }
        load();
    }

    /** The confirm dialog's question: how many the re-send goes to. */
    public String getResendConfirm() {
        return Messages.text("resend.confirm", resendState == null ? 0 : resendState.unanswered());
    }

    /** The automatic re-send delays as the page shows them ("15, 30, 60"). */
    public String getResendDelays() {
        return resendState == null ? "" : org.renraku.answers.control.ResendDelays.display(resendState.delays());
    }

    public void refresh() {
        load();
    }

    /** One bar of the tally: its label and count. */
    public record Bar(String label, long count) implements Serializable {
    }

    /** The bars: each choice (or 確認済み), then 未回答. */
    public List<Bar> getBars() {
        if (tally == null) {
            return List.of();
        }
        java.util.ArrayList<Bar> bars = new java.util.ArrayList<>();
        if (tally.kind() == AnswerKind.CHOICE) {
            for (int i = 0; i < tally.choices().size(); i++) {
                bars.add(new Bar(tally.choices().get(i), tally.counts().get(i)));
            }
            if (tally.confirmedOnly() > 0) {
                bars.add(new Bar(Messages.text("answer.tally.confirmed"), tally.confirmedOnly()));
            }
        } else {
            bars.add(new Bar(Messages.text(tally.kind() == AnswerKind.SURVEY ? "survey.tally.answered"
                    : "answer.tally.confirmed"), tally.confirmedOnly()));
        }
        bars.add(new Bar(Messages.text("answer.tally.unanswered"), tally.unanswered()));
        return bars;
    }

    /**
     * The chart's Chart.js configuration: one bar per choice and one for those who have not answered. Choice texts
     * are the admin's: the JSON is built by JSON-P and {@code <} is escaped, so nothing in it can end the script.
     */
    public String getChart() {
        return chart(getBars(), true);
    }

    /** The chart of one survey question: one bar per choice. */
    public String chart(Answers.QuestionTally q) {
        return chart(bars(q), false);
    }

    private static String chart(List<Bar> bars, boolean lastGrey) {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder counts = Json.createArrayBuilder();
        JsonArrayBuilder colors = Json.createArrayBuilder();
        for (int i = 0; i < bars.size(); i++) {
            labels.add(bars.get(i).label());
            counts.add(bars.get(i).count());
            colors.add(lastGrey && i == bars.size() - 1 ? "#9ca3af" : "#1d4ed8");
        }
        return Json.createObjectBuilder()
                .add("type", "bar")
                .add("data", Json.createObjectBuilder()
                        .add("labels", labels)
                        .add("datasets", Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("label", Messages.text("answer.tally.count"))
                                        .add("data", counts).add("backgroundColor", colors))))
                .add("options", Json.createObjectBuilder()
                        .add("responsive", true)
                        .add("maintainAspectRatio", false)
                        .add("animation", false)
                        .add("plugins", Json.createObjectBuilder()
                                .add("legend", Json.createObjectBuilder().add("display", false)))
                        .add("scales", Json.createObjectBuilder()
                                .add("y", Json.createObjectBuilder().add("beginAtZero", true)
                                        .add("ticks", Json.createObjectBuilder().add("precision", 0)))))
                .build().toString().replace("<", "\\u003c");
    }

    /** The answers as CSV, UTF-8 with a BOM (Excel opens it as it is). */
    public StreamedContent getCsv() {
        byte[] csv;
        try {
            if (id == null) {
                throw new AnswerException(AnswerException.INVALID);
            }
            csv = answers.csv(console.getNetworkId(), id);
        } catch (AnswerException notOurs) {
            // another network's broadcast (an id changed in the request) or none: nothing to download
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, BroadcastException.UNKNOWN);
            return null;
        }
        return DefaultStreamedContent.builder()
                .name("answers-" + id + ".csv")
                .contentType("text/csv; charset=UTF-8")
                .contentLength((long) csv.length)
                .stream(() -> new ByteArrayInputStream(csv)).build();
    }

    /** The label of a row's answer: the choice, or 確認済み. */
    public String answerText(Answers.AnsweredRow row) {
        if (row.choiceText() != null) {
            return row.choiceText();
        }
        return Messages.text(tally != null && tally.kind() == AnswerKind.SURVEY ? "survey.tally.answered"
                : "answer.tally.confirmed");
    }

    /** A survey's questions with their counts and free texts (empty for any other broadcast). */
    public List<Answers.QuestionTally> getSurvey() { return survey; }

    /** The bars of one survey question: each choice and its count. */
    public List<Bar> bars(Answers.QuestionTally q) {
        java.util.ArrayList<Bar> bars = new java.util.ArrayList<>();
        for (int i = 0; i < q.question().choices().size(); i++) {
            bars.add(new Bar(q.question().choices().get(i), q.counts().get(i)));
        }
        return bars;
    }

    public boolean isFound() { return found; }
    public Long getId() { return id; }
    public void setId(Long id) { this.id = id; }
    public Answers.Tally getTally() { return tally; }
    public List<Answers.AnsweredRow> getAnswered() { return answered; }
    public List<String> getUnanswered() { return unanswered; }
    public Resends.State getResendState() { return resendState; }
}
