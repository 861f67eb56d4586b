package org.renraku.web.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.renraku.bounces.boundary.BounceSettings;
import org.renraku.bounces.boundary.CarrierRate;
import org.renraku.bounces.boundary.Hygiene;
import org.renraku.bounces.boundary.HygieneRow;
import org.renraku.bounces.boundary.TestMailResult;
import org.renraku.bounces.boundary.TestMailSettings;
import org.renraku.bounces.boundary.TestMailStarter;
import org.renraku.bounces.boundary.TestMails;
import org.renraku.bounces.control.TestMailCalendar;
import org.renraku.bounces.control.SoftBounceWindow;
import org.renraku.members.boundary.MemberAdministration;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/hygiene.xhtml} (配信エラー): the members who bounce, newest bounce first, with the reason, the
 * date and what the bounce policy did; reactivate a member suspended by bounces (the bounce suppression goes,
 * audited) or delete one; the network's bounce settings; bounce and complaint rates per carrier group over the
 * last 30 days as a Chart.js bar chart (PrimeFaces {@code p:chart}, configuration as JSON).
 */
@Named
@ViewScoped
public class HygieneView implements Serializable {

    private static final long serialVersionUID = 1L;
    /** The bundle's carrier-group names (carrierGroup.DOCOMO, …), shared with the broadcast progress page. */
    private static final String GROUP_LABEL = "carrierGroup.";

    @Inject
    ConsoleSession console;

    @Inject
    Hygiene hygiene;

    @Inject
    TestMails testMails;

    @Inject
    TestMailStarter testMailStarter;

    private List<HygieneRow> rows;
    private boolean testMailEnabled;
    private Integer testMailDay;
    private String testMailOnBounce;
    private TestMailResult lastTestMail;
    private java.time.Instant nextTestMail;
    private List<CarrierRate> rates;
    private boolean hardSuspends;
    private Integer softThreshold;
    private Integer softWindowDays;

    @PostConstruct
    void init() {
        BounceSettings settings = hygiene.settings(console.getNetworkId());
        hardSuspends = settings.hardSuspends();
        softThreshold = settings.softThreshold();
        softWindowDays = settings.softWindowDays();
        TestMailSettings test = testMails.settings(console.getNetworkId());
        testMailEnabled = test.enabled();
        testMailDay = test.day();
        testMailOnBounce = test.onBounce();
        refresh();
    }

    private void refresh() {
        rows = hygiene.rows(console.getNetworkId());
        rates = hygiene.rates(console.getNetworkId());
        lastTestMail = testMails.last(console.getNetworkId()).orElse(null);
        nextTestMail = testMails.next(console.getNetworkId()).orElse(null);
    }

    // --- the monthly test mail

    public void saveTestMail() {
        if (testMailDay == null || testMailDay < TestMailCalendar.MIN_DAY || testMailDay > TestMailCalendar.MAX_DAY) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "hygiene.testMail.invalid");
            return;
        }
        testMails.saveSettings(console.getNetworkId(), new TestMailSettings(testMailEnabled, testMailDay,
                "DELETE".equals(testMailOnBounce)), console.getUserId(), client());
        Messages.addGlobal(FacesMessage.SEVERITY_INFO, "hygiene.testMail.saved");
        refresh();
    }

    public void sendTestMailNow() {
        var claimed = testMailStarter.sendNow(console.getNetworkId(), console.getUserId(), client());
        if (claimed.isPresent() && claimed.get().broadcastId() != null) {
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "hygiene.testMail.started", claimed.get().recipients());
        } else {
            Messages.addGlobal(FacesMessage.SEVERITY_WARN, "hygiene.testMail.noRecipients");
        }
        refresh();
    }

    public void sendTestMailReport() {
        var listed = lastTestMail == null ? java.util.Optional.<Integer>empty()
                : testMails.report(console.getNetworkId(), lastTestMail.broadcastId(), true);
        if (listed.isPresent()) {
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "hygiene.testMail.reportSent", listed.get());
        } else {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "hygiene.testMail.reportNotReady");
        }
        refresh();
    }

    /** 「1日」 */
    public String dayLabel(int day) {
        return Messages.text("hygiene.testMail.dayOption", day);
    }

    /** The days the test mail can go on (1–28). */
    public List<Integer> getTestMailDays() {
        return java.util.stream.IntStream.rangeClosed(TestMailCalendar.MIN_DAY, TestMailCalendar.MAX_DAY).boxed().toList();
    }

    public void saveSettings() {
        if (softThreshold == null || softWindowDays == null
                || softThreshold < 1 || softThreshold > SoftBounceWindow.MAX_THRESHOLD
                || softWindowDays < 1 || softWindowDays > SoftBounceWindow.MAX_WINDOW_DAYS) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "hygiene.settings.invalid",
                    SoftBounceWindow.MAX_THRESHOLD, SoftBounceWindow.MAX_WINDOW_DAYS);
            return;
        }
        hygiene.saveSettings(console.getNetworkId(), new BounceSettings(hardSuspends, softThreshold, softWindowDays),
                console.getUserId(), client());
        Messages.addGlobal(FacesMessage.SEVERITY_INFO, "hygiene.settings.saved");
    }

    public void reactivate(long memberId) {
        Optional<HygieneRow> row = row(memberId);
        if (row.isPresent() && hygiene.reactivate(console.getNetworkId(), memberId, console.getUserId(), client())) {
            Messages.addGlobal(FacesMessage.SEVERITY_INFO, "hygiene.reactivated", row.get().name());
        } else {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "members.notFound");
        }
        refresh();
    }

    public void delete(long memberId) {
        Optional<HygieneRow> row = row(memberId);
        var result = row.isEmpty() ? MemberAdministration.Deletion.NOT_FOUND
                : hygiene.delete(console.getNetworkId(), memberId, console.getUserId(), client());
        switch (result) {
            case DELETED -> Messages.addGlobal(FacesMessage.SEVERITY_INFO, "members.deleted", row.get().name());
            case MARKED_LEFT -> Messages.addGlobal(FacesMessage.SEVERITY_INFO, "members.markedLeft", row.get().name());
            default -> Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "members.notFound");
        }
        refresh();
    }

    private Optional<HygieneRow> row(long memberId) {
        return rows.stream().filter(r -> r.memberId() == memberId).findFirst();
    }

    /**
     * The chart's Chart.js configuration: one bar per carrier group for the bounce rate and one for the complaint
     * rate, in percent. Labels come from the bundle; the numbers are ours — nothing typed by a user.
     */
    public String getChart() {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder bounce = Json.createArrayBuilder();
        JsonArrayBuilder complaint = Json.createArrayBuilder();
        for (CarrierRate r : rates) {
            labels.add(Messages.text(GROUP_LABEL + r.group().name()));
            bounce.add(r.bounceRate());
            complaint.add(r.complaintRate());
        }
        return Json.createObjectBuilder()
                .add("type", "bar")
                .add("data", Json.createObjectBuilder()
                        .add("labels", labels)
                        .add("datasets", Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("label", Messages.text("hygiene.chart.bounces"))
                                        .add("data", bounce).add("backgroundColor", "#c2410c"))
                                .add(Json.createObjectBuilder().add("label", Messages.text("hygiene.chart.complaints"))
                                        .add("data", complaint).add("backgroundColor", "#1d4ed8"))))
                .add("options", Json.createObjectBuilder()
                        .add("responsive", true)
                        .add("maintainAspectRatio", false)
                        .add("animation", false)
                        .add("scales", Json.createObjectBuilder()
                                .add("y", Json.createObjectBuilder().add("beginAtZero", true)
                                        .add("title", Json.createObjectBuilder().add("display", true)
                                                .add("text", Messages.text("hygiene.chart.axis"))))))
                .build().toString();
    }

    private static String client() {
        return ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest());
    }

    /** The carrier mark's classes, as in the member table. */
    public String badge(String carrier) {
        return MembersView.badgeClass(carrier);
    }

    public List<HygieneRow> getRows() { return rows; }
    public boolean isTestMailEnabled() { return testMailEnabled; }
    public void setTestMailEnabled(boolean testMailEnabled) { this.testMailEnabled = testMailEnabled; }
    public Integer getTestMailDay() { return testMailDay; }
    public void setTestMailDay(Integer testMailDay) { this.testMailDay = testMailDay; }
    public String getTestMailOnBounce() { return testMailOnBounce; }
    public void setTestMailOnBounce(String testMailOnBounce) { this.testMailOnBounce = testMailOnBounce; }
    public TestMailResult getLastTestMail() { return lastTestMail; }
    public java.time.Instant getNextTestMail() { return nextTestMail; }
    public List<CarrierRate> getRates() { return rates; }
    public boolean isHardSuspends() { return hardSuspends; }
    public void setHardSuspends(boolean hardSuspends) { this.hardSuspends = hardSuspends; }
    public Integer getSoftThreshold() { return softThreshold; }
    public void setSoftThreshold(Integer softThreshold) { this.softThreshold = softThreshold; }
    public Integer getSoftWindowDays() { return softWindowDays; }
    public void setSoftWindowDays(Integer softWindowDays) { this.softWindowDays = softWindowDays; }
}
