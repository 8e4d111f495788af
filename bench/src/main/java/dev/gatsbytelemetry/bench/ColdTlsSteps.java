package dev.gatsbytelemetry.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * What one HTTPS POST costs a cold JVM, step by step: run once per JVM by {@code bench/cold_tls.sh},
 * which starts the collector and repeats the runs. Prints {@code step micros} lines. Arguments: host,
 * port. Plain JDK sockets and TLS, as any client ends up using them; host name verification is on.
 */
public final class ColdTlsSteps {

    private ColdTlsSteps() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        Clock clock = new Clock();
        InetAddress address = InetAddress.getByName(host);
        clock.lap("resolve");
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(address, port), 5000);
        plain.setSoTimeout(5000);
        clock.lap("connect");
        SSLContext context = SSLContext.getDefault();
        clock.lap("SSLContext.getDefault");
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        clock.lap("createSocket");
        socket.startHandshake();
        clock.lap("handshake");
        byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/events HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] status = new byte[12];
        int read = 0;
        while (read < status.length) {
            int n = in.read(status, read, status.length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        clock.lap("request and status line");
        socket.close();
        String line = new String(status, 0, read, StandardCharsets.ISO_8859_1);
        if (!line.startsWith("HTTP/1.1 200")) {
            throw new IllegalStateException("unexpected answer: " + line);
        }
    }

    private static final class Clock {
        private long last = System.nanoTime();

        void lap(String step) {
            long now = System.nanoTime();
            System.out.println(step + " " + (now - last) / 1000);
            last = now;
        }
    }
}
