package org.renraku.members.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.renraku.members.entity.MemberAttribute;

/**
 * What a checked CSV file would do, line by line, before the admin confirms: add a member (NEW), change an
 * existing member's name or attributes (UPDATE, with each changed field old → new), leave a member as it is
 * (UNCHANGED: every given cell equals what is stored), or nothing (REFUSED, with the reason of
 * {@link MemberCsv.Problem}). The preview shows it and the import applies exactly its NEW and UPDATE rows.
 */
public record ImportPlan(List<Row> rows, boolean clean) {

    public enum Outcome { NEW, UPDATE, UNCHANGED, REFUSED }

    /**
     * One line of the file. {@code line}: the CSV line of the valid lines (null for REFUSED); {@code changes}: the
     * changed fields of an UPDATE; {@code problem}: the refusal of a REFUSED line.
     */
    public record Row(int lineNumber, Outcome outcome, MemberCsv.Line line, List<MemberChanges.Change> changes,
                      MemberCsv.Problem problem) {
    }

    /** The rows in file order; {@code existing}: the network's members by lower-case address (as for the parse). */
    public static ImportPlan of(MemberCsv.Parsed parsed, Map<String, MemberCsv.Existing> existing,
                                List<MemberAttribute> definitions) {
        List<Row> rows = new ArrayList<>();
        for (MemberCsv.Line line : parsed.valid()) {
            if (!line.updates()) {
                rows.add(new Row(line.lineNumber(), Outcome.NEW, line, List.of(), null));
                continue;
            }
            MemberCsv.Existing before = existing.get(line.email().value());
            List<MemberChanges.Change> changes = MemberChanges.between(
                    MemberChanges.State.of(before.name(), before.attributes()),
                    MemberChanges.State.of(line.name(), line.attributes()), definitions);
            rows.add(new Row(line.lineNumber(), changes.isEmpty() ? Outcome.UNCHANGED : Outcome.UPDATE, line, changes,
                    null));
        }
        for (MemberCsv.Problem problem : parsed.problems()) {
            rows.add(new Row(problem.lineNumber(), Outcome.REFUSED, null, List.of(), problem));
        }
        rows.sort(Comparator.comparingInt(Row::lineNumber));
        return new ImportPlan(List.copyOf(rows), parsed.clean());
    }

    public long count(Outcome outcome) {
        return rows.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** The lines that change something: NEW and UPDATE, in file order. */
    public List<Row> changing() {
        return rows.stream().filter(r -> r.outcome() == Outcome.NEW || r.outcome() == Outcome.UPDATE).toList();
    }
}
