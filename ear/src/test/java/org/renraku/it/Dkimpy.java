package org.renraku.it;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An independent DKIM verifier for the ITs: dkimpy (Debian {@code python3-dkim}) through the ejb module's
 * {@code src/test/resources/dkim/verify.py}, with the TXT record given instead of a DNS lookup.
 */
public final class Dkimpy {

    private Dkimpy() {
    }

    /** dkimpy's verdict ({@code dkim=pass} when good) on the message as received. */
    public static String verify(String selector, String domain, String txt, byte[] message) throws Exception {
        Path script = findUp("ejb/src/test/resources/dkim/verify.py");
        Path record = Files.createTempFile("dkim", ".txt");
        try {
            Files.writeString(record, txt, StandardCharsets.US_ASCII);
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), selector, domain, record.toString())
                    .redirectErrorStream(true).start();
            p.getOutputStream().write(message);
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } finally {
            Files.deleteIfExists(record);
        }
    }

    /** The repository file {@code relative}, found from the Payara instance (which lives under ear/target). */
    static Path findUp(String relative) {
        File dir = new File(System.getProperty("com.sun.aas.instanceRoot", ".")).getAbsoluteFile();
        while (dir != null) {
            File f = new File(dir, relative);
            if (f.isFile()) {
                return f.toPath();
            }
            dir = dir.getParentFile();
        }
        throw new AssertionError("No " + relative + " above " + System.getProperty("com.sun.aas.instanceRoot"));
    }
}
