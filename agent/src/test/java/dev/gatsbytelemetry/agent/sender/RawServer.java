package dev.gatsbytelemetry.agent.sender;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server that misbehaves: never answers, answers with something that is not HTTP, or
 * resets the connection (RST) once the request starts.
 */
final class RawServer implements AutoCloseable {

    enum Mode { BLACK_HOLE, GARBAGE, RESET }

    private final ServerSocket socket;
    private final Mode mode;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    RawServer(Mode mode) throws IOException {
        this.mode = mode;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "raw-server-" + mode);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1/events");
    }

    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                if (mode == Mode.BLACK_HOLE) {
                    held.add(client); // read nothing, answer nothing
                } else if (mode == Mode.RESET) {
                    Thread t = new Thread(() -> reset(client), "raw-server-reset");
                    t.setDaemon(true);
                    t.start();
                } else {
                    Thread t = new Thread(() -> garbage(client), "raw-server-garbage");
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void garbage(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            client.setSoTimeout(2000);
            byte[] buffer = new byte[8192];
            in.read(buffer); // some of the request
            client.getOutputStream().write("\u0000\u0001SSH-2.0-garbage nonsense\r\n\r\n\u00ff\u00fe"
                    .getBytes(StandardCharsets.ISO_8859_1));
            client.getOutputStream().flush();
        } catch (IOException e) {
            // whatever
        }
    }

    /** Reads the start of the request, then closes with SO_LINGER 0: the client sees "Connection reset". */
    private static void reset(Socket client) {
        try {
            client.setSoTimeout(2000);
            client.getInputStream().read(new byte[8192]);
            client.setSoLinger(true, 0);
            client.close();
        } catch (IOException e) {
            // whatever
        }
    }

    /** A port on which nothing listens (connection refused). */
    static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
