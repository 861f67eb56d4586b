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
 * the server answers with the new address; {@link #close} puts the file back as it was. Answers have TTL 0, so the
 * application's next lookup sees the change.
 */
public final class TestDns implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Path hosts;
    private final Path pidFile;
    private final String original;
    private final Map<String, String> originalAddresses = new LinkedHashMap<>();
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
