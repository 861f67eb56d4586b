package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.renraku.delivery.boundary.BroadcastStarter;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.primefaces.event.FileUploadEvent;
import org.renraku.answers.boundary.AnswerException;
import org.renraku.answers.boundary.Answers;
import org.renraku.answers.boundary.Resends;
import org.renraku.answers.control.ResendDelays;
import org.renraku.broadcasts.entity.AnswerChoices;
import org.renraku.broadcasts.entity.AnswerKind;
import org.renraku.broadcasts.entity.Survey;
import org.primefaces.model.file.UploadedFile;
import org.renraku.broadcasts.boundary.BroadcastException;
import org.renraku.archive.boundary.Archive;
import org.renraku.broadcasts.boundary.Broadcasts;
import org.renraku.broadcasts.control.RecipientFilter;
import org.renraku.broadcasts.entity.MailCharset;
import org.renraku.broadcasts.entity.RepeatRule;
import org.renraku.broadcasts.control.MessageComposer;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/compose.xhtml}: the admin writes a broadcast (subject, text, optionally an HTML part — sanitised
 * by the boundary, the preview shows it so —, charset, sender name, Reply-To, attachments), chooses the recipients
 * ({@link TargetingView}: attributes, carriers, answer status, hand-picked members, saved groups, a live count),
 * previews the message in a phone-width frame for a sample member, sends a test to their own address, and sends now or at a set time. Each action saves the draft first, so nothing typed is lost; the
 * rules are the boundary's ({@link Broadcasts}), whose refusals show as bundle messages next to the field.
 */
@Named
@ViewScoped
public class ComposeView implements Serializable {

    private static final Logger LOG = Logger.getLogger(ComposeView.class.getName());

    private static final long serialVersionUID = 1L;
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Inject
    ConsoleSession console;

    @Inject
    Broadcasts broadcasts;

    @Inject
    BroadcastStarter starter;

    @Inject
    Answers answers;

    @Inject
    Archive archive;

    @Inject
    Resends resends;

    @Inject
    TargetingView targeting;

    private Long id;
    private String subject;
    private String text;
    private boolean htmlEnabled;
    private String html;
    private MailCharset charset = MailCharset.UTF_8;
    private String fromName;
    private String replyTo;
    private final List<Broadcasts.Upload> attachments = new ArrayList<>();
    private LocalDateTime sendAt;
    private boolean repeatMonthly;
    private int repeatDay = 1;
    private int repeatHour = 9;
    private int repeatMinute;
    private AnswerKind answerKind = AnswerKind.NONE;
    private boolean customChoices;
    private String answerChoices;
    private LocalDateTime answerDeadline;
    private String resendDelays = ResendDelays.display(ResendDelays.DEFAULT);
    private Broadcasts.Preview preview;
    /** Public in the members' archive (バックナンバー): the network's default for a new broadcast. */
    private boolean archivePublic;
    /** 緊急配信: ahead of every normal broadcast to each carrier, no quiet minutes after the hour. */
    private boolean urgent;
    /** The second check that sending or scheduling an urgent broadcast asks for. */
    private boolean urgentConfirmed;

    @PostConstruct
    void init() {
        fromName = console.getNetworkName();
        archivePublic = archive.settings(console.getNetworkId()).publicByDefault();
    }

    // --- target: the recipients are TargetingView's

    RecipientFilter filter() {
        return targeting.filter();
    }

    // --- attachments

    public void upload(FileUploadEvent event) {
        UploadedFile file = event.getFile();
        try {
            broadcasts.checkAttachment(file.getFileName(), file.getSize()); // before reading a large file
        } catch (BroadcastException e) {
            Messages.add("compose-form:attachments", FacesMessage.SEVERITY_ERROR, e.key(), (Object[]) e.arguments());
            return;
        }
        Broadcasts.Upload u = new Broadcasts.Upload(file.getFileName(),
                file.getContentType() == null ? "application/octet-stream" : file.getContentType(), file.getContent());
        List<Broadcasts.Upload> next = new ArrayList<>(attachments);
        next.add(u);
        try {
            broadcasts.checkAttachments(next);
            attachments.add(u);
            Messages.add("compose-form:attachments", FacesMessage.SEVERITY_INFO, "broadcast.compose.attachmentAdded",
                    u.fileName());
        } catch (BroadcastException e) {
            Messages.add("compose-form:attachments", FacesMessage.SEVERITY_ERROR, e.key(), (Object[]) e.arguments());
        }
    }

    public void removeAttachment(int index) {
        if (index >= 0 && index < attachments.size()) {
            attachments.remove(index);
        }
    }

    // --- actions

    Broadcasts.Draft draft() {
        return new Broadcasts.Draft(id, subject, text, charset, fromName, replyTo, filter(), targeting.getGroupId(), attachments,
                htmlEnabled ? html : null);
    }

    /** Saves the draft; false (with the message shown) when refused. */
    private boolean saved() {
        questions.forEach(QuestionForm::clearErrors);
        try {
            id = broadcasts.save(console.getNetworkId(), console.getAdminId(), draft());
            archive.setPublic(console.getNetworkId(), id, archivePublic, console.getUserId(),
                    ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext()
                            .getRequest()));
        } catch (BroadcastException e) {
            Messages.add(fieldOf(e.key()), FacesMessage.SEVERITY_ERROR, e.key(), (Object[]) e.arguments());
            return false;
        }

        try {
            answers.configure(console.getNetworkId(), id, answerKind, getChoiceList(), surveyQuestions(),
                    answerDeadline == null ? null : answerDeadline.atZone(TOKYO).toInstant());
            resends.configure(console.getNetworkId(), id, resendDelays);
            return true;
        } catch (AnswerException e) {
            if (besideQuestion(e)) {
                return false;
            }
            String field = answerFieldOf(e.key());
            Messages.add(field, FacesMessage.SEVERITY_ERROR, e.key(), (Object[]) e.arguments());
            return false;
        }
    }

    public void save() {
        if (saved()) {
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "broadcast.compose.saved");
        }
    }

    public void preview() {
        if (saved()) {
            preview = broadcasts.preview(console.getNetworkId(), draft());
        }
    }

    public void testSend() {
        if (saved()) {
            preview = broadcasts.preview(console.getNetworkId(), draft());
            try {
                String to = broadcasts.testSend(console.getNetworkId(), console.getAdminId(), id);
                Messages.addGlobal(FacesMessage.SEVERITY_INFO, "broadcast.compose.testSent", to);
            } catch (BroadcastException e) {
                Messages.addGlobal(FacesMessage.SEVERITY_ERROR, e.key(), (Object[]) e.arguments());
            }
        }
    }

    /**
     * Sends now, or at {@link #sendAt} when one is chosen, then the progress page; or, with 「毎月」 chosen, saves it
     * as a monthly repeating broadcast (day 1–28 or 末日, hour and minute, Asia/Tokyo) and shows the history.
     */
    public String send() {
        if (!urgentReady() || !saved() || !markedUrgent()) {
            return null;
        }
        RepeatRule repeat = null;
        if (repeatMonthly) {
            try {
                repeat = RepeatRule.monthly(repeatDay, repeatHour, repeatMinute);
            } catch (RuntimeException e) {
                Messages.add("compose-form:repeatDay", FacesMessage.SEVERITY_ERROR, BroadcastException.REPEAT);
                return null;
            }
        }
        try {
            broadcasts.schedule(console.getNetworkId(), id,
                    sendAt == null || repeat != null ? null : sendAt.atZone(TOKYO).toInstant(), repeat,
                    console.getUserId(), ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance()
                            .getExternalContext().getRequest()));
        } catch (BroadcastException e) {
            Messages.add(fieldOf(e.key()), FacesMessage.SEVERITY_ERROR, e.key(), (Object[]) e.arguments());
            return null;
        }
        if (repeat != null) {
            return "/console/broadcasts.xhtml?faces-redirect=true";
        }
        if (sendAt == null) {
            try {
                // now: start at once rather than at the sweep's next minute; a failed start is left to the sweep
                starter.start(console.getNetworkId(), id, console.getUserId());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Broadcast " + id + " could not be started now; the delivery sweep will", e);
            }
        }
        return "/console/broadcast.xhtml?faces-redirect=true&id=" + id;
    }

    /** Client id of the 緊急配信 checkbox and of its confirmation. */
    static final String URGENT = "compose-form:urgent";
    static final String URGENT_CONFIRMED = "compose-form:urgentConfirmed";

    /**
     * False (with the message at the confirmation) when 緊急配信 is chosen but its confirmation is not checked:
     * an urgent broadcast jumps ahead of every other network's mail, so it is never sent by a slip of the finger.
     */
    boolean urgentReady() {
        if (urgent && !urgentConfirmed) {
            Messages.add(URGENT_CONFIRMED, FacesMessage.SEVERITY_ERROR, BroadcastException.URGENT_NOT_CONFIRMED);
            return false;
        }
        return true;
    }

    /**
     * Stores the 緊急配信 choice on the saved draft just before it is sent or scheduled (audited by the boundary
     * when it changes); false, with the boundary's reason at the checkbox, when refused (no longer a draft).
     */
    private boolean markedUrgent() {
        try {
            broadcasts.markUrgent(console.getNetworkId(), id, urgent, console.getUserId(),
                    ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext()
                            .getRequest()));
            return true;
        } catch (BroadcastException e) {
            Messages.add(URGENT, FacesMessage.SEVERITY_ERROR, e.key(), (Object[]) e.arguments());
            return false;
        }
    }

    /** Sends now, whatever time or repeat was chosen. */
    public String sendNow() {
        sendAt = null;
        repeatMonthly = false;
        return send();
    }

    /** The field a refusal belongs to (global messages for the rest). */
    static String fieldOf(String key) {
        return switch (key) {
            case BroadcastException.SUBJECT -> "compose-form:subject";
            case BroadcastException.BODY -> "compose-form:body";
            case BroadcastException.FROM_NAME -> "compose-form:fromName";
            case BroadcastException.REPLY_TO -> "compose-form:replyTo";
            case BroadcastException.ATTACHMENTS_TOO_LARGE, BroadcastException.ATTACHMENT_TOO_LARGE,
                    BroadcastException.ATTACHMENT_INVALID ->
                    "compose-form:attachments";
            case BroadcastException.PAST -> "compose-form:sendAt";
            case BroadcastException.NO_RECIPIENTS, BroadcastException.FILTER -> "compose-form:count";
            default -> null;
        };
    }

    // --- the page's values

    /** True when ISO-2022-JP is chosen but the text will go out in UTF-8. */
    public boolean isCharsetWarning() {
        return charset == MailCharset.ISO_2022_JP && !MessageComposer.fitsIso2022Jp(subject, text, fromName,
                htmlEnabled ? html : null);
    }

    public long getAttachmentLimitKb() {
        return broadcasts.attachmentLimit() / 1024;
    }

    /** 1–28, then {@link RepeatRule#LAST_DAY} for 末日 (a 29th–31st would skip or shift in short months). */
    public List<Integer> getRepeatDays() {
        List<Integer> days = new ArrayList<>();
        for (int d = 1; d <= 28; d++) {
            days.add(d);
        }
        days.add(RepeatRule.LAST_DAY);
        return days;
    }

    public List<Integer> getRepeatHours() {
        List<Integer> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            hours.add(h);
        }
        return hours;
    }

    public List<Integer> getRepeatMinutes() {
        List<Integer> minutes = new ArrayList<>();
        for (int m = 0; m < 60; m += 5) {
            minutes.add(m);
        }
        return minutes;
    }

    public List<MailCharset> getCharsets() {
        return Arrays.asList(MailCharset.values());
    }

    public Long getId() { return id; }

    // --- answers: none, a read confirmation, or choices (○×未定 or one a line, at most 10), a deadline

    public List<AnswerKind> getAnswerKinds() {
        return List.of(AnswerKind.NONE, AnswerKind.CONFIRM, AnswerKind.CHOICE, AnswerKind.SURVEY);
    }
    public AnswerKind getAnswerKind() { return answerKind; }
    public void setAnswerKind(AnswerKind answerKind) { this.answerKind = answerKind == null ? AnswerKind.NONE : answerKind; }
    public boolean isCustomChoices() { return customChoices; }
    public void setCustomChoices(boolean customChoices) { this.customChoices = customChoices; }
    public String getAnswerChoices() { return answerChoices; }
    public void setAnswerChoices(String answerChoices) { this.answerChoices = answerChoices; }
    public LocalDateTime getAnswerDeadline() { return answerDeadline; }
    public void setAnswerDeadline(LocalDateTime answerDeadline) { this.answerDeadline = answerDeadline; }
    public String getResendDelays() { return resendDelays; }
    public void setResendDelays(String resendDelays) { this.resendDelays = resendDelays; }
    public int getMaxResends() { return ResendDelays.MAX; }
    public String getPresetChoices() { return String.join(" / ", AnswerChoices.PRESET); }
    public int getMaxChoices() { return AnswerChoices.MAX; }

    // --- the survey (アンケート): 1-10 questions, each a text, a kind, choices one a line, required or not

    /** One question as the compose form edits it. */
    public static class QuestionForm implements Serializable {
        private static final long serialVersionUID = 1L;
        private String text;
        private Survey.Kind kind = Survey.Kind.SINGLE;
        private String choices;
        private boolean required;
        /** The refusal of this question's text or choices, shown beside the field, or null. */
        private String textError;
        private String choicesError;

        public String getTextError() { return textError; }
        public String getChoicesError() { return choicesError; }

        void clearErrors() {
            textError = null;
            choicesError = null;
        }

        public String getText() { return text; }
        public void setText(String text) { this.text = text; }
        public Survey.Kind getKind() { return kind; }
        public void setKind(Survey.Kind kind) { this.kind = kind == null ? Survey.Kind.SINGLE : kind; }
        public String getChoices() { return choices; }
        public void setChoices(String choices) { this.choices = choices; }
        public boolean isRequired() { return required; }
        public void setRequired(boolean required) { this.required = required; }

        Survey.Question question() {
            return new Survey.Question(text, kind, AnswerChoices.lines(choices), required);
        }
    }

    private final List<QuestionForm> questions = new ArrayList<>(List.of(new QuestionForm()));

    public List<QuestionForm> getQuestions() { return questions; }
    public List<Survey.Kind> getQuestionKinds() { return Arrays.asList(Survey.Kind.values()); }
    public int getMaxQuestions() { return Survey.MAX_QUESTIONS; }
    public boolean isQuestionsFull() { return questions.size() >= Survey.MAX_QUESTIONS; }

    public void addQuestion() {
        if (!isQuestionsFull()) {
            questions.add(new QuestionForm());
        }
    }

    public void removeQuestion(int index) {
        if (index >= 0 && index < questions.size() && questions.size() > 1) {
            questions.remove(index);
        }
    }

    /** The survey's questions as entered (blank trailing ones left out), for {@link Answers#configure}. */
    List<Survey.Question> surveyQuestions() {
        if (answerKind != AnswerKind.SURVEY) {
            return List.of();
        }
        List<Survey.Question> out = new ArrayList<>();
        for (QuestionForm f : questions) {
            Survey.Question q = f.question();
            if (!q.text().isEmpty() || !q.choices().isEmpty()) {
                out.add(q);
            }
        }
        return out;
    }

    /**
     * A refused survey: the refusal goes beside the question's text or choices — numbered as the form
     * numbers its questions (the boundary counts only the questions entered) — and, as a summary, at the top; the
     * editor keeps everything entered. False for any other refusal.
     */
    private boolean besideQuestion(AnswerException e) {
        String[] args = e.arguments();
        if (answerKind != AnswerKind.SURVEY || !e.key().startsWith(SURVEY_REFUSAL) || args == null || args.length == 0) {
            return false;
        }
        int entered;
        try {
            entered = Integer.parseInt(args[0]);
        } catch (NumberFormatException notANumber) {
            return false;
        }
        int index = formIndexOf(entered);
        String[] shown = args.clone();
        shown[0] = Integer.toString(index + 1);
        String text = Messages.text(e.key(), (Object[]) shown);
        QuestionForm q = questions.get(index);
        if (e.key().contains(".choice")) {
            q.choicesError = text;
        } else {
            q.textError = text;
        }
        Messages.addGlobal(FacesMessage.SEVERITY_ERROR, e.key(), (Object[]) shown);
        return true;
    }

    static final String SURVEY_REFUSAL = "answer.error.survey.";

    /**
     * The form's index of the {@code entered}-th question that was entered (1-based; 0 — a refusal of the whole
     * survey — gives the first), as {@link #surveyQuestions} leaves blank ones out.
     */
    int formIndexOf(int entered) {
        int seen = 0;
        for (int i = 0; i < questions.size(); i++) {
            Survey.Question q = questions.get(i).question();
            if (!q.text().isEmpty() || !q.choices().isEmpty()) {
                seen++;
                if (seen == entered) {
                    return i;
                }
            }
        }
        return 0;
    }

    /** The field an answer refusal belongs to (a global message for the rest). */
    static String answerFieldOf(String key) {
        return switch (key) {
            case AnswerException.DEADLINE_PAST -> "compose-form:answerDeadline";
            case Resends.DELAYS_INVALID -> "compose-form:resendDelays";
            case AnswerException.CHOICES_NONE, AnswerException.CHOICES_TOO_MANY, AnswerException.CHOICES_TOO_LONG,
                    AnswerException.CHOICES_DUPLICATE -> "compose-form:answerChoices";
            default -> null;
        };
    }

    /** The choices the admin chose: the preset, or the lines of the text area. */
    List<String> getChoiceList() {
        return customChoices ? AnswerChoices.lines(answerChoices) : AnswerChoices.PRESET;
    }
    public boolean isUrgent() { return urgent; }
    public void setUrgent(boolean urgent) { this.urgent = urgent; }
    public boolean isUrgentConfirmed() { return urgentConfirmed; }
    public void setUrgentConfirmed(boolean urgentConfirmed) { this.urgentConfirmed = urgentConfirmed; }
    public boolean isArchivePublic() { return archivePublic; }
    public void setArchivePublic(boolean archivePublic) { this.archivePublic = archivePublic; }
    public String getSubject() { return subject; }
    public void setSubject(String subject) { this.subject = subject; }
    public String getText() { return text; }
    public void setText(String text) { this.text = text; }
    public boolean isHtmlEnabled() { return htmlEnabled; }
    public void setHtmlEnabled(boolean htmlEnabled) { this.htmlEnabled = htmlEnabled; }
    public String getHtml() { return html; }
    public void setHtml(String html) { this.html = html; }
    public MailCharset getCharset() { return charset; }
    public void setCharset(MailCharset charset) { this.charset = charset == null ? MailCharset.UTF_8 : charset; }
    public String getFromName() { return fromName; }
    public void setFromName(String fromName) { this.fromName = fromName; }
    public String getReplyTo() { return replyTo; }
    public void setReplyTo(String replyTo) { this.replyTo = replyTo; }
    public List<Broadcasts.Upload> getAttachments() { return attachments; }
    public LocalDateTime getSendAt() { return sendAt; }
    public void setSendAt(LocalDateTime sendAt) { this.sendAt = sendAt; }
    public boolean isRepeatMonthly() { return repeatMonthly; }
    public void setRepeatMonthly(boolean repeatMonthly) { this.repeatMonthly = repeatMonthly; }
    public int getRepeatDay() { return repeatDay; }
    public void setRepeatDay(int repeatDay) { this.repeatDay = repeatDay; }
    public int getRepeatHour() { return repeatHour; }
    public void setRepeatHour(int repeatHour) { this.repeatHour = repeatHour; }
    public int getRepeatMinute() { return repeatMinute; }
    public void setRepeatMinute(int repeatMinute) { this.repeatMinute = repeatMinute; }
    public Broadcasts.Preview getPreview() { return preview; }
}
