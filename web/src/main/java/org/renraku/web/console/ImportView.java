package org.renraku.web.console;

import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.primefaces.model.file.UploadedFile;
import org.renraku.members.boundary.AttributeValues;
import org.renraku.members.boundary.MemberAdministration;
import org.renraku.members.boundary.MemberAttributes;
import org.renraku.members.boundary.MemberDirectory;
import org.renraku.members.control.ImportPlan;
import org.renraku.members.control.MemberChanges;
import org.renraku.members.control.MemberCsv;
import org.renraku.members.entity.MemberAttribute;
import org.renraku.web.i18n.Messages;
import org.renraku.web.security.ClientAddress;
import org.renraku.web.security.ConsoleSession;

/**
 * {@code /console/import.xhtml}: members from a CSV file. The admin chooses the encoding (Windows-31J, what
 * Japanese Excel writes, or UTF-8; a UTF-8 byte order mark always wins) and uploads; the page previews every
 * line (the members to add, and each refused line with its number and reason). Confirming checks the file
 * again against the members of that moment; a file with refused lines changes nothing unless the admin
 * ticks 「正しい行だけ取り込む」. Only the bytes of the file are kept in the view, never entities.
 * <p>
 * 「既存の会員を更新する」 ({@link #isUpdating}): a line whose address is a member updates that member
 * (blank cells leave values unchanged, {@link MemberCsv#parseForUpdate}); the preview lists every line as new,
 * update (each changed field old → new), unchanged or refused ({@link ImportPlan}), and confirming checks the file
 * again and applies it ({@link MemberAdministration#importUpdating}).
 * <p>
 * The file's size is checked here ({@link #MAX_BYTES}, a clear message): PrimeFaces 15's {@code p:fileUpload}
 * has no {@code sizeLimit} attribute any more (it moved to {@code p:validateFile}), and setting it made the
 * page fail to build — the 500 page this view once answered.
 */
@Named
@ViewScoped
public class ImportView implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The largest file accepted (the servlet's multipart limit in web.xml is above it, so this check speaks). */
    static final long MAX_BYTES = 5L * 1024 * 1024;

    @Inject
    ConsoleSession console;

    @Inject
    MemberDirectory directory;

    @Inject
    MemberAdministration administration;

    @Inject
    MemberAttributes attributes;

    private transient UploadedFile file;
    private MemberCsv.Encoding encoding = MemberCsv.Encoding.WINDOWS_31J;
    private boolean onlyValid;
    private byte[] data;
    private String fileName;
    private List<PreviewRow> valid = List.of();
    private List<PreviewRow> problems = List.of();
    private String charset;
    private transient List<MemberAttribute> definitions = List.of();
    /** 「既存の会員を更新する」: lines of existing addresses update those members. */
    private boolean updating;
    private List<PlanRow> plan = List.of();
    private long newCount;
    private long updateCount;
    private long unchangedCount;
    private long refusedCount;

    /**
     * A line of the preview of an update: its outcome ({@code NEW}, {@code UPDATE}, {@code UNCHANGED},
     * {@code REFUSED}), and for an update each changed field as 「学年: 1年 → 2年」, for a refusal the reason.
     */
    public record PlanRow(int line, String outcome, String name, String email, List<String> changes, String reason)
            implements Serializable {
        public int getLine() { return line; }
        public String getOutcome() { return outcome; }
        public String getName() { return name; }
        public String getEmail() { return email; }
        public List<String> getChanges() { return changes; }
        public String getReason() { return reason; }
    }

    /** A line of the preview (a member to add, or a refused line with its reason in the page's language). */
    public record PreviewRow(int line, String name, String email, String carrier, String attributes, String reason)
            implements Serializable {
        public int getLine() { return line; }
        public String getName() { return name; }
        public String getEmail() { return email; }
        public String getCarrier() { return carrier; }
        public String getAttributes() { return attributes; }
        public String getReason() { return reason; }
    }

    public String upload() {
        if (file == null || file.getSize() == 0) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "csv.noFile");
            return null;
        }
        if (file.getSize() > MAX_BYTES) {
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "csv.tooLarge", MAX_BYTES / (1024 * 1024));
            return null;
        }
        data = file.getContent();
        fileName = file.getFileName();
        if (updating) {
            previewPlan(checkPlan());
        } else {
            preview(check());
        }
        return null;
    }

    public String confirm() {
        if (data == null) {
            return null;
        }
        if (updating) {
            return confirmPlan();
        }
        MemberCsv.Parsed parsed = check();
        int added = administration.importMembers(console.getNetworkId(), parsed, onlyValid, console.getUserId(),
                ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest()));
        if (added == MemberAdministration.REFUSED) {
            preview(parsed);
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "csv.refused", parsed.problems().size());
            return null;
        }
        Messages.addGlobal(FacesMessage.SEVERITY_INFO, "csv.imported", added);
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
        return "/console/members?faces-redirect=true";
    }

    public String cancel() {
        data = null;
        fileName = null;
        valid = List.of();
        problems = List.of();
        plan = List.of();
        return null;
    }

    /** Confirms an update: the file is checked again against the members of this moment, then applied. */
    private String confirmPlan() {
        ImportPlan checked = checkPlan();
        MemberAdministration.ImportResult result = administration.importUpdating(console.getNetworkId(), checked,
                onlyValid, console.getUserId(),
                ClientAddress.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest()));
        if (!result.applied()) {
            previewPlan(checked);
            Messages.addGlobal(FacesMessage.SEVERITY_ERROR, "csv.refused", result.refused());
            return null;
        }
        Messages.addGlobal(FacesMessage.SEVERITY_INFO, "csv.update.done", result.added(), result.updated(),
                result.unchanged());
        FacesContext.getCurrentInstance().getExternalContext().getFlash().setKeepMessages(true);
        return "/console/members?faces-redirect=true";
    }

    private ImportPlan checkPlan() {
        long network = console.getNetworkId();
        definitions = attributes.list(network);
        Map<String, MemberCsv.Existing> existing = directory.importTargets(network);
        return ImportPlan.of(MemberCsv.parseForUpdate(data, encoding, existing, definitions), existing, definitions);
    }

    private void previewPlan(ImportPlan checked) {
        charset = null;
        newCount = checked.count(ImportPlan.Outcome.NEW);
        updateCount = checked.count(ImportPlan.Outcome.UPDATE);
        unchangedCount = checked.count(ImportPlan.Outcome.UNCHANGED);
        refusedCount = checked.count(ImportPlan.Outcome.REFUSED);
        String none = Messages.text("csv.update.none");
        plan = checked.rows().stream().map(r -> r.outcome() == ImportPlan.Outcome.REFUSED
                ? new PlanRow(r.lineNumber(), r.outcome().name(), null, null, List.of(),
                        Messages.text(r.problem().reason(), r.problem().details().toArray()))
                : new PlanRow(r.lineNumber(), r.outcome().name(), r.line().name(), r.line().email().value(),
                        r.changes().stream().map(c -> changeText(c, none, Messages::text)).toList(), null)).toList();
    }

    /** 「学年: 1年 → 2年」; the field's name in the page's language, an empty value as 「(なし)」. */
    static String changeText(MemberChanges.Change change, String none, java.util.function.UnaryOperator<String> text) {
        return MemberEditView.fieldName(change, text) + ": " + (change.before() == null || change.before().isEmpty()
                ? none : change.before()) + " → " + (change.after() == null || change.after().isEmpty()
                ? none : change.after());
    }

    private MemberCsv.Parsed check() {
        long network = console.getNetworkId();
        definitions = attributes.list(network);
        return MemberCsv.parse(data, encoding, directory.existingEmails(network), definitions);
    }

    private void preview(MemberCsv.Parsed parsed) {
        charset = parsed.charset().name();
        Map<Long, String> labels = new LinkedHashMap<>();
        definitions.forEach(a -> labels.put(a.id(), a.label()));
        valid = parsed.valid().stream().map(l -> new PreviewRow(l.lineNumber(), l.name(), l.email().value(),
                l.carrier().name(), attributeText(l.attributes(), labels), null)).toList();
        problems = parsed.problems().stream().map(p -> new PreviewRow(p.lineNumber(), null, null, null, null,
                Messages.text(p.reason(), p.details().toArray()))).toList();
    }

    /** 「学年: 1年 / 部活: 野球、吹奏楽」 in the order of the definitions. */
    static String attributeText(Map<Long, List<String>> values, Map<Long, String> labels) {
        return labels.entrySet().stream().filter(e -> values.containsKey(e.getKey()))
                .map(e -> e.getValue() + ": " + String.join(AttributeValues.LIST_SEPARATOR, values.get(e.getKey())))
                .collect(Collectors.joining(" / "));
    }

    public MemberCsv.Encoding[] getEncodings() { return MemberCsv.Encoding.values(); }
    public boolean isPreviewing() { return data != null; }
    public boolean isUpdating() { return updating; }
    public void setUpdating(boolean updating) { this.updating = updating; }
    public List<PlanRow> getPlan() { return plan; }
    public long getNewCount() { return newCount; }
    public long getUpdateCount() { return updateCount; }
    public long getUnchangedCount() { return unchangedCount; }
    public long getRefusedCount() { return refusedCount; }
    /** Whether confirming would change anything (a new or an updated member). */
    public boolean isPlanChanges() { return newCount + updateCount > 0; }
    public UploadedFile getFile() { return file; }
    public void setFile(UploadedFile file) { this.file = file; }
    public MemberCsv.Encoding getEncoding() { return encoding; }
    public void setEncoding(MemberCsv.Encoding encoding) { this.encoding = encoding; }
    public boolean isOnlyValid() { return onlyValid; }
    public void setOnlyValid(boolean onlyValid) { this.onlyValid = onlyValid; }
    public String getFileName() { return fileName; }
    public String getCharset() { return charset; }
    public List<PreviewRow> getValid() { return valid; }
    public List<PreviewRow> getProblems() { return problems; }
}
