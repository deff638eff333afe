package io.marsdcs.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain SMTP client over a real socket, so tests see the exact reply codes the appliance sends. */
public final class SmtpSession implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    public final String greeting;

    public SmtpSession(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
        greeting = reply();
    }

    /** Sends one command line, returns the full (last line of the) reply. */
    public String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return reply();
    }

    /** DATA with dot-stuffing; returns the reply to the final dot. */
    public String data(byte[] message) throws IOException {
        String go = command("DATA");
        if (!go.startsWith("354")) return go;
        String text = new String(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n");
        if (!text.endsWith("\r\n")) text += "\r\n";
        text = text.replace("\r\n.", "\r\n..");
        if (text.startsWith(".")) text = "." + text;
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.write(".\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return reply();
    }

    /** A whole delivery: EHLO, MAIL FROM, RCPT TO, DATA. Returns the reply to the message (or the first refusal). */
    public static String send(int port, String to, byte[] message) throws IOException {
        try (SmtpSession s = new SmtpSession(port)) {
            if (!s.greeting.startsWith("220")) return s.greeting;
            s.command("EHLO test.local");
            String r = s.command("MAIL FROM:<pnadmin@apszone.local>");
            if (!r.startsWith("250")) return r;
            r = s.command("RCPT TO:<" + to + ">");
            if (!r.startsWith("250")) return r;
            r = s.data(message);
            s.command("QUIT");
            return r;
        }
    }

    private String reply() throws IOException {
        String line;
        String last = "";
        while ((line = in.readLine()) != null) {
            last = line;
            if (line.length() < 4 || line.charAt(3) != '-') break;
        }
        return last;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
