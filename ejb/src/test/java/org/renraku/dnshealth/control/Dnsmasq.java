package org.renraku.dnshealth.control;

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
 * A real DNS server for the tests: a private dnsmasq (the one ear/bin/testdns runs for the ITs) on a free loopback
 * port, answering only the lines of configuration it is given ({@code txt-record=…}, {@code mx-host=…},
 * {@code host-record=…}, {@code ptr-record=…}, {@code address=…}), everything else NXDOMAIN, TTL 0, nothing
 * forwarded. {@link #close} stops it.
 */
final class Dnsmasq implements AutoCloseable {

    private final Process process;
    private final Path dir;
    final int port;

    private Dnsmasq(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts dnsmasq with the records; returns once it answers. */
    static Dnsmasq serving(List<String> records, String probeName) throws Exception {
        String bin = Files.isExecutable(Path.of("/usr/sbin/dnsmasq")) ? "/usr/sbin/dnsmasq" : "dnsmasq";
        int port;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("dnshealth-dnsmasq");
        Path conf = dir.resolve("dnsmasq.conf");
        StringBuilder c = new StringBuilder()
                .append("port=").append(port).append('\n')
                .append("listen-address=127.0.0.1\nbind-interfaces\nno-resolv\nno-hosts\nlocal-ttl=0\n")
                .append("local=/#/\n")
                .append("user=").append(System.getProperty("user.name")).append('\n')
                .append("log-facility=").append(dir.resolve("dnsmasq.log")).append('\n');
        records.forEach(r -> c.append(r).append('\n'));
        Files.writeString(conf, c, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(bin, "--keep-in-foreground", "--conf-file=" + conf)
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
        Dnsmasq d = new Dnsmasq(p, dir, port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("dnsmasq (" + bin + ") did not start: "
                        + Files.readString(dir.resolve("stdout")));
            }
            Lookup l = new Lookup(Name.fromString(probeName + "."), Type.ANY);
            l.setResolver(d.resolver());
            l.setCache(null);
            l.run();
            if (l.getResult() == Lookup.SUCCESSFUL) {
                return d;
            }
            if (Instant.now().isAfter(deadline)) {
                d.close();
                throw new IllegalStateException("dnsmasq on port " + port + " does not answer for " + probeName);
            }
            Thread.sleep(50);
        }
    }

    SimpleResolver resolver() throws IOException {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        r.setTimeout(Duration.ofSeconds(3));
        return r;
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
