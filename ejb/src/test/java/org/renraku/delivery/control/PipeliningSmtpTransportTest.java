package org.renraku.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PipeliningSmtpTransport} against a server on a socket that behaves as Postfix does with PIPELINING: it
 * answers the commands it has read only when DATA (or a command that must be answered at once) arrives — so a
 * client that waited for the MAIL reply before writing RCPT would never get one, and the read timeout fails the
 * test. Without PIPELINING announced the server answers each command at once and the client must wait.
 */
class PipeliningSmtpTransportTest {

    private static final String BODY = "Subject: test\r\n\r\n.a line starting with a dot\r\nbye\r\n";

    private ScriptedServer server;
    private PipeliningSmtpTransport transport;

    @AfterEach
    void close() throws Exception {
        if (transport != null && transport.isConnected()) {
            transport.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sendsMailRcptAndDataInOneRoundTripWhenTheServerAnnouncesPipelining() throws Exception {
        server = new ScriptedServer(true, List.of(reply("250 2.1.0 ok", "250 2.1.5 ok", "354 go", "250 2.0.0 queued")));
        connect();

        send("bounce+abc@renraku.test", "taro@docomo.ne.jp");

        assertThat(transport.getLastReturnCode()).isEqualTo(250);
        assertThat(transport.getLastServerResponse()).contains("queued");
        assertThat(server.commands()).containsSubsequence("MAIL FROM:<bounce+abc@renraku.test>",
                "RCPT TO:<taro@docomo.ne.jp>", "DATA", "..a line starting with a dot", ".");
        assertThat(server.answeredTogether()).containsExactly(List.of("MAIL", "RCPT", "DATA"));
    }

    @Test
    void aRefusedRecipientIsAnAddressFailureWithItsReplyAndTheTransactionIsReset() throws Exception {
        server = new ScriptedServer(true, List.of(
                reply("250 2.1.0 ok", "550 5.1.1 <nobody@docomo.ne.jp>: Recipient address rejected", "554 5.5.1 no valid recipients"),
                reply("250 2.1.0 ok", "250 2.1.5 ok", "354 go", "250 2.0.0 queued")));
        connect();

        assertThatThrownBy(() -> send("bounce+a@renraku.test", "nobody@docomo.ne.jp"))
                .isInstanceOfSatisfying(SendFailedException.class, e -> {
                    assertThat(e.getNextException()).isInstanceOfSatisfying(SMTPAddressFailedException.class, a -> {
                        assertThat(a.getReturnCode()).isEqualTo(550);
                        assertThat(a.getMessage()).contains("5.1.1").contains("Recipient address rejected");
                        assertThat(a.getAddress().getAddress()).isEqualTo("nobody@docomo.ne.jp");
                    });
                    assertThat(e).isNotInstanceOf(SMTPSendFailedException.class);
                });
        assertThat(server.commands()).contains("RSET");

        send("bounce+b@renraku.test", "taro@docomo.ne.jp"); // the connection is clean for the next one
        assertThat(transport.getLastReturnCode()).isEqualTo(250);
    }

    @Test
    void aRefusedSenderIsASendFailureWithItsCodeAndText() throws Exception {
        server = new ScriptedServer(true, List.of(
                reply("421 4.7.0 Too many connections, try later", "503 5.5.1 need MAIL", "503 5.5.1 need RCPT"),
                reply("250 2.1.0 ok", "250 2.1.5 ok", "354 go", "250 2.0.0 queued")));
        connect();

        assertThatThrownBy(() -> send("bounce+a@renraku.test", "taro@docomo.ne.jp"))
                .isInstanceOfSatisfying(SMTPSendFailedException.class, e -> {
                    assertThat(e.getReturnCode()).isEqualTo(421);
                    assertThat(e.getMessage()).contains("4.7.0 Too many connections");
                });
        assertThat(server.commands()).doesNotContain("RSET"); // no transaction was opened

        send("bounce+b@renraku.test", "taro@docomo.ne.jp");
        assertThat(transport.getLastReturnCode()).isEqualTo(250);
    }

    @Test
    void aServerThatTakesDataWithoutARecipientGetsAnEmptyMessagesEndAndTheRefusalStands() throws Exception {
        server = new ScriptedServer(true, List.of(
                reply("250 ok", "550 5.1.1 unknown user", "354 go", "554 5.5.1 no recipients"),
                reply("250 ok", "250 ok", "354 go", "250 2.0.0 queued")));
        connect();

        assertThatThrownBy(() -> send("bounce+a@renraku.test", "nobody@au.com"))
                .isInstanceOfSatisfying(SendFailedException.class, e -> assertThat(
                        ((SMTPAddressFailedException) e.getNextException()).getReturnCode()).isEqualTo(550));
        assertThat(server.commands()).containsSubsequence("DATA", ".", "RSET");

        send("bounce+b@renraku.test", "taro@au.com");
        assertThat(transport.getLastReturnCode()).isEqualTo(250);
    }

    @Test
    void aRefusedDataIsAngusOwnSendFailure() throws Exception {
        server = new ScriptedServer(true, List.of(
                reply("250 ok", "250 ok", "451 4.3.0 try again later"),
                reply("250 ok", "250 ok", "354 go", "250 2.0.0 queued")));
        connect();

        assertThatThrownBy(() -> send("bounce+a@renraku.test", "taro@softbank.ne.jp"))
                .isInstanceOfSatisfying(SMTPSendFailedException.class,
                        e -> assertThat(e.getReturnCode()).isEqualTo(451));

        send("bounce+b@renraku.test", "taro@softbank.ne.jp");
        assertThat(transport.getLastReturnCode()).isEqualTo(250);
    }

    @Test
    void withoutPipeliningAnnouncedEachCommandWaitsForItsReply() throws Exception {
        server = new ScriptedServer(false, List.of(reply("250 ok", "250 ok", "354 go", "250 2.0.0 queued")));
        connect();

        send("bounce+abc@renraku.test", "taro@example.jp");

        assertThat(transport.getLastReturnCode()).isEqualTo(250);
        assertThat(server.answeredTogether()).isEmpty();
    }

    private void connect() throws MessagingException {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(server.port()));
        p.put("mail.smtp.timeout", "5000");
        p.put("mail.smtp.connectiontimeout", "5000");
        transport = new PipeliningSmtpTransport(Session.getInstance(p));
        transport.connect();
    }

    private void send(String envelopeFrom, String to) throws MessagingException {
        transport.sendMessage(PrecomposedMessage.of(Session.getInstance(new Properties()),
                BODY.getBytes(StandardCharsets.US_ASCII), envelopeFrom), new Address[] {new InternetAddress(to)});
    }

    private static Deque<String> reply(String... lines) {
        return new ArrayDeque<>(List.of(lines));
    }

    /**
     * One connection: greeting, EHLO, then per message the next script's replies (MAIL, RCPT, DATA, end of data)
     * in order. With pipelining it holds replies until DATA, RSET, NOOP or QUIT arrives.
     */
    private static final class ScriptedServer implements AutoCloseable {
        private final ServerSocket socket;
        private final boolean pipelining;
        private final Deque<Deque<String>> scripts;
        private final List<String> commands = Collections.synchronizedList(new ArrayList<>());
        private final List<List<String>> together = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;

        ScriptedServer(boolean pipelining, List<Deque<String>> scripts) throws IOException {
            this.socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            this.pipelining = pipelining;
            this.scripts = new ArrayDeque<>(scripts);
            this.thread = new Thread(this::serve, "scripted-smtp");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        List<String> commands() {
            return List.copyOf(commands);
        }

        List<List<String>> answeredTogether() {
            return List.copyOf(together);
        }

        private void serve() {
            try (Socket s = socket.accept();
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                            StandardCharsets.US_ASCII));
                    OutputStream out = s.getOutputStream()) {
                write(out, "220 scripted ESMTP");
                Deque<String> script = null;
                List<String> held = new ArrayList<>();
                List<String> heldVerbs = new ArrayList<>();
                boolean inData = false;
                String line;
                while ((line = in.readLine()) != null) {
                    commands.add(line);
                    if (inData) {
                        if (line.equals(".")) {
                            inData = false;
                            write(out, script.poll());
                        }
                        continue;
                    }
                    String verb = line.split("[ :]", 2)[0].toUpperCase();
                    switch (verb) {
                        case "EHLO" -> write(out, pipelining ? "250-scripted\r\n250-PIPELINING\r\n250 8BITMIME"
                                : "250-scripted\r\n250 8BITMIME");
                        case "MAIL" -> {
                            script = scripts.poll();
                            hold(out, held, heldVerbs, verb, script.poll());
                        }
                        case "RCPT" -> hold(out, held, heldVerbs, verb, script.poll());
                        case "DATA" -> {
                            String r = script.poll();
                            hold(out, held, heldVerbs, verb, r);
                            flush(out, held, heldVerbs);
                            inData = r.startsWith("354");
                        }
                        case "RSET", "NOOP" -> {
                            flush(out, held, heldVerbs);
                            write(out, "250 2.0.0 ok");
                        }
                        case "QUIT" -> {
                            write(out, "221 bye");
                            return;
                        }
                        default -> write(out, "500 5.5.2 what?");
                    }
                }
            } catch (IOException e) {
                // the client went away: the test's assertions tell what was missing
            }
        }

        private void hold(OutputStream out, List<String> held, List<String> verbs, String verb, String reply)
                throws IOException {
            held.add(reply);
            verbs.add(verb);
            if (!pipelining) {
                flush(out, held, verbs);
            }
        }

        private void flush(OutputStream out, List<String> held, List<String> verbs) throws IOException {
            if (held.size() > 1) {
                together.add(List.copyOf(verbs));
            }
            for (String r : held) {
                write(out, r);
            }
            held.clear();
            verbs.clear();
        }

        private static void write(OutputStream out, String reply) throws IOException {
            out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(2000);
        }
    }
}
