package io.quanyu.plugins.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An SMTP server on 127.0.0.1 that behaves as GreenMail never does: it answers every {@code RCPT TO} with one reply
 * (a refusal), or takes the message and then cuts the connection before answering it, or answers it and then stalls
 * at {@code QUIT} until released. It counts connections and the messages it took.
 */
final class ScriptedSmtpServer implements AutoCloseable {
    /** What happens once the message's data has arrived. */
    enum AfterData {
        /** The connection is cut before the answer: the client cannot know whether the message was taken. */
        CUT,
        /** {@code 250}, then {@code QUIT} gets no answer until {@link #release()}. */
        ACCEPT_THEN_STALL
    }

    private final ServerSocket server;
    private final String recipientReply;
    private final AfterData afterData;
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger messages = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

    /** @param recipientReply the reply to {@code RCPT TO}, for example {@code 550 5.1.1 no such user} */
    static ScriptedSmtpServer refusing(String recipientReply) throws IOException {
        return new ScriptedSmtpServer(recipientReply, AfterData.CUT);
    }

    /** A server that accepts every recipient and then does {@code afterData}. */
    static ScriptedSmtpServer taking(AfterData afterData) throws IOException {
        return new ScriptedSmtpServer("250 2.1.5 OK", afterData);
    }

    private ScriptedSmtpServer(String recipientReply, AfterData afterData) throws IOException {
        this.server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        this.recipientReply = recipientReply;
        this.afterData = afterData;
        Thread thread = new Thread(this::serve, "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    int messages() {
        return messages.get();
    }

    /** Waits until a client is held at {@code QUIT} ({@link AfterData#ACCEPT_THEN_STALL}). */
    boolean awaitStalled() throws InterruptedException {
        return stalled.await(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Lets a client held at {@code QUIT} go. */
    void release() {
        released.countDown();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                connections.incrementAndGet();
                converse(client);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.US_ASCII));
        Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII);
        reply(out, "220 refusing.test ESMTP");
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
            switch (verb) {
                case "EHLO", "HELO" -> reply(out, "250 refusing.test");
                case "MAIL" -> reply(out, "250 2.1.0 OK");
                case "RCPT" -> reply(out, recipientReply);
                case "DATA" -> {
                    reply(out, "354 end with <CRLF>.<CRLF>");
                    for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                        // the message; only its arrival matters here
                    }
                    messages.incrementAndGet();
                    if (afterData == AfterData.CUT) {
                        return;
                    }
                    reply(out, "250 2.0.0 queued");
                }
                case "RSET", "NOOP" -> reply(out, "250 2.0.0 OK");
                case "QUIT" -> {
                    if (afterData == AfterData.ACCEPT_THEN_STALL) {
                        stalled.countDown();
                        try {
                            released.await(30, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    reply(out, "221 2.0.0 bye");
                    return;
                }
                default -> reply(out, "502 5.5.2 not implemented");
            }
        }
    }

    private static void reply(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
