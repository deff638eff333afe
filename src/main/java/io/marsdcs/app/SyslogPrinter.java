package io.marsdcs.app;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** Stands in for MARS in the demo: prints every syslog datagram it receives. */
final class SyslogPrinter implements AutoCloseable {
    private final DatagramSocket socket;

    SyslogPrinter(InetSocketAddress listen) throws SocketException {
        socket = new DatagramSocket(listen);
        Thread t = new Thread(this::receive, "mars-printer");
        t.setDaemon(true);
        t.start();
    }

    private void receive() {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                System.out.println("[mars] " + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
