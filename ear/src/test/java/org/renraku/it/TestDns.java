package org.renraku.it;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The tests' DNS server (ear/bin/testdns, dnsmasq) as a fixture: {@link #point} gives an MX host another loopback
 * address — it rewrites dnsmasq's addn-hosts file, sends dnsmasq SIGHUP (it re-reads the file) and waits until
 * the server answers with the new address; {@link #txt} publishes a TXT record — it rewrites the TXT file dnsmasq
 * includes ({@code txt-records.conf}), restarts dnsmasq ({@code ear/bin/testdns restart}: dnsmasq reads TXT records
 * only at start) and waits until the server answers with it; {@link #close} puts both files back as they were.
 * Answers have TTL 0, so the application's next lookup sees the change.
 */
public final class TestDns implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Path hosts;
    private final Path pidFile;
    private final String original;
    private final Map<String, String> originalAddresses = new LinkedHashMap<>();
    private final Path txtFile;
    private final String originalTxt;
    private final Map<String, String> txtRecords = new LinkedHashMap<>();
    private final Path servers;
    private final String originalServers;

    private TestDns() throws IOException {
        // in the container: found from the Payara instance; in a client-side (browser) test: from renraku.target
        String target = System.getProperty("renraku.target");
        hosts = target != null && Files.isRegularFile(Path.of(target, "infra/testdns/mx-hosts"))
                ? Path.of(target, "infra/testdns/mx-hosts") : Dkimpy.findUp("infra/testdns/mx-hosts");
        pidFile = hosts.resolveSibling("dnsmasq.pid");
        original = Files.readString(hosts, StandardCharsets.UTF_8);
        servers = hosts.resolveSibling("servers");
        originalServers = Files.exists(servers) ? Files.readString(servers, StandardCharsets.UTF_8) : "";
        txtFile = hosts.resolveSibling("txt-records.conf");
        originalTxt = Files.isRegularFile(txtFile) ? Files.readString(txtFile, StandardCharsets.US_ASCII) : null;
    }

    /**
     * From now on the names under each of {@code domains} that the test DNS does not answer itself (e.g. TXT
     * records of renraku.test, whose MX it does answer) are asked of the DNS server on 127.0.0.1:{@code port}
     * (dnsmasq's servers-file); {@code probe} is a name that server answers, awaited through the test DNS.
     */
    public TestDns forward(int port, String probe, String... domains) throws IOException, InterruptedException {
        if (!Files.exists(servers)) {
            throw new IllegalStateException("The test DNS has no servers-file (" + servers
                    + "): restart it with the current ear/bin/testdns");
        }
        StringBuilder lines = new StringBuilder();
        for (String d : domains) {
            lines.append("server=/").append(d).append("/127.0.0.1#").append(port).append('\n');
        }
        Files.writeString(servers, lines, StandardCharsets.UTF_8);
        reload();
        Instant deadline = Instant.now().plus(WAIT);
        while (!answers(probe)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The test DNS does not forward " + probe + " to port " + port);
            }
            Thread.sleep(50);
        }
        return this;
    }

    private static boolean answers(String name) throws IOException {
        String servers = System.getenv().getOrDefault("RENRAKU_DNS_SERVERS", "127.0.0.1:5353");
        String first = servers.split(",")[0].strip();
        SimpleResolver resolver = new SimpleResolver(InetAddress.getByName(first.substring(0, first.lastIndexOf(':'))));
        resolver.setPort(Integer.parseInt(first.substring(first.lastIndexOf(':') + 1)));
        Lookup lookup = new Lookup(Name.fromString(name + "."), Type.TXT);
        lookup.setResolver(resolver);
        lookup.setCache(null);
        Record[] answer = lookup.run();
        return answer != null && answer.length > 0;
    }

    /**
     * From now on {@code name} has one TXT record, {@code value} (split into strings of at most 255 characters, as
     * a DNS zone holds a long DKIM key record); null: no TXT record any more. Replaces what this fixture published
     * for the name before.
     */
    public TestDns txt(String name, String value) throws IOException, InterruptedException {
        if (originalTxt == null) {
            throw new IllegalStateException("The test DNS publishes no TXT records of tests: no " + txtFile
                    + " (started by an older ear/bin/testdns?)");
        }
        if (value != null && !value.matches("[\\x20-\\x7e&&[^\"\\\\]]*")) {
            throw new IllegalArgumentException("A test TXT record is printable ASCII without quotes or backslashes: " + value);
        }
        String key = name.toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", "");
        if (value == null) {
            txtRecords.remove(key);
        } else {
            txtRecords.put(key, value);
        }
        StringBuilder conf = new StringBuilder(originalTxt);
        for (Map.Entry<String, String> e : txtRecords.entrySet()) {
            conf.append("txt-record=").append(e.getKey());
            String v = e.getValue();
            for (int i = 0; i < v.length() || i == 0; i += 255) {
                conf.append(",\"").append(v, i, Math.min(v.length(), i + 255)).append('"');
            }
            conf.append('\n');
        }
        Files.writeString(txtFile, conf.toString(), StandardCharsets.US_ASCII);
        restart();
        awaitTxt(key, value);
        return this;
    }

    /** The TXT records the test DNS server gives for {@code name} now (each record's strings joined). */
    public static List<String> resolveTxt(String name) throws IOException {
        Lookup lookup = new Lookup(Name.fromString(name + "."), Type.TXT);
        lookup.setResolver(testResolver());
        lookup.setCache(null);
        Record[] answer = lookup.run();
        List<String> out = new ArrayList<>();
        if (answer != null) {
            for (Record r : answer) {
                out.add(String.join("", ((org.xbill.DNS.TXTRecord) r).getStrings()));
            }
        }
        return out;
    }

    private void restart() throws IOException, InterruptedException {
        Path script = Dkimpy.findUp("ear/bin/testdns");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "restart").redirectErrorStream(true);
        pb.environment().put("RENRAKU_TARGET", hosts.getParent().getParent().getParent().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("ear/bin/testdns restart failed: " + out);
        }
    }

    private static void awaitTxt(String name, String value) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        List<String> now;
        // a server still starting answers nothing: the wait goes on
        while (!(now = resolveTxt(name)).equals(value == null ? List.of() : List.of(value))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The test DNS still answers " + now + " for " + name + " TXT, not " + value);
            }
            Thread.sleep(50);
        }
    }

    private static SimpleResolver testResolver() throws IOException {
        String servers = System.getenv().getOrDefault("RENRAKU_DNS_SERVERS", "127.0.0.1:5353");
        String first = servers.split(",")[0].strip();
        SimpleResolver resolver = new SimpleResolver(InetAddress.getByName(first.substring(0, first.lastIndexOf(':'))));
        resolver.setPort(Integer.parseInt(first.substring(first.lastIndexOf(':') + 1)));
        return resolver;
    }

    /** Starts changing the test DNS; {@link #close} undoes every change. */
    public static TestDns change() throws IOException {
        return new TestDns();
    }

    /** From now on {@code host} (an MX host, e.g. {@code mx1.docomo.test}) resolves to {@code address} (127.0.0.x). */
    public TestDns point(String host, String address) throws IOException, InterruptedException {
        if (!address.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            throw new IllegalArgumentException("Test MX hosts resolve to loopback addresses only: " + address);
        }
        List<String> lines = new ArrayList<>();
        boolean found = false;
        for (String line : Files.readAllLines(hosts, StandardCharsets.UTF_8)) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && f[1].equalsIgnoreCase(host)) {
                originalAddresses.putIfAbsent(host, f[0]);
                lines.add(address + " " + host);
                found = true;
            } else {
                lines.add(line);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("The test DNS knows no MX host " + host + " (see ear/bin/testdns)");
        }
        Files.write(hosts, lines, StandardCharsets.UTF_8);
        reload();
        awaitAnswer(host, address);
        return this;
    }

    /** The address the test DNS server gives for {@code host} now, or null. */
    public static String resolve(String host) throws IOException {
        String servers = System.getenv().getOrDefault("RENRAKU_DNS_SERVERS", "127.0.0.1:5353");
        String first = servers.split(",")[0].strip();
        SimpleResolver resolver = new SimpleResolver(InetAddress.getByName(first.substring(0, first.lastIndexOf(':'))));
        resolver.setPort(Integer.parseInt(first.substring(first.lastIndexOf(':') + 1)));
        Lookup lookup = new Lookup(Name.fromString(host + "."), Type.A);
        lookup.setResolver(resolver);
        lookup.setCache(null);
        Record[] answer = lookup.run();
        return answer == null || answer.length == 0 ? null : ((ARecord) answer[0]).getAddress().getHostAddress();
    }

    private void reload() throws IOException, InterruptedException {
        String pid = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
        Process kill = new ProcessBuilder("kill", "-HUP", pid).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -HUP " + pid + " (dnsmasq) failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void awaitAnswer(String host, String address) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        String now;
        while (!address.equals(now = resolve(host))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The test DNS still answers " + now + " for " + host + ", not " + address);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!txtRecords.isEmpty()) {
            Files.writeString(txtFile, originalTxt, StandardCharsets.US_ASCII);
            restart();
            for (String name : txtRecords.keySet()) {
                awaitTxt(name, null);
            }
        }
        Files.writeString(hosts, original, StandardCharsets.UTF_8);
        if (Files.exists(servers)) {
            Files.writeString(servers, originalServers, StandardCharsets.UTF_8);
        }
        reload();
        for (Map.Entry<String, String> e : originalAddresses.entrySet()) {
            awaitAnswer(e.getKey(), e.getValue());
        }
    }
}
