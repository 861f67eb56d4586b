package org.renraku.bounces.control;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code bin/classify-bounces FILE.eml…}: prints {@code file<TAB>recipient<TAB>kind<TAB>reason} for every
 * recipient of every file. A file that cannot be read gets one line with kind none and reason undefined, and a
 * message on standard error; the run goes on. With {@code --detail} first, each line also carries the status
 * code, the SMTP reply code, the SMTP command and the diagnostic text.
 */
public final class ClassifyBounces {

    private ClassifyBounces() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        if (args.length == 0) {
            System.err.println("usage: classify-bounces FILE.eml...");
            System.exit(2);
        }
        boolean detail = args[0].equals("--detail");
        if (detail) {
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        BounceClassifier classifier = new BounceClassifier();
        for (String file : args) {
            BounceReport report;
            try {
                report = classifier.classify(Files.readAllBytes(Path.of(file)));
            } catch (IOException | RuntimeException e) {
                report = BounceClassifier.unreadable(e.toString());
            }
            if (!report.readable()) {
                System.err.println("classify-bounces: " + file + ": " + report.problem());
            }
            for (BounceResult r : report.results()) {
                out.println(file + "\t" + r.recipient() + "\t" + r.kind().name().toLowerCase(Locale.ROOT) + "\t"
                        + r.reason() + (detail ? "\t" + r.status() + "\t" + r.replyCode() + "\t" + r.command() + "\t"
                        + r.diagnostic().replaceAll("\\s+", " ") : ""));
            }
        }
        out.flush();
    }
}
