package org.renraku.members.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.renraku.members.boundary.MemberException;
import org.renraku.members.entity.Carrier;
import org.renraku.members.entity.EmailAddress;
import org.renraku.members.entity.MemberAttribute;
import org.renraku.platform.control.CsvCells;

/**
 * The member list as CSV, for Excel: export in UTF-8 with a byte order mark (Excel then reads it as UTF-8)
 * or in Windows-31J (MS932, what Japanese Excel writes by default: it has 髙 and 﨑, which Shift_JIS has
 * not); import of either (a UTF-8 BOM always wins over the admin's choice), checking every line.
 * <p>
 * Columns: 名前, メールアドレス, 携帯会社, 状態, then one per attribute, headed by its label. On import the
 * header decides which column is which ({@code name}/{@code email} in English work too); 携帯会社 and 状態
 * are ignored (the carrier comes from the address, imported members are active), an attribute column is
 * taken when its header is an attribute's label.
 * <p>
 * Attribute values are checked as an admin's entry is ({@link AttributeValues#clean}, admin-only attributes
 * included): a choice that is not one of the attribute's choices, a text that is too long or a required
 * attribute without a value (or without a column) refuses the line with a reason naming the attribute. A
 * multiple-choice cell lists its choices separated by 「、」, as the export writes them.
 * <p>
 * Every cell of the export is safe to open in Excel: one that could start a formula ({@code =}, {@code +},
 * {@code -}, {@code @}, tab, CR) gets a leading {@code '} ({@link CsvCells#neutralise}); the import removes that
 * one {@code '} again ({@link CsvCells#restore}), so a member named {@code -ハナ} survives export and import.
 */
public final class MemberCsv {

    public static final String NAME = "名前";
    public static final String EMAIL = "メールアドレス";
    public static final String CARRIER = "携帯会社";
    public static final String STATUS = "状態";
    public static final Charset WINDOWS_31J = Charset.forName("Windows-31J");
    static final int MAX_NAME = 100;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]");

    /** The two encodings the admin chooses from. */
    public enum Encoding {
        UTF_8(StandardCharsets.UTF_8), WINDOWS_31J(MemberCsv.WINDOWS_31J);

        public final Charset charset;

        Encoding(Charset charset) {
            this.charset = charset;
        }
    }

    /** One member to export; attribute values by label (a list of values already joined). */
    public record ExportRow(String name, String email, String carrier, String status, Map<String, String> attributes) {
    }

    /**
     * A valid line of an import: what becomes a member, or (when updating) what an existing member becomes;
     * attribute values checked, by attribute id. {@code memberId}: the existing member the line updates, null for
     * a new member.
     */
    public record Line(int lineNumber, String name, EmailAddress email, Carrier carrier,
                       Map<Long, List<String>> attributes, Long memberId) {

        /** A line that adds a member. */
        public Line(int lineNumber, String name, EmailAddress email, Carrier carrier,
                    Map<Long, List<String>> attributes) {
            this(lineNumber, name, email, carrier, attributes, null);
        }

        public boolean updates() {
            return memberId != null;
        }
    }

    /** A member already in the network, as an update by CSV reads it: name and attribute values by id. */
    public record Existing(long id, String name, Map<Long, List<String>> attributes) {
    }

    /** Why a line was refused; {@code reason} is a bundle key ({@code csv.error.*}), {@code details} its arguments. */
    public record Problem(int lineNumber, String reason, List<String> details) {

        public Problem {
            details = List.copyOf(details);
        }

        Problem(int lineNumber, String reason, String... details) {
            this(lineNumber, reason, List.of(details));
        }

        /** The first argument, or "". */
        public String detail() {
            return details.isEmpty() ? "" : details.get(0);
        }
    }

    /** The separator of the choices in a multiple-choice cell (what the export writes). */
    public static final String LIST_SEPARATOR = "、";
    /** How many of an attribute's choices a refusal lists. */
    static final int CHOICES_SHOWN = 10;

    /** The preview of an import: the lines that would become members and the refused ones. */
    public record Parsed(List<Line> valid, List<Problem> problems, Charset charset) {
        public boolean clean() {
            return problems.isEmpty();
        }
    }

    private MemberCsv() {
    }

    public static byte[] export(List<ExportRow> rows, List<String> attributeLabels, Encoding encoding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (encoding == Encoding.UTF_8) {
                out.write(BOM);
            }
            Writer writer = new OutputStreamWriter(out, encoding.charset.newEncoder()
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).onMalformedInput(CodingErrorAction.REPLACE));
            try (CSVPrinter printer = new CSVPrinter(writer, CSVFormat.EXCEL)) {
                List<String> header = new ArrayList<>(List.of(NAME, EMAIL, CARRIER, STATUS));
                header.addAll(attributeLabels);
                printer.printRecord(safe(header));
                for (ExportRow row : rows) {
                    List<String> cells = new ArrayList<>(List.of(row.name(), row.email(), row.carrier(), row.status()));
                    for (String label : attributeLabels) {
                        cells.add(row.attributes() == null ? "" : row.attributes().getOrDefault(label, ""));
                    }
                    printer.printRecord(safe(cells));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads and checks an upload. {@code existing}: the addresses (lower case) already in the network;
     * {@code attributes}: the network's attribute definitions. An undecodable file gives one problem on line 0
     * and no valid line.
     */
    public static Parsed parse(byte[] data, Encoding chosen, Set<String> existing, List<MemberAttribute> attributes) {
        return parse(data, chosen, existing, null, attributes);
    }

    /**
     * Reads and checks an upload that may update existing members (「既存の会員を更新する」): a line whose address is
     * one of {@code existing} (keys: addresses in lower case) is not refused but becomes that member's new state.
     * <b>A blank cell, or a missing column, leaves the member's value unchanged</b> — a file with only 名前 and
     * メールアドレス renames without touching attributes, and an empty cell never erases a value by accident (a
     * value is removed on the member's edit page). So for an update the name may be blank; a given cell is checked
     * as for a new member; a required attribute is not asked for again (what the member lacks stays lacking). The
     * values of attributes without a given cell are kept as stored. Lines of new addresses are checked as by
     * {@link #parse(byte[], Encoding, Set, List)}.
     */
    public static Parsed parseForUpdate(byte[] data, Encoding chosen, Map<String, Existing> existing,
                                        List<MemberAttribute> attributes) {
        return parse(data, chosen, existing.keySet(), existing, attributes);
    }

    private static Parsed parse(byte[] data, Encoding chosen, Set<String> existing, Map<String, Existing> updatable,
                                List<MemberAttribute> attributes) {
        Charset charset = chosen.charset;
        int offset = 0;
        if (data.length >= 3 && data[0] == BOM[0] && data[1] == BOM[1] && data[2] == BOM[2]) {
            charset = StandardCharsets.UTF_8;
            offset = 3;
        }
        String text;
        try {
            text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, offset, data.length - offset)).toString();
        } catch (CharacterCodingException e) {
            return new Parsed(List.of(), List.of(new Problem(0, "csv.error.encoding", charset.name())), charset);
        }
        List<Line> valid = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        try (CSVParser parser = CSVFormat.EXCEL.builder().setIgnoreEmptyLines(true).get().parse(new StringReader(text))) {
            Iterator<CSVRecord> records = parser.iterator();
            long lineBefore = 0;
            if (!records.hasNext()) {
                return new Parsed(List.of(), List.of(new Problem(1, "csv.error.header", "")), charset);
            }
            CSVRecord header = records.next();
            lineBefore = parser.getCurrentLineNumber();
            int nameColumn = -1;
            int emailColumn = -1;
            Map<MemberAttribute, Integer> attributeColumns = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String h = CsvCells.restore(header.get(i).strip());
                String lower = h.toLowerCase(Locale.ROOT);
                if (h.equals(NAME) || lower.equals("name") || h.equals("氏名")) {
                    nameColumn = i;
                } else if (h.equals(EMAIL) || lower.equals("email") || lower.equals("e-mail") || h.equals("アドレス")) {
                    emailColumn = i;
                } else {
                    for (MemberAttribute a : attributes) {
                        if (a.label().equals(h)) {
                            attributeColumns.putIfAbsent(a, i);
                        }
                    }
                }
            }
            if (nameColumn < 0 || emailColumn < 0) {
                return new Parsed(List.of(), List.of(new Problem(1, "csv.error.header", NAME + ", " + EMAIL)), charset);
            }
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException broken) {
                    problems.add(new Problem((int) lineBefore + 1, "csv.error.syntax", ""));
                    break;
                }
                int line = (int) lineBefore + 1;
                lineBefore = parser.getCurrentLineNumber();
                String name = cell(record, nameColumn);
                String rawEmail = cell(record, emailColumn);
                if (name.isBlank() && rawEmail.isBlank() && blank(record)) {
                    continue;
                }
                name = CsvCells.restore(name.strip());
                rawEmail = CsvCells.restore(rawEmail.strip());
                Existing current = updatable == null || !EmailAddress.isValid(rawEmail) ? null
                        : updatable.get(EmailAddress.of(rawEmail).value());
                if (name.isEmpty() && current != null) {
                    name = current.name(); // a blank cell leaves the name unchanged
                }
                if (name.isEmpty()) {
                    problems.add(new Problem(line, "csv.error.nameRequired", ""));
                    continue;
                }
                if (CONTROL.matcher(name).find()) {
                    problems.add(new Problem(line, "csv.error.nameControl", ""));
                    continue;
                }
                if (name.codePointCount(0, name.length()) > MAX_NAME) {
                    problems.add(new Problem(line, "csv.error.nameTooLong", String.valueOf(MAX_NAME)));
                    continue;
                }
                if (rawEmail.isEmpty()) {
                    problems.add(new Problem(line, "csv.error.emailRequired", ""));
                    continue;
                }
                if (!EmailAddress.isValid(rawEmail)) {
                    problems.add(new Problem(line, "csv.error.emailInvalid", rawEmail));
                    continue;
                }
                EmailAddress email = EmailAddress.of(rawEmail);
                Integer first = seen.putIfAbsent(email.value(), line);
                if (first != null) {
                    problems.add(new Problem(line, "csv.error.duplicateInFile", String.valueOf(first)));
                    continue;
                }
                if (current == null && existing.contains(email.value())) {
                    problems.add(new Problem(line, "csv.error.exists", email.value()));
                    continue;
                }
                if (current != null) {
                    Map<Long, List<String>> given = new HashMap<>();
                    attributeColumns.forEach((a, column) -> {
                        List<String> v = split(a, cell(record, column));
                        if (!v.isEmpty()) {
                            given.put(a.id(), v);
                        }
                    });
                    List<MemberAttribute> touched = attributes.stream().filter(a -> given.containsKey(a.id())).toList();
                    Map<Long, List<String>> cleaned;
                    try {
                        cleaned = AttributeValues.clean(touched, given, Map.of(), false);
                    } catch (MemberException refused) {
                        problems.add(attributeProblem(line, refused, attributes, given));
                        continue;
                    }
                    Map<Long, List<String>> merged = new LinkedHashMap<>();
                    for (MemberAttribute a : attributes) {
                        List<String> v = given.containsKey(a.id()) ? cleaned.get(a.id()) : current.attributes().get(a.id());
                        if (v != null && !v.isEmpty()) {
                            merged.put(a.id(), v);
                        }
                    }
                    valid.add(new Line(line, name, email, CarrierClassifier.classify(email), merged, current.id()));
                    continue;
                }
                Map<Long, List<String>> submitted = new HashMap<>();
                attributeColumns.forEach((a, column) -> submitted.put(a.id(), split(a, cell(record, column))));
                Map<Long, List<String>> values;
                try {
                    values = AttributeValues.clean(attributes, submitted, Map.of(), false);
                } catch (MemberException refused) {
                    problems.add(attributeProblem(line, refused, attributes, submitted));
                    continue;
                }
                valid.add(new Line(line, name, email, CarrierClassifier.classify(email), values));
            }
        } catch (IOException | UncheckedIOException e) {
            problems.add(new Problem(0, "csv.error.syntax", ""));
        }
        return new Parsed(valid, problems, charset);
    }

    /** A cell as the values of its attribute: a multiple choice is split at 「、」. */
    private static List<String> split(MemberAttribute a, String cell) {
        String v = CsvCells.restore(cell.strip());
        if (v.isEmpty()) {
            return List.of();
        }
        if (a.kind() != MemberAttribute.Kind.MULTI) {
            return List.of(v);
        }
        List<String> values = new ArrayList<>();
        for (String one : v.split(LIST_SEPARATOR)) {
            if (!one.isBlank()) {
                values.add(one.strip());
            }
        }
        return values;
    }

    /**
     * The refusal of {@link AttributeValues#clean} as a line's problem: {@code csv.error.attributeRequired}
     * (label), {@code csv.error.attributeInvalid} (label, the value given, the first choices) or
     * {@code csv.error.attributeTooLong} (label, limit).
     */
    private static Problem attributeProblem(int line, MemberException refused, List<MemberAttribute> attributes,
                                            Map<Long, List<String>> submitted) {
        Object[] args = refused.arguments();
        String label = args.length > 0 ? String.valueOf(args[0]) : "";
        MemberAttribute a = attributes.stream().filter(d -> d.label().equals(label)).findFirst().orElse(null);
        return switch (refused.key()) {
            case MemberException.ATTRIBUTE_REQUIRED -> new Problem(line, "csv.error.attributeRequired", label);
            case MemberException.ATTRIBUTE_TOO_LONG -> new Problem(line, "csv.error.attributeTooLong", label,
                    String.valueOf(AttributeValues.TEXT_MAX));
            default -> {
                List<String> given = a == null ? List.of() : submitted.getOrDefault(a.id(), List.of());
                List<String> choices = a == null ? List.of() : a.choices();
                String wrong = given.stream().filter(v -> !choices.contains(v)).findFirst()
                        .orElse(String.join(LIST_SEPARATOR, given));
                String shown = String.join(LIST_SEPARATOR, choices.subList(0, Math.min(CHOICES_SHOWN, choices.size())))
                        + (choices.size() > CHOICES_SHOWN ? LIST_SEPARATOR + "…" : "");
                yield new Problem(line, "csv.error.attributeInvalid", label, wrong, shown);
            }
        };
    }

    /** The cells as written: none of them can start a formula in a spreadsheet ({@link CsvCells#neutralise}). */
    private static List<String> safe(List<String> cells) {
        return cells.stream().map(CsvCells::neutralise).toList();
    }

    private static String cell(CSVRecord record, int column) {
        return column < record.size() ? record.get(column) : "";
    }

    private static boolean blank(CSVRecord record) {
        for (String v : record) {
            if (!v.isBlank()) {
                return false;
            }
        }
        return true;
    }
}
