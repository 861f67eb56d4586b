package org.renraku.it;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A DNS server of a test's own: a private dnsmasq on a free loopback port answering only the configuration lines it
 * is given ({@code txt-record=…}, {@code ptr-record=…}, {@code address=…}), everything else NXDOMAIN, TTL 0. The
 * application reaches it through the test DNS ({@link TestDns#forward}). {@link #close} stops it.
 */
public final class ZoneServer implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;

    private ZoneServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** Starts dnsmasq serving {@code records}; returns once it answers the TXT record {@code probe}. */
    public static ZoneServer serving(List<String> records, String probe) throws Exception {
        String bin = Files.isExecutable(Path.of("/usr/sbin/dnsmasq")) ? "/usr/sbin/dnsmasq" : "dnsmasq";
        int port;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("zone-dnsmasq");
        StringBuilder c = new StringBuilder("port=" + port + "\nlisten-address=127.0.0.1\nbind-interfaces\n"
                + "no-resolv\nno-hosts\nlocal-ttl=0\nlocal=/#/\nuser=" + System.getProperty("user.name") + "\n");
        records.forEach(r -> c.append(r).append('\n'));
        Path conf = dir.resolve("dnsmasq.conf");
        Files.writeString(conf, c, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(bin, "--keep-in-foreground", "--conf-file=" + conf).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out").toFile()).start();
        ZoneServer z = new ZoneServer(p, dir, port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!z.answers(probe)) {
            if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                String out = Files.readString(dir.resolve("out"));
                z.close();
                throw new IllegalStateException("dnsmasq (" + bin + ") on port " + port + " does not answer " + probe
                        + ": " + out);
            }
            Thread.sleep(50);
        }
        return z;
    }

    private boolean answers(String name) throws IOException {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        r.setTimeout(Duration.ofSeconds(1));
        Lookup l = new Lookup(Name.fromString(name + "."), Type.TXT);
        l.setResolver(r);
        l.setCache(null);
        l.run();
        return l.getResult() == Lookup.SUCCESSFUL;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
