package org.renraku.web.operator;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJBException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.renraku.notices.boundary.Notices;
import org.renraku.notices.entity.Notice;
import org.renraku.web.i18n.Formats;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.OperatorSession;

/**
 * The operator's notices on the login page, {@code /operator/notices.xhtml} (the seed's 「Gmail正常化しました」):
 * every notice, newest first, with whether it is shown now; a form to post one; withdrawal.
 * <p>
 * Times are entered and shown in Japan's time zone ({@link Formats#ZONE}), whatever zone the server or
 * the operator's browser is in: the date pickers hold a {@link LocalDateTime} that this bean reads as
 * Tokyo time.
 */
@Named
@ViewScoped
public class OperatorNoticesView implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(OperatorNoticesView.class.getName());

    /** Client ids of the form and of its fields that the bean's own checks speak about. */
    static final String FORM = "post";
    static final String TITLE = FORM + ":title";
    static final String BODY = FORM + ":body";
    static final String UNTIL = FORM + ":until";

    /** Longest title and body the form accepts (the entity's limits). */
    public static final int TITLE_MAX_LENGTH = 200;
    public static final int BODY_MAX_LENGTH = 20_000;

    @Inject
    Notices notices;

    @Inject
    OperatorSession operator;

    @Inject
    Clock clock;

    private List<Notice> all;

    private String title;
    private String body;
    private Notice.Severity severity = Notice.Severity.INFO;
    private LocalDateTime shownFrom;
    private LocalDateTime shownUntil;

    @PostConstruct
    void init() {
        all = notices.all();
        shownFrom = LocalDateTime.ofInstant(clock.instant(), Formats.ZONE).truncatedTo(ChronoUnit.MINUTES);
    }

    public String post() {
        if (title == null || title.isBlank()) {
            Messages.add(TITLE, FacesMessage.SEVERITY_ERROR, "operator.notices.error.blank");
            return null;
        }
        if (body == null || body.isBlank()) {
            Messages.add(BODY, FacesMessage.SEVERITY_ERROR, "operator.notices.error.blank");
            return null;
        }
        Instant from = shownFrom == null ? null : shownFrom.atZone(Formats.ZONE).toInstant();
        Instant until = shownUntil == null ? null : shownUntil.atZone(Formats.ZONE).toInstant();
        Instant effectiveFrom = from == null ? clock.instant() : from;
        if (until != null && !until.isAfter(effectiveFrom)) {
            Messages.add(UNTIL, FacesMessage.SEVERITY_ERROR, "operator.notices.error.untilBeforeFrom");
            return null;
        }
        try {
            notices.post(title, body, severity, from, until, operator.getOperatorId(), operator.getUserId(),
                    clientAddress());
        } catch (EJBException e) {
            LOG.log(Level.WARNING, "Posting a notice failed", e);
            Messages.add(FORM, FacesMessage.SEVERITY_ERROR, "operator.error.unexpected");
            return null;
        }
        return done("operator.notices.posted", title.strip());
    }

    public String withdraw(long noticeId) {
        String withdrawn = all.stream().filter(n -> n.id() == noticeId).map(Notice::title).findFirst().orElse("");
        try {
            notices.withdraw(noticeId, operator.getUserId(), clientAddress());
        } catch (EJBException e) {
            LOG.log(Level.WARNING, "Withdrawing notice " + noticeId + " failed", e);
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "operator.error.unexpected");
            return null;
        }
        return done("operator.notices.withdrawn", withdrawn);
    }

    /** Bundle key of where a notice stands now: scheduled, shown, or ended. */
    public String statusKey(Notice notice) {
        Instant now = clock.instant();
        if (notice.shownFrom().isAfter(now)) {
            return "operator.notices.status.scheduled";
        }
        if (notice.shownUntil() != null && !notice.shownUntil().isAfter(now)) {
            return "operator.notices.status.ended";
        }
        return "operator.notices.status.shown";
    }

    /** A notice that has not ended can be withdrawn. */
    public boolean withdrawable(Notice notice) {
        return notice.shownUntil() == null || notice.shownUntil().isAfter(clock.instant());
    }

    public List<Notice.Severity> getSeverities() {
        return List.of(Notice.Severity.values());
    }

    private String done(String key, String argument) {
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
        Messages.addGlobal(FacesMessage.SEVERITY_INFO, key, argument);
        return "/operator/notices.xhtml?faces-redirect=true";
    }

    private static String clientAddress() {
        return ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest());
    }

    public List<Notice> getAll() { return all; }
    public int getTitleMaxLength() { return TITLE_MAX_LENGTH; }
    public int getBodyMaxLength() { return BODY_MAX_LENGTH; }

    public String getTitle() { return title; }
    public void setTitle(String title) { this.title = title; }
    public String getBody() { return body; }
    public void setBody(String body) { this.body = body; }
    public Notice.Severity getSeverity() { return severity; }
    public void setSeverity(Notice.Severity severity) { this.severity = severity; }
    public LocalDateTime getShownFrom() { return shownFrom; }
    public void setShownFrom(LocalDateTime shownFrom) { this.shownFrom = shownFrom; }
    public LocalDateTime getShownUntil() { return shownUntil; }
    public void setShownUntil(LocalDateTime shownUntil) { this.shownUntil = shownUntil; }
}
