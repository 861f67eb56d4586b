package org.renraku.it;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small SMTP server for fault injection, on a loopback port of its own: it counts connections and the messages
 * each carried, keeps every accepted message (envelope and bytes as received), and answers RCPT TO with what the
 * script says for that recipient (null: 250). Enough SMTP for Jakarta Mail: EHLO/HELO, MAIL, RCPT, DATA, RSET,
 * NOOP, QUIT.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    /** One accepted message: its connection (from 1), the envelope, the bytes of DATA. */
    record Received(int connection, String mailFrom, String rcptTo, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.ISO_8859_1);
        }
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Function<String, String> rcptScript;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Integer> messagesPerConnection = Collections.synchronizedList(new ArrayList<>());
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentHashMap<String, AtomicInteger> rcptAttempts = new ConcurrentHashMap<>();
    private volatile long delayPerMessageMillis;

    ScriptedSmtpServer(Function<String, String> rcptScript) throws IOException {
        this.rcptScript = rcptScript;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::acceptLoop);
    }

    int port() { return server.getLocalPort(); }
    int connections() { return connections.get(); }
    List<Integer> messagesPerConnection() { synchronized (messagesPerConnection) { return List.copyOf(messagesPerConnection); } }
    List<Received> received() { synchronized (received) { return List.copyOf(received); } }
    int rcptAttempts(String address) { AtomicInteger n = rcptAttempts.get(address); return n == null ? 0 : n.get(); }
    void delayPerMessage(long millis) { this.delayPerMessageMillis = millis; }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                int n = connections.incrementAndGet();
                messagesPerConnection.add(0);
                threads.submit(() -> serve(s, n));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
             OutputStream out = socket.getOutputStream()) {
            reply(out, "220 scripted.renraku.test ESMTP");
            String from = null;
            String rcpt = null;
            String line;
            while ((line = in.readLine()) != null) {
                String upper = line.toUpperCase();
                if (upper.startsWith("EHLO")) {
                    reply(out, "250-scripted.renraku.test\r\n250-8BITMIME\r\n250 SMTPUTF8");
                } else if (upper.startsWith("HELO")) {
                    reply(out, "250 scripted.renraku.test");
                } else if (upper.startsWith("MAIL FROM:")) {
                    from = address(line.substring(10));
                    rcpt = null;
                    reply(out, "250 2.1.0 ok");
                } else if (upper.startsWith("RCPT TO:")) {
                    String to = address(line.substring(8));
                    rcptAttempts.computeIfAbsent(to, k -> new AtomicInteger()).incrementAndGet();
                    String scripted = rcptScript.apply(to);
                    if (scripted == null) {
                        rcpt = to;
                        reply(out, "250 2.1.5 ok");
                    } else {
                        reply(out, scripted);
                    }
                } else if (upper.equals("DATA")) {
                    if (rcpt == null) {
                        reply(out, "554 5.5.1 no valid recipients");
                        continue;
                    }
                    reply(out, "354 go ahead");
                    ByteArrayOutputStream data = new ByteArrayOutputStream();
                    String l;
                    while ((l = in.readLine()) != null && !l.equals(".")) {
                        data.writeBytes((l.startsWith("..") ? l.substring(1) : l).getBytes(StandardCharsets.ISO_8859_1));
                        data.writeBytes(new byte[] {'\r', '\n'});
                    }
                    if (delayPerMessageMillis > 0) {
                        Thread.sleep(delayPerMessageMillis);
                    }
                    received.add(new Received(connection, from, rcpt, data.toByteArray()));
                    synchronized (messagesPerConnection) {
                        messagesPerConnection.set(connection - 1, messagesPerConnection.get(connection - 1) + 1);
                    }
                    reply(out, "250 2.0.0 queued as " + connection + "." + received.size());
                    from = null;
                    rcpt = null;
                } else if (upper.equals("RSET")) {
                    from = null;
                    rcpt = null;
                    reply(out, "250 2.0.0 ok");
                } else if (upper.equals("NOOP")) {
                    reply(out, "250 2.0.0 ok");
                } else if (upper.equals("QUIT")) {
                    reply(out, "221 2.0.0 bye");
                    return;
                } else {
                    reply(out, "502 5.5.2 not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String address(String arg) {
        String a = arg.strip();
        int lt = a.indexOf('<');
        int gt = a.indexOf('>');
        return lt >= 0 && gt > lt ? a.substring(lt + 1, gt) : a.split(" ")[0];
    }

    private static void reply(OutputStream out, String text) {
        try {
            out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
