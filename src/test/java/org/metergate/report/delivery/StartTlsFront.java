package org.metergate.report.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * GreenMail speaks SMTP and SMTPS but not STARTTLS. This front does the STARTTLS part of RFC 3207
 * for real (greeting, EHLO advertising STARTTLS, the TLS upgrade of the same socket with the test
 * certificate) and then pipes the upgraded session to GreenMail's plain SMTP port, swallowing
 * GreenMail's greeting, so the client's second EHLO and the mail itself reach GreenMail.
 */
final class StartTlsFront implements AutoCloseable {

    private final ServerSocket server;
    private final SSLContext ssl;
    private final int smtpPort;
    volatile String lastError;

    StartTlsFront(TestCerts certs, int smtpPort) throws Exception {
        KeyStore ks = KeyStore.getInstance(certs.keystore().toFile(), certs.password().toCharArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, certs.password().toCharArray());
        ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        this.smtpPort = smtpPort;
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "starttls-front");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "starttls-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        try (plain) {
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = plain.getOutputStream();
            write(out, "220 starttls-front ESMTP");
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    return;
                }
                String cmd = line.toUpperCase();
                if (cmd.startsWith("EHLO")) {
                    write(out, "250-starttls-front\r\n250 STARTTLS");
                } else if (cmd.startsWith("HELO")) {
                    write(out, "250 starttls-front");
                } else if (cmd.equals("STARTTLS")) {
                    write(out, "220 Ready to start TLS");
                    break;
                } else if (cmd.equals("QUIT")) {
                    write(out, "221 bye");
                    return;
                } else {
                    write(out, "530 Must issue a STARTTLS command first");
                }
            }
            SSLSocket tls = (SSLSocket) ssl.getSocketFactory().createSocket(plain, null, plain.getPort(), false);
            tls.setUseClientMode(false);
            tls.startHandshake();
            try (tls; Socket back = new Socket(InetAddress.getLoopbackAddress(), smtpPort)) {
                InputStream backIn = back.getInputStream();
                // GreenMail's own "220 ..." greeting: the client already had one before STARTTLS
                int c;
                while ((c = backIn.read()) != -1 && c != '\n') {
                    // skip
                }
                Thread up = new Thread(() -> pipe(backIn, tls), "starttls-pipe");
                up.setDaemon(true);
                up.start();
                pipe(tls.getInputStream(), back);
            }
        } catch (IOException e) {
            lastError = e.toString();
        }
    }

    private static void pipe(InputStream from, Socket to) {
        try {
            from.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // the other side closed
        }
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
