package io.marsdcs.intake.pop3;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A POP3 server that holds one mail and hangs up halfway through sending it: the dropped connection, on demand. */
final class FakePop3Server implements AutoCloseable {
    private final ServerSocket socket;
    private final byte[] mail;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    FakePop3Server(byte[] mail) throws IOException {
        this.mail = mail;
        this.socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "fake-pop3");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    List<String> commands() {
        return List.copyOf(commands);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                send(out, "+OK fake POP3 ready");
                String line;
                while ((line = in.readLine()) != null) {
                    commands.add(line);
                    String cmd = line.split(" ")[0].toUpperCase();
                    switch (cmd) {
                        case "CAPA" -> send(out, "+OK\r\nUSER\r\nUIDL\r\n.");
                        case "USER", "PASS", "NOOP", "RSET" -> send(out, "+OK");
                        case "STAT" -> send(out, "+OK 1 " + mail.length);
                        case "LIST" -> send(out, line.contains(" ") ? "+OK 1 " + mail.length : "+OK\r\n1 " + mail.length + "\r\n.");
                        case "UIDL" -> send(out, line.contains(" ") ? "+OK 1 uid-1" : "+OK\r\n1 uid-1\r\n.");
                        case "TOP", "RETR" -> {
                            out.write("+OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
                            out.write(mail, 0, mail.length / 2);   // and then the line goes dead
                            out.flush();
                            s.close();
                        }
                        case "QUIT" -> {
                            send(out, "+OK bye");
                            s.close();
                        }
                        default -> send(out, "-ERR unknown");
                    }
                    if (s.isClosed()) break;
                }
            } catch (IOException e) {
                // a client that went away: wait for the next one
            }
        }
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
