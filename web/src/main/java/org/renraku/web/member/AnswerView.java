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
import org.renraku.broadcasts.entity.AnswerKind;
import org.renraku.broadcasts.entity.Survey;
import org.renraku.web.i18n.LocaleView;
import org.renraku.web.i18n.Messages;

/**
 * {@code /member/answer.xhtml?t=<delivery token>&c=<n>}, the personal answer link of a broadcast's mail:
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

    @Inject
    LocaleView localeView;

    private String token;
    private Integer suggested;
    private Answers.Question question;
    private boolean recorded;

    /** One button of the page. */
    public record Option(int number, String text, boolean current, boolean suggested) implements Serializable {
    }

    /** One question of a survey as the member's form edits it: the choice(s) as numbers in text, or the text. */
    public static class Field implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int number;
        private final Survey.Question question;
        private String single;
        private List<String> many = new ArrayList<>();
        private String text;

        Field(int number, Survey.Question question, Survey.Value value) {
            this.number = number;
            this.question = question;
            if (value.text() != null) {
                text = value.text();
            }
            value.choices().forEach(c -> many.add(Integer.toString(c)));
            single = value.choices().isEmpty() ? null : Integer.toString(value.choices().get(0));
        }

        Survey.Value value() {
            return switch (question.kind()) {
                case SINGLE -> new Survey.Value(single == null || single.isBlank() ? List.of()
                        : List.of(number(single)), null);
                case MULTIPLE -> new Survey.Value(many == null ? List.of()
                        : many.stream().map(Field::number).toList(), null);
                case TEXT -> new Survey.Value(List.of(), text);
            };
        }

        private static int number(String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                return -1; // refused by the boundary as no choice of the question
            }
        }

        /** The choices as (value, label) pairs for the radio buttons and check boxes: "1".. and the text. */
        public List<Choice> getOptions() {
            List<Choice> out = new ArrayList<>();
            for (int i = 0; i < question.choices().size(); i++) {
                out.add(new Choice(Integer.toString(i + 1), question.choices().get(i)));
            }
            return out;
        }

        public int getNumber() { return number; }
        public String getQuestionText() { return question.text(); }
        public String getKind() { return question.kind().name(); }
        public boolean isRequired() { return question.required(); }
        public String getSingle() { return single; }
        public void setSingle(String single) { this.single = single; }
        public List<String> getMany() { return many; }
        public void setMany(List<String> many) { this.many = many == null ? new ArrayList<>() : new ArrayList<>(many); }
        public String getText() { return text; }
        public void setText(String text) { this.text = text; }
    }

    /** One choice of a survey question: its number as text (the form's value) and its text. */
    public record Choice(String value, String label) implements Serializable {
    }

    /** A question and the member's current answer to it ("" when left out). */
    public record SurveyRow(String question, String answer) implements Serializable {
    }

    private List<Field> fields = List.of();

    public void load() {
        question = token == null ? null : answers.question(token).orElse(null);
        if (question != null) {
            answers.memberLanguage(token).ifPresent(l -> localeView.followMember(l.locale()));
        }
        fields = fieldsOf(question);
    }

    private static List<Field> fieldsOf(Answers.Question q) {
        List<Field> out = new ArrayList<>();
        if (q != null && q.kind() == AnswerKind.SURVEY) {
            for (int i = 0; i < q.questions().size(); i++) {
                out.add(new Field(i + 1, q.questions().get(i), q.values().get(i)));
            }
        }
        return out;
    }

    /** Records the survey form as this member's answer; on a refusal the message shows and the input stays. */
    public void submitSurvey() {
        if (question == null) {
            return;
        }
        try {
            question = answers.answerSurvey(token, fields.stream().map(Field::value).toList());
            fields = fieldsOf(question);
            recorded = true;
        } catch (AnswerException refused) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, refused.key(), (Object[]) refused.arguments());
        }
    }

    public boolean isSurvey() {
        return question != null && question.kind() == AnswerKind.SURVEY;
    }

    public List<Field> getFields() { return fields; }

    /** The member's current survey answers, question by question as text (several choices joined with " / "). */
    public List<SurveyRow> getSurveyAnswers() {
        List<SurveyRow> out = new ArrayList<>();
        if (isSurvey() && question.answered()) {
            for (int i = 0; i < question.questions().size(); i++) {
                Survey.Question q = question.questions().get(i);
                out.add(new SurveyRow(q.text(), Survey.display(q, question.values().get(i))));
            }
        }
        return out;
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
        if (isSurvey()) {
            return Messages.text("survey.member.answered");
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
