package org.renraku.web.member;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.renraku.answers.boundary.AnswerException;
import org.renraku.answers.boundary.Answers;
import org.renraku.answers.entity.AnswerKind;
import org.renraku.web.i18n.Messages;

/**
 * {@code /member/answer.xhtml?t=<delivery token>&c=<n>}, the personal answer link of a broadcast's mail (issue #7):
 * the broadcast's question, this member's current answer and one button per choice (or 「確認しました」). Opening the
 * link records nothing — mail scanners and link previews fetch links — the answer is recorded by the member's click
 * (a POST). {@code c} only marks the choice the member tapped in the mail. The page shows nothing of other members.
 */
@Named
@ViewScoped
public class AnswerView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    Answers answers;

    private String token;
    private Integer suggested;
    private Answers.Question question;
    private boolean recorded;

    /** One button of the page. */
    public record Option(int number, String text, boolean current, boolean suggested) implements Serializable {
    }

    public void load() {
        question = token == null ? null : answers.question(token).orElse(null);
    }

    /** Records {@code choice} (0 = 確認しました) as this member's answer. */
    public void answer(int choice) {
        if (question == null) {
            return;
        }
        try {
            question = answers.answerByLink(token, choice);
            recorded = true;
        } catch (AnswerException refused) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, refused.key(), (Object[]) refused.arguments());
            load();
        }
    }

    /** {@code invalid}, {@code open} (answers taken) or {@code closed} (deadline passed). */
    public String getState() {
        if (question == null) {
            return "invalid";
        }
        return question.open() ? "open" : "closed";
    }

    public boolean isConfirmation() {
        return question != null && question.kind() == AnswerKind.CONFIRM;
    }

    public List<Option> getOptions() {
        List<Option> options = new ArrayList<>();
        if (question != null) {
            List<String> choices = question.choices();
            for (int i = 0; i < choices.size(); i++) {
                int n = i + 1;
                options.add(new Option(n, choices.get(i), question.choice() != null && question.choice() == n,
                        suggested != null && suggested == n));
            }
        }
        return options;
    }

    /** The member's current answer as text: the choice, 確認済み, or null when not answered. */
    public String getCurrent() {
        if (question == null || !question.answered()) {
            return null;
        }
        String text = question.choiceText();
        return text != null ? text : Messages.text("answer.member.confirmed");
    }

    public boolean isRecorded() { return recorded; }
    public String getSubject() { return question == null ? null : question.subject(); }
    public String getNetworkName() { return question == null ? null : question.networkName(); }
    public String getMemberName() { return question == null ? null : question.memberName(); }
    public Instant getDeadline() { return question == null ? null : question.deadline(); }
    public Instant getAnsweredAt() { return question == null ? null : question.answeredAt(); }

    public String getToken() { return token; }
    public void setToken(String token) {
        if (token != null) {
            this.token = token;
        }
    }
    public Integer getC() { return suggested; }
    public void setC(Integer c) {
        if (c != null) {
            this.suggested = c;
        }
    }
}
